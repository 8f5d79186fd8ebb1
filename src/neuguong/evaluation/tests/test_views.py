"""The pages: the member's phone-first self-assessment, the secretary's collective review, the period
with its progress and quota, and a review's detail; denial leaves nothing changed."""

from neuguong.catalogues import selectors as catalogue
from neuguong.evaluation.models import ManifestationCheck, Period, Review, ReviewStatus

from .conftest import client_for, review_of, self_assess, to_classified


def _self_form(review):
    data = {"strengths": "Gương mẫu", "shortcomings": "Còn chậm", "remedies": "", "level": "HTNV"}
    for criterion in review.template.criteria.all():
        data[f"points_{criterion.pk}"] = str(criterion.max_points)
        data[f"comment_{criterion.pk}"] = ""
    for item in catalogue.manifestations():
        data[f"m_{item.pk}"] = "no"
    return data


def test_a_member_fills_in_the_self_assessment_on_its_page(period, member):
    review = review_of(period, member)
    client = client_for(member)
    page = client.get(f"/evaluation/reviews/{review.pk}/self-assessment/")
    assert page.status_code == 200 and "Self-assessment" in page.content.decode()
    response = client.post(f"/evaluation/reviews/{review.pk}/self-assessment/", _self_form(review))
    assert response.status_code == 302
    assert Review.objects.get(pk=review.pk).status == ReviewStatus.SELF_ASSESSED
    assert ManifestationCheck.objects.filter(review=review).count() == 27
    mine = client.get("/evaluation/mine/").content.decode()
    assert period.title in mine


def test_points_over_the_maximum_on_the_page_write_nothing(period, member):
    review = review_of(period, member)
    data = _self_form(review)
    first = review.template.criteria.first()
    data[f"points_{first.pk}"] = str(first.max_points + 1)
    response = client_for(member).post(f"/evaluation/reviews/{review.pk}/self-assessment/", data)
    assert response.status_code == 422
    assert Review.objects.get(pk=review.pk).status == ReviewStatus.OPEN


def test_a_peer_gets_the_same_404_as_for_a_missing_review(period, member, secretary):
    review = review_of(period, secretary)
    client = client_for(member)
    assert client.get(f"/evaluation/reviews/{review.pk}/").status_code == 404
    assert client.post(f"/evaluation/reviews/{review.pk}/self-assessment/", _self_form(review)).status_code == 404
    assert client.get("/evaluation/reviews/999999/").status_code == 404
    assert Review.objects.get(pk=review.pk).status == ReviewStatus.OPEN


def test_the_secretary_records_the_collective_review(period, member, secretary):
    review = review_of(period, member)
    self_assess(member, review, total=80)
    client = client_for(secretary)
    response = client.post(f"/evaluation/reviews/{review.pk}/collective-review/", {
        "comments": "Chi bộ nhất trí", "members_present": 4, "votes_HTXSNV": 0, "votes_HTTNV": 0, "votes_HTNV": 3,
        "votes_KHTNV": 0})
    assert response.status_code == 302
    assert Review.objects.get(pk=review.pk).collective_level == "HTNV"


def test_the_period_page_shows_progress_and_the_groups_over_quota(period, member, secretary, leader, unit_admin,
                                                                  django_assert_max_num_queries):
    review = to_classified(review_of(period, member), subject=member, secretary=secretary, leader=leader,
                           unit_admin=unit_admin, total=95, tasks_kwargs={"count": 10, "exceeding": 3})
    client = client_for(unit_admin)
    client.get(f"/evaluation/periods/{period.pk}/")
    with django_assert_max_num_queries(30):
        page = client.get(f"/evaluation/periods/{period.pk}/").content.decode()
    assert "1 over" in page and member.person.full_name in page
    detail = client.get(f"/evaluation/reviews/{review.pk}/").content.decode()
    assert "Beside the scores" in detail and "Approve the classification" in detail
    assert "Manifestations shown" in detail  # a unit administrator holds evaluation.view_sensitive


def test_an_outsider_sees_neither_the_period_nor_its_reviews(period, member, outsider):
    client = client_for(outsider)
    assert client.get(f"/evaluation/periods/{period.pk}/").status_code == 404
    assert client.get(f"/evaluation/reviews/{review_of(period, member).pk}/").status_code == 404
    assert period.title not in client.get("/evaluation/").content.decode()


def test_the_period_s_reviews_and_quota_download_as_excel(period, member, unit_admin):
    client = client_for(unit_admin)
    for asked in ("reviews", "quota"):
        response = client.get(f"/evaluation/periods/{period.pk}/?export={asked}")
        assert response.status_code == 200 and response.content.startswith(b"PK")
        assert "attachment" in response["Content-Disposition"]


def test_staff_create_and_open_a_period_on_its_pages(unit_admin, commune, member, loaded):
    client = client_for(unit_admin)
    assert client.get("/evaluation/periods/new/").status_code == 200
    response = client.post("/evaluation/periods/new/", {
        "unit": commune.pk, "kind": "yearly", "year": 2026, "title": "Kiểm điểm năm 2026", "opens_on": "01/12/2026",
        "closes_on": "31/12/2026", "appeal_days": ""})
    assert response.status_code == 302, response.content.decode()[:2000]
    period = Period.objects.get()
    assert (period.appeal_days, period.status) == (30, "draft")
    assert client.post(f"/evaluation/periods/{period.pk}/open/").status_code == 302
    assert Period.objects.get().status == "open" and Period.objects.get().job_id is not None


def test_a_member_cannot_create_a_period(member, commune, loaded):
    response = client_for(member).post("/evaluation/periods/new/", {"unit": commune.pk, "kind": "yearly"})
    assert response.status_code == 403 and not Period.objects.exists()


