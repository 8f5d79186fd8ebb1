"""The Standing Committee member who follows a unit (step 5 of the review): reads the reviews of the
unit's cadres managed by a Standing Committee, with what reviewers read beside the scores, and comments
on them between the collective review and the approval; nobody else comments, nothing else is read."""

import datetime as dt

import pytest

from neuguong.accounts.permissions import Role
from neuguong.accounts.scoping import NotFound
from neuguong.audit.models import AuditEvent
from neuguong.core.actors import SYSTEM
from neuguong.core.errors import ServiceError
from neuguong.evaluation import selectors, services
from neuguong.evaluation.models import FollowerComment
from neuguong.orgs import services as org_services
from neuguong.orgs.models import ManagementLevel
from neuguong.orgs.tests.factories import PersonFactory, PostFactory, UserFactory, grant

from .conftest import client_for, review_of, self_assess

TODAY = dt.date.today()


@pytest.fixture
def follower(province, sibling, commune, loaded):
    """A member of the province's Standing Committee, leader of commune B, who follows commune A."""
    person = PersonFactory(full_name="Ngô Văn Phụ Trách", unit=province)
    PostFactory(person=person, unit=province, title="Ủy viên Ban Thường vụ Tỉnh ủy",
                management_level=ManagementLevel.PROVINCE_STANDING, is_standing_committee=True,
                started_on=dt.date(2021, 1, 4))
    org_services.follow_assign(person_id=person.pk, unit_id=commune.pk, started_on=dt.date(2021, 1, 4),
                               acting_user=SYSTEM)
    user = UserFactory(username="phutrach", person=person)
    grant(user, Role.LEADER, sibling)
    return user


@pytest.fixture
def managed_review(period, member, secretary, cell):
    """The member holds a post managed by the province's Standing Committee; the cell has reviewed them."""
    PostFactory(person=member.person, unit=cell, title="Phó Chủ tịch Ủy ban nhân dân xã",
                management_level=ManagementLevel.PROVINCE_STANDING, started_on=dt.date(2022, 1, 1))
    review = review_of(period, member)
    self_assess(member, review, total=85, level="HTNV")
    services.collective_review(review_id=review.pk, comments="Chi bộ nhất trí", votes={"HTNV": 3},
                               members_present=4, acting_user=secretary)
    return review


def test_the_follower_reads_and_comments_on_a_managed_cadres_review(follower, managed_review, leader):
    assert selectors.review_get(follower, managed_review.pk).pk == managed_review.pk
    assert [r.pk for r in selectors.followed_reviews(follower, limit=10)] == [managed_review.pk]
    comment = services.follower_comment_add(review_id=managed_review.pk, text="Đề nghị làm rõ việc chậm tiến độ",
                                            acting_user=follower)
    assert (comment.author, comment.given_on) == ("Ngô Văn Phụ Trách", TODAY)
    event = AuditEvent.objects.get(action="evaluation_review.follower_commented")
    assert event.object_id == str(managed_review.pk)
    # The reviewers read it beside the scores, like the follower.
    for reader in (follower, leader):
        page = client_for(reader).get(f"/evaluation/reviews/{managed_review.pk}/")
        assert page.status_code == 200
        assert "Đề nghị làm rõ việc chậm tiến độ" in page.content.decode()
    assert 'data-action="follower-comment"' in client_for(follower).get(
        f"/evaluation/reviews/{managed_review.pk}/").content.decode()


def test_the_person_reviewed_reads_no_follower_comment(follower, managed_review, member):
    services.follower_comment_add(review_id=managed_review.pk, text="Nhận xét kín của người phụ trách",
                                  acting_user=follower)
    page = client_for(member).get(f"/evaluation/reviews/{managed_review.pk}/")
    assert page.status_code == 200 and "Nhận xét kín của người phụ trách" not in page.content.decode()
    with pytest.raises(NotFound):
        selectors.follower_comments(member, managed_review.pk)


def test_a_cadre_not_managed_by_a_standing_committee_is_not_the_followers(follower, period, secretary):
    review = review_of(period, secretary)
    with pytest.raises(NotFound):
        selectors.review_get(follower, review.pk)
    with pytest.raises(NotFound):
        services.follower_comment_add(review_id=review.pk, text="Nhận xét", acting_user=follower)
    assert client_for(follower).get(f"/evaluation/reviews/{review.pk}/follower-comment/").status_code == 404
    assert not FollowerComment.objects.exists()


def test_a_leader_who_does_not_follow_the_unit_cannot_comment(managed_review, leader, outsider):
    for user in (leader, outsider):
        with pytest.raises((NotFound, ServiceError)):
            services.follower_comment_add(review_id=managed_review.pk, text="Nhận xét", acting_user=user)
    assert client_for(leader).get(f"/evaluation/reviews/{managed_review.pk}/follower-comment/").status_code == 404
    assert not FollowerComment.objects.exists()


def test_an_ended_follow_assignment_gives_no_access(follower, managed_review):
    assignment = follower.person.follow_assignments.get()
    org_services.follow_end(assignment_id=assignment.pk, ended_on=TODAY, acting_user=SYSTEM)
    with pytest.raises(NotFound):
        selectors.review_get(follower, managed_review.pk)
    assert selectors.followed_reviews(follower, limit=10) == []


def test_the_follower_comments_only_after_the_collective_review_and_before_the_approval(follower, period, member,
                                                                                         cell):
    PostFactory(person=member.person, unit=cell, title="Phó Chủ tịch Ủy ban nhân dân xã",
                management_level=ManagementLevel.SUBORDINATE_STANDING, started_on=dt.date(2022, 1, 1))
    review = review_of(period, member)
    with pytest.raises(ServiceError) as error:
        services.follower_comment_add(review_id=review.pk, text="Sớm quá", acting_user=follower)
    assert error.value.field_errors == {
        "text": ["The follower comments once the collective has reviewed, before the approval."]}
    assert not FollowerComment.objects.exists()
    assert not AuditEvent.objects.filter(action="evaluation_review.follower_commented").exists()


def test_an_empty_comment_is_refused_with_a_message(follower, managed_review):
    response = client_for(follower).post(f"/evaluation/reviews/{managed_review.pk}/follower-comment/",
                                         {"text": "   "})
    assert response.status_code == 422 and "This field is required." in response.content.decode()
    assert not FollowerComment.objects.exists()


def test_the_page_records_the_comment_and_my_reviews_lists_the_review(follower, managed_review):
    client = client_for(follower)
    mine = client.get("/evaluation/mine/").content.decode()
    assert f'/evaluation/reviews/{managed_review.pk}/' in mine and 'data-testid="to-comment"' in mine
    response = client.post(f"/evaluation/reviews/{managed_review.pk}/follower-comment/",
                           {"text": "Cần gương mẫu hơn ở nơi cư trú"})
    assert response.status_code == 302
    assert FollowerComment.objects.get().text == "Cần gương mẫu hơn ở nơi cư trú"


def test_the_api_records_and_lists_the_followers_comments(follower, managed_review, outsider):
    client = client_for(follower)
    url = f"/api/v1/evaluation-reviews/{managed_review.pk}/follower-comments"
    created = client.post(url, {"text": "Nhận xét qua API"}, content_type="application/json")
    assert created.status_code == 201 and created.json()["author"] == "Ngô Văn Phụ Trách"
    assert [c["text"] for c in client.get(url).json()] == ["Nhận xét qua API"]
    assert client_for(outsider).get(url).status_code == 404
    assert client_for(outsider).post(url, {"text": "x"}, content_type="application/json").status_code == 404
    assert FollowerComment.objects.count() == 1
