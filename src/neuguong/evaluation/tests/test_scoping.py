"""Who reads which review: staff their subtree, a member their own review and their cell's collective
review (never a peer's), the 27 manifestations only for the person, the secretary and
``evaluation.view_sensitive``; and what reviewers read beside the scores."""

import datetime as dt

import pytest

from neuguong.accounts.permissions import Role
from neuguong.accounts.scoping import NotFound
from neuguong.core.errors import ServiceError
from neuguong.evaluation import selectors, services
from neuguong.evaluation.models import Review, Suggestion
from neuguong.orgs.tests.factories import PersonFactory, UserFactory, grant

from .conftest import review_of, self_assess


def test_a_member_reads_their_own_review_and_their_cell_s_collective_review_only(period, member, secretary, cell,
                                                                                  commune):
    own, peer = review_of(period, member), review_of(period, secretary)
    assert selectors.review_get(member, own.pk) == own
    assert selectors.review_get(member, review_of(period, unit=cell).pk).is_collective
    for hidden in (peer, review_of(period, unit=commune)):
        with pytest.raises(NotFound):
            selectors.review_get(member, hidden.pk)
    assert list(selectors.own_reviews(member)) == [own]


def test_an_outsider_reads_nothing_and_changes_nothing(period, member, outsider):
    review = review_of(period, member)
    with pytest.raises(NotFound):
        selectors.review_get(outsider, review.pk)
    with pytest.raises(NotFound):
        services.suggestion_add(review_id=review.pk, text="Gợi ý", acting_user=outsider)
    assert not Suggestion.objects.exists()
    assert not selectors.reviews_of_period(outsider, period).exists()


def test_a_peer_cannot_fill_in_another_member_s_review(period, member, secretary):
    review = review_of(period, secretary)
    with pytest.raises(NotFound):
        self_assess(member, review, total=80)
    assert Review.objects.get(pk=review.pk).status == "open"


def test_staff_list_the_reviews_of_their_subtree_with_a_bounded_number_of_queries(period, unit_admin,
                                                                                  django_assert_max_num_queries):
    with django_assert_max_num_queries(3):
        rows = list(selectors.reviews_of_period(unit_admin, period))
        names = [row.subject_name for row in rows]
    assert len(rows) == Review.objects.filter(period=period).count() and all(names)


def test_the_manifestations_checked_are_read_by_the_person_the_secretary_and_inspection(period, member, secretary,
                                                                                        commune, leader):
    review = review_of(period, member)
    self_assess(member, review, total=80)
    organiser = UserFactory(username="tochuc_a", person=PersonFactory(full_name="Đỗ Văn Tổ", unit=commune))
    grant(organiser, Role.ORGANISATION_STAFF, commune)
    inspector = UserFactory(username="kiemtra_a", person=PersonFactory(full_name="Lý Thị Soát", unit=commune))
    grant(inspector, Role.INSPECTION_STAFF, commune)
    for reader in (member, secretary, inspector, leader):
        assert selectors.manifestations_visible(reader, review).count() == 27, reader
    assert selectors.review_get(organiser, review.pk) == review
    assert not selectors.manifestations_visible(organiser, review).exists()


def test_reviewers_read_the_study_result_ballots_discipline_and_residents_comments(period, member, unit_admin):
    review = review_of(period, member)
    services.resident_comment_add(review_id=review.pk, source="Chi bộ thôn Đông", text="Gương mẫu ở khu dân cư",
                                  received_on=dt.date.today(), acting_user=unit_admin)
    beside = selectors.beside_scores(selectors.review_get(unit_admin, review.pk))
    assert beside["follow"] is None and beside["ballots"] == [] and beside["discipline"] == []
    assert [comment.source for comment in beside["residents"]] == ["Chi bộ thôn Đông"]
    with pytest.raises(ServiceError):
        services.resident_comment_add(review_id=review.pk, source="", text="", received_on=dt.date.today(),
                                      acting_user=unit_admin)