def test_the_one_button_steps_work_from_the_review_page(period, member, secretary, leader, unit_admin):
    review = to_classified(review_of(period, member), subject=member, secretary=secretary, leader=leader,
                           unit_admin=unit_admin, total=80)
    assert client_for(leader).post(f"/evaluation/reviews/{review.pk}/approve/").status_code == 302
    assert client_for(unit_admin).post(f"/evaluation/reviews/{review.pk}/notify/").status_code == 302
    client = client_for(member)
    assert client.post(f"/evaluation/reviews/{review.pk}/appeal/", {"grounds": ""}).status_code == 422
    assert client.post(f"/evaluation/reviews/{review.pk}/appeal/", {"grounds": "Xin xem lại"}).status_code == 302
    assert Review.objects.get(pk=review.pk).status == ReviewStatus.APPEALED


def test_a_member_lists_their_tasks_on_its_page_and_the_shares_follow(period, member, outsider):
    review = review_of(period, member)
    client = client_for(member)
    assert client.get(f"/evaluation/reviews/{review.pk}/tasks/").status_code == 200
    data = {"form-TOTAL_FORMS": "3", "form-INITIAL_FORMS": "0", "form-MIN_NUM_FORMS": "0", "form-MAX_NUM_FORMS": "200",
            "form-0-title": "Báo cáo quý", "form-0-weight": "2", "form-0-due_on": "01/11/2026",
            "form-0-done_on": "30/10/2026", "form-0-exceeded": "on",
            "form-1-title": "Kèm cặp đảng viên trẻ", "form-1-weight": "1", "form-1-due_on": "01/11/2026"}
    assert client.post(f"/evaluation/reviews/{review.pk}/tasks/", data).status_code == 302
    assert review.tasks.count() == 2
    page = client.get(f"/evaluation/reviews/{review.pk}/").content.decode()
    assert "On time: 66.67 %" in page
    assert client_for(outsider).post(f"/evaluation/reviews/{review.pk}/tasks/", data).status_code == 404
    assert review.tasks.count() == 2


def test_the_staff_suggest_points_to_review_on_the_review_page_before_the_self_assessment(period, member,
                                                                                       unit_admin, outsider):
    review = review_of(period, member)
    staff = client_for(unit_admin)
    page = staff.get(f"/evaluation/reviews/{review.pk}/").content.decode()
    assert f"/evaluation/reviews/{review.pk}/suggestion/" in page and "No suggestion given." in page
    assert staff.post(f"/evaluation/reviews/{review.pk}/suggestion/", {"text": ""}).status_code == 422
    assert client_for(outsider).post(f"/evaluation/reviews/{review.pk}/suggestion/",
                                     {"text": "Gợi ý"}).status_code == 404
    assert not review.suggestions.exists()
    response = staff.post(f"/evaluation/reviews/{review.pk}/suggestion/", {"text": "Làm rõ việc chậm nộp báo cáo"})
    assert response.status_code == 302
    assert list(review.suggestions.values_list("text", flat=True)) == ["Làm rõ việc chậm nộp báo cáo"]
    # The person reads it on the review and on the self-assessment; no one may suggest to them.
    mine = client_for(member)
    page = mine.get(f"/evaluation/reviews/{review.pk}/").content.decode()
    assert "Làm rõ việc chậm nộp báo cáo" in page and "/suggestion/" not in page
    form = mine.get(f"/evaluation/reviews/{review.pk}/self-assessment/").content.decode()
    assert "Làm rõ việc chậm nộp báo cáo" in form
    assert mine.post(f"/evaluation/reviews/{review.pk}/suggestion/", {"text": "Tự gợi ý"}).status_code == 403
    # After the self-assessment the button is gone and a late suggestion is refused with its message.
    self_assess(member, review, total=80)
    assert "/suggestion/" not in staff.get(f"/evaluation/reviews/{review.pk}/").content.decode()
    late = staff.post(f"/evaluation/reviews/{review.pk}/suggestion/", {"text": "Muộn"})
    assert late.status_code == 422 and "Suggestions are given before the self-assessment." in late.content.decode()
    assert review.suggestions.count() == 1


def test_the_directive_05_criterion_shows_the_study_module_s_assessment_to_the_person_and_the_superior(
        period, member, secretary, leader, cell):
    import datetime as dt

    from neuguong.study.models import FollowLevel, Registration, RegistrationStatus

    review = review_of(period, member)
    form_url = f"/evaluation/reviews/{review.pk}/self-assessment/"
    assert "Directive 05: no registration to follow assessed this year." in client_for(member).get(
        form_url).content.decode()
    Registration.objects.create(person=member.person, cell=cell, year=period.year, status=RegistrationStatus.ASSESSED,
                                level=FollowLevel.GOOD, assessed_on=dt.date(period.year, 12, 10))
    expected = f"Directive 05: registration to follow assessed “Well fulfilled” on 10/12/{period.year}."
    page = client_for(member).get(form_url).content.decode()
    assert page.count(expected) == 1  # at the one criterion filled from it
    self_assess(member, review, total=80)
    client_for(secretary).post(f"/evaluation/reviews/{review.pk}/collective-review/", {
        "comments": "Chi bộ nhất trí", "members_present": 4, "votes_HTXSNV": 0, "votes_HTTNV": 0, "votes_HTNV": 3,
        "votes_KHTNV": 0})
    superior = client_for(leader).get(f"/evaluation/reviews/{review.pk}/superior-assessment/").content.decode()
    assert expected in superior
