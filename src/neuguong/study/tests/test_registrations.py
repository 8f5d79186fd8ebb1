"""Registrations to follow, quarterly self-reports, the cell's assessment and the exemplary pledges:
services, selectors, pages and API, in the words of the domain. The day is set by ``today`` (a
fixture moving ``timezone.localdate``), so every rule on dates is checked on a known date."""

import datetime as dt
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from neuguong.accounts.permissions import Role
from neuguong.accounts.scoping import NotFound
from neuguong.audit.models import AuditEvent
from neuguong.core.errors import PermissionDeniedError, ServiceError
from neuguong.core.lifecycle import TransitionRefused, history_of
from neuguong.orgs.tests.factories import MembershipFactory, PersonFactory, PostFactory, UserFactory, grant
from neuguong.study import selectors, services
from neuguong.study.models import Pledge, PledgeFollowUp, QuarterReport, Registration, RegistrationItem

from .conftest import client_for

YEAR = 2026
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 30
THINGS = [{"content": "Giữ gìn vệ sinh đường thôn mỗi tuần", "expected_result": "Đường thôn sạch, 52 buổi"},
          {"content": "Kèm cặp một đảng viên trẻ", "expected_result": "Đảng viên trẻ hoàn thành tốt nhiệm vụ"}]


@pytest.fixture
def today(monkeypatch):
    """Set the day: ``today(dt.date(...))``; 15/05 of YEAR to begin with (quarter 2)."""
    real = timezone.localdate

    def set_day(day: dt.date) -> dt.date:
        monkeypatch.setattr(timezone, "localdate", lambda value=None, tz=None: day if value is None
                            else real(value, tz) if tz else real(value))
        return day

    set_day(dt.date(YEAR, 5, 15))
    return set_day


@pytest.fixture
def draft(member, today):
    return services.registration_create(year=YEAR, items=THINGS, acting_user=member)


@pytest.fixture
def registered(draft, member):
    return services.registration_register(registration_id=draft.pk, acting_user=member)


@pytest.fixture
def cell_secretary(cell):
    """The cell's committee: a leader's grant on the cell (study.approve)."""
    user = UserFactory(username="bithu_chibo", person=PersonFactory(full_name="Đỗ Văn Thư", unit=cell))
    grant(user, Role.LEADER, cell)
    return user


def snapshot():
    return (list(Registration.objects.values()), list(RegistrationItem.objects.values()),
            list(QuarterReport.objects.values()), AuditEvent.objects.count())


# --- Registrations -------------------------------------------------------------------------------


def test_a_member_registers_things_to_follow_and_reports_a_quarter_with_a_photo(registered, member):
    report = services.quarter_report_add(registration_id=registered.pk, quarter=2, text="Đã làm 10 buổi",
                                         upload=SimpleUploadedFile("anh.png", PNG), acting_user=member)
    registered.refresh_from_db()
    assert registered.status == "registered" and registered.registered_on == dt.date(YEAR, 5, 15)
    assert [i.content for i in registered.items.all()] == [t["content"] for t in THINGS]
    assert report.content_type == "image/png" and report.quarter == 2
    assert [c.transition for c in history_of(registered)] == ["register"]
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"study_registration.created", "study_registration.registered", "study_registration.reported"} <= actions
    assert selectors.missing_quarters(selectors.registration_get(member, registered.pk)) == [1]


def test_a_report_for_a_quarter_not_yet_begun_is_refused_and_nothing_is_written(registered, member):
    before = snapshot()
    with pytest.raises(ServiceError) as refused:
        services.quarter_report_add(registration_id=registered.pk, quarter=3, text="Sớm", acting_user=member)
    assert "01/07/2026" in refused.value.message
    assert snapshot() == before


def test_a_quarter_is_reported_once(registered, member):
    services.quarter_report_add(registration_id=registered.pk, quarter=1, text="Quý 1", acting_user=member)
    before = snapshot()
    with pytest.raises(ServiceError, match="already been reported"):
        services.quarter_report_add(registration_id=registered.pk, quarter=1, text="Lần hai", acting_user=member)
    assert snapshot() == before


def test_an_evidence_file_that_is_not_what_its_name_says_is_refused_and_nothing_is_written(registered, member):
    before = snapshot()
    with pytest.raises(ServiceError, match="not a PDF, DOCX, JPEG or PNG"):
        services.quarter_report_add(registration_id=registered.pk, quarter=2, text="Có ảnh", acting_user=member,
                                    upload=SimpleUploadedFile("anh.png", b"MZ\x90\x00 an executable"))
    with pytest.raises(ServiceError):
        services.quarter_report_add(registration_id=registered.pk, quarter=2, text="Có ảnh", acting_user=member,
                                    upload=SimpleUploadedFile("bao-cao.pdf", PNG))
    assert snapshot() == before


def test_a_closed_year_takes_no_registration_nor_report(registered, member, today, cell):
    today(dt.date(YEAR + 1, 2, 1))  # 2026 closed after 31/01/2027
    other = UserFactory(username="dv_khac", person=PersonFactory(full_name="Lý Thị Muộn", unit=cell))
    MembershipFactory(person=other.person, cell=cell)
    grant(other, Role.PARTY_MEMBER, cell)
    before = snapshot()
    with pytest.raises(ServiceError) as refused:
        services.registration_create(year=YEAR, items=THINGS, acting_user=other)
    assert refused.value.code == "year_closed" and "31/01/2027" in refused.value.message
    with pytest.raises(ServiceError) as refused:
        services.quarter_report_add(registration_id=registered.pk, quarter=4, text="Muộn", acting_user=member)
    assert refused.value.code == "year_closed"
    assert snapshot() == before


def test_a_closed_year_takes_no_change_to_a_draft_nor_its_registering(draft, member, today):
    today(dt.date(YEAR + 1, 2, 1))
    before = snapshot()
    with pytest.raises(ServiceError) as refused:
        services.registration_update(registration_id=draft.pk, items=THINGS[:1], acting_user=member)
    assert refused.value.code == "year_closed" and "31/01/2027" in refused.value.message
    with pytest.raises(TransitionRefused, match="31/01/2027"):
        services.registration_register(registration_id=draft.pk, acting_user=member)
    assert snapshot() == before


def test_the_quarter_four_report_is_still_taken_in_january(registered, member, today):
    today(dt.date(YEAR + 1, 1, 20))
    assert services.quarter_report_add(registration_id=registered.pk, quarter=4, text="Quý 4",
                                       acting_user=member).quarter == 4


def test_a_registration_needs_one_thing_with_its_expected_result(member, today):
    with pytest.raises(ServiceError) as refused:
        services.registration_create(year=YEAR, items=[{"content": "Chỉ có nội dung", "expected_result": ""}],
                                     acting_user=member)
    assert "expected_result_1" in refused.value.field_errors
    with pytest.raises(ServiceError):
        services.registration_create(year=YEAR, items=[], acting_user=member)
    assert not Registration.objects.exists()


def test_one_registration_per_member_and_year(draft, member):
    with pytest.raises(ServiceError, match="already registered"):
        services.registration_create(year=YEAR, items=THINGS, acting_user=member)
    assert Registration.objects.count() == 1


def test_the_cell_enters_a_paper_registration_for_a_member_without_an_account(cell, unit_admin, leader, today):
    paper = PersonFactory(full_name="Cao Thị Giấy", unit=cell)
    MembershipFactory(person=paper, cell=cell)
    entered = services.registration_create(year=YEAR, items=THINGS, person_id=paper.pk, acting_user=unit_admin)
    services.registration_register(registration_id=entered.pk, acting_user=unit_admin)
    assert services.quarter_report_add(registration_id=entered.pk, quarter=1, text="Theo phiếu giấy",
                                       acting_user=unit_admin).registration.person == paper
    with pytest.raises(ServiceError):
        services.registration_create(year=YEAR + 1, items=THINGS, person_id=paper.pk, acting_user=leader)
    assert Registration.objects.count() == 1


def test_someone_who_is_not_a_party_member_cannot_register(unit_admin, today):
    with pytest.raises(ServiceError) as refused:
        services.registration_create(year=YEAR, items=THINGS, acting_user=unit_admin)
    assert refused.value.code == "not_a_member"
    assert not Registration.objects.exists()


def test_another_person_cannot_register_or_report_on_a_members_registration(draft, registered, leader, outsider):
    before = snapshot()
    for user, refusal in ((leader, PermissionDeniedError), (outsider, NotFound)):
        with pytest.raises(refusal):
            services.quarter_report_add(registration_id=registered.pk, quarter=1, text="x", acting_user=user)
        with pytest.raises(refusal):
            services.registration_update(registration_id=registered.pk, items=THINGS, acting_user=user)
    assert snapshot() == before


def test_a_registered_registration_no_longer_changes(registered, member):
    before = snapshot()
    with pytest.raises(ServiceError, match="Only a draft"):
        services.registration_update(registration_id=registered.pk, items=THINGS[:1], acting_user=member)
    assert snapshot() == before


def test_the_cell_assesses_from_december_and_the_evaluation_reads_the_figure(registered, cell_secretary, member,
                                                                              today):
    before = snapshot()
    with pytest.raises(TransitionRefused, match="01/12/2026"):
        services.registration_assess(registration_id=registered.pk, level="good", acting_user=cell_secretary)
    assert snapshot() == before
    today(dt.date(YEAR, 12, 3))
    services.registration_assess(registration_id=registered.pk, level="excellent", comment="Gương mẫu",
                                 acting_user=cell_secretary)
    result = selectors.follow_result(member.person, YEAR)
    assert result is not None and (result.level, result.rank, result.assessed_on) == ("excellent", 3,
                                                                                      dt.date(YEAR, 12, 3))
    assert str(result.label) == "Excellently fulfilled"
    assert selectors.follow_result(member.person, YEAR - 1) is None
    with pytest.raises(ServiceError):
        services.quarter_report_add(registration_id=registered.pk, quarter=4, text="Sau", acting_user=member)


def test_a_member_cannot_assess_and_a_committee_member_not_their_own(registered, member, cell_secretary, cell, today):
    today(dt.date(YEAR, 12, 3))
    with pytest.raises(PermissionDeniedError):
        services.registration_assess(registration_id=registered.pk, level="good", acting_user=member)
    MembershipFactory(person=cell_secretary.person, cell=cell)
    own = services.registration_create(year=YEAR, items=THINGS, acting_user=cell_secretary)
    services.registration_register(registration_id=own.pk, acting_user=cell_secretary)
    before = snapshot()
    with pytest.raises(TransitionRefused, match="other members"):
        services.registration_assess(registration_id=own.pk, level="excellent", acting_user=cell_secretary)
    assert snapshot() == before


def test_an_unknown_level_is_refused(registered, cell_secretary, today):
    today(dt.date(YEAR, 12, 3))
    with pytest.raises(ServiceError, match="assessment level"):
        services.registration_assess(registration_id=registered.pk, level="best", acting_user=cell_secretary)
    registered.refresh_from_db()
    assert registered.status == "registered" and registered.level == ""


def test_follow_results_for_many_people_take_one_query(registered, cell_secretary, member, today,
                                                       django_assert_num_queries):
    today(dt.date(YEAR, 12, 3))
    services.registration_assess(registration_id=registered.pk, level="fulfilled", acting_user=cell_secretary)
    with django_assert_num_queries(1):
        results = selectors.follow_results([member.person, cell_secretary.person_id], YEAR)
    assert list(results) == [member.person_id] and results[member.person_id].rank == 1


def test_registrations_are_scoped(registered, unit_admin, outsider):
    assert list(selectors.registrations_visible_to(unit_admin)) == [registered]
    assert not selectors.registrations_visible_to(outsider).exists()
    with pytest.raises(NotFound):
        selectors.registration_get(outsider, registered.pk)


# --- Pages ---------------------------------------------------------------------------------------


def test_a_member_registers_and_reports_through_the_pages(member, today):
    client = client_for(member)
    form = {"year": YEAR, "theme": "", "content_1": "Tham gia dọn vệ sinh", "expected_result_1": "Mỗi tháng 2 lần"}
    response = client.post("/study/registrations/new/", form)
    registration = Registration.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/study/registrations/{registration.pk}/"
    assert client.post(f"/study/registrations/{registration.pk}/register/").status_code == 302
    page = client.get("/study/me/").content.decode()
    assert "Quarter 1, Quarter 2" in page
    response = client.post(f"/study/registrations/{registration.pk}/reports/new/",
                           {"quarter": 2, "text": "Đã dọn 4 lần", "file": SimpleUploadedFile("a.png", PNG)})
    assert response.status_code == 302
    assert QuarterReport.objects.get().original_name == "a.png"


def test_the_report_form_shows_a_wrong_file_and_writes_nothing(registered, member):
    response = client_for(member).post(f"/study/registrations/{registered.pk}/reports/new/",
                                       {"quarter": 2, "text": "x", "file": SimpleUploadedFile("a.jpg", b"GIF89a")})
    assert response.status_code == 422 and "not a PDF, DOCX, JPEG or PNG" in response.content.decode()
    assert not QuarterReport.objects.exists()


def test_an_outsider_gets_404_for_a_registration_page(registered, outsider_client):
    assert outsider_client.get(f"/study/registrations/{registered.pk}/").status_code == 404
    assert outsider_client.post(f"/study/registrations/{registered.pk}/reports/new/",
                                {"quarter": 1, "text": "x"}).status_code == 404
    assert not QuarterReport.objects.exists()


def test_the_registration_list_filters_and_downloads(registered, admin_client_a, django_assert_max_num_queries):
    with django_assert_max_num_queries(12):
        page = admin_client_a.get("/study/registrations/?year=2026&status=registered")
    assert registered.person.full_name in page.content.decode()
    assert "Phạm Thị Hoa" not in admin_client_a.get("/study/registrations/?status=assessed").content.decode()
    download = admin_client_a.get("/study/registrations/?year=2026&export=xlsx")
    assert download.status_code == 200 and download["Content-Type"].startswith("application/vnd.openxmlformats")


def test_the_member_page_shows_what_is_due_in_few_queries(registered, member, django_assert_max_num_queries):
    client = client_for(member)
    with django_assert_max_num_queries(14):
        page = client.get("/study/me/")
    assert page.status_code == 200 and 'data-testid="due"' in page.content.decode()


def test_the_member_page_offers_to_register_only_to_a_party_member(member, unit_admin, today):
    assert 'data-action="register"' in client_for(member).get("/study/me/").content.decode()
    page = client_for(unit_admin).get("/study/me/").content.decode()
    assert 'data-action="register"' not in page and "You have not registered anything" in page


def test_the_committee_sees_the_assessments_due_on_its_home_page_from_december(registered, cell_secretary, today):
    client = client_for(cell_secretary)
    assert "registrations to follow to assess" not in client.get("/").content.decode()
    today(dt.date(YEAR, 12, 2))
    assert "1 registrations to follow to assess for 2026" in client.get("/").content.decode()


def test_the_home_page_lists_the_members_report_due(registered, member):
    page = client_for(member).get("/").content.decode()
    assert "Report on quarter 1 of your registration to follow (2026)" in page


# --- API -----------------------------------------------------------------------------------------


def _api(user):
    client = client_for(user)
    return lambda method, path, body=None: getattr(client, method)(
        f"/api/v1{path}", data=json.dumps(body) if body is not None else None, content_type="application/json")


def test_a_member_registers_and_reports_through_the_api(member, today):
    call = _api(member)
    created = call("post", "/study-registrations", {"year": YEAR, "items": THINGS})
    assert created.status_code == 201, created.content
    pk = created.json()["id"]
    assert created.json()["allowed_actions"] == ["register"]
    assert call("post", f"/study-registrations/{pk}/register").json()["status"] == "registered"
    assert call("post", f"/study-registrations/{pk}/reports", {"quarter": 2, "text": "Đã làm"}).status_code == 201
    refused = call("post", f"/study-registrations/{pk}/reports", {"quarter": 4, "text": "Sớm"})
    assert refused.status_code in (400, 422) and QuarterReport.objects.count() == 1


def test_an_outsider_gets_404_from_the_api_and_changes_nothing(registered, outsider, cell_secretary, today):
    today(dt.date(YEAR, 12, 3))
    before = snapshot()
    call = _api(outsider)
    assert call("get", f"/study-registrations/{registered.pk}").status_code == 404
    assert call("post", f"/study-registrations/{registered.pk}/assess", {"level": "good"}).status_code == 404
    assert registered.person.full_name not in call("get", "/study-registrations").content.decode()
    assert snapshot() == before


# --- Pledges -------------------------------------------------------------------------------------


@pytest.fixture
def chairman(commune):
    """The commune's party secretary, with an account (a leader of the commune)."""
    user = UserFactory(username="bithu_xa", person=PersonFactory(full_name="Hồ Văn Chủ", unit=commune))
    grant(user, Role.LEADER, commune)
    post = PostFactory(person=user.person, unit=commune, title="Bí thư Đảng ủy xã")
    return user, post


@pytest.fixture
def pledge(chairman, today):
    user, post = chairman
    pledge = services.pledge_create(post_id=post.pk, year=YEAR, items=["Gương mẫu tiếp dân", "Không vi phạm"],
                                    acting_user=user)
    return services.pledge_pledge(pledge_id=pledge.pk, acting_user=user)


def pledge_snapshot():
    return list(Pledge.objects.values()), list(PledgeFollowUp.objects.values()), AuditEvent.objects.count()


def test_a_post_holder_pledges_and_the_unit_publishes_follows_up_and_assesses(pledge, unit_admin, leader, commune,
                                                                              member, today):
    services.pledge_publish(pledge_id=pledge.pk, published=True, acting_user=unit_admin)
    assert [p.pk for p in selectors.published_pledges(member, commune)] == [pledge.pk]
    today(dt.date(YEAR, 6, 10))
    services.pledge_follow_up(pledge_id=pledge.pk, kind="mid_year", text="Đã tiếp dân định kỳ", acting_user=unit_admin)
    today(dt.date(YEAR, 12, 10))
    assessed = services.pledge_assess(pledge_id=pledge.pk, level="good", comment="Tốt", acting_user=leader)
    assert (assessed.status, assessed.level) == ("assessed", "good")
    assert [c.transition for c in history_of(assessed)] == ["pledge", "publish", "assess"]


def test_a_draft_pledge_is_not_published(chairman, unit_admin, today):
    user, post = chairman
    draft = services.pledge_create(post_id=post.pk, year=YEAR, items=["Gương mẫu"], acting_user=user)
    before = pledge_snapshot()
    with pytest.raises(ServiceError, match="draft pledge is not published"):
        services.pledge_publish(pledge_id=draft.pk, published=True, acting_user=unit_admin)
    assert pledge_snapshot() == before


def test_a_closed_year_takes_no_pledge_change_nor_follow_up(pledge, chairman, unit_admin, commune, today):
    holder = PostFactory(person=PersonFactory(full_name="Lê Thị Phó", unit=commune), unit=commune,
                         title="Phó Bí thư Đảng ủy xã")
    draft = services.pledge_create(post_id=holder.pk, year=YEAR, items=["Gương mẫu"], acting_user=unit_admin)
    other = PostFactory(person=PersonFactory(full_name="Trần Văn Muộn", unit=commune), unit=commune,
                        title="Chủ tịch UBND xã")
    today(dt.date(YEAR + 1, 2, 1))  # the year closed after 31/01
    before = pledge_snapshot()
    attempts = [
        lambda: services.pledge_create(post_id=other.pk, year=YEAR, items=["Muộn"], acting_user=unit_admin),
        lambda: services.pledge_update(pledge_id=draft.pk, items=["Sửa"], acting_user=unit_admin),
        lambda: services.pledge_follow_up(pledge_id=pledge.pk, kind="year_end", text="Muộn", acting_user=unit_admin),
    ]
    for attempt in attempts:
        with pytest.raises(ServiceError) as refused:
            attempt()
        assert refused.value.code == "year_closed" and "31/01/2027" in refused.value.message
    with pytest.raises(TransitionRefused, match="31/01/2027"):
        services.pledge_pledge(pledge_id=draft.pk, acting_user=unit_admin)
    assert pledge_snapshot() == before


def test_the_mid_year_follow_up_waits_for_june_and_the_holder_does_not_assess_their_own(pledge, unit_admin, chairman,
                                                                                          today):
    before = pledge_snapshot()
    with pytest.raises(ServiceError, match="01/06/2026"):
        services.pledge_follow_up(pledge_id=pledge.pk, kind="mid_year", text="Sớm", acting_user=unit_admin)
    today(dt.date(YEAR, 12, 10))
    with pytest.raises(TransitionRefused, match="others than its holder"):
        services.pledge_assess(pledge_id=pledge.pk, level="excellent", acting_user=chairman[0])
    assert pledge_snapshot() == before


def test_a_pledge_for_a_post_outside_ones_units_is_refused(outsider, chairman, today):
    with pytest.raises(ServiceError, match="Choose a post"):
        services.pledge_create(post_id=chairman[1].pk, year=YEAR, items=["x"], acting_user=outsider)
    assert not Pledge.objects.exists()


def test_post_holders_who_have_not_pledged_are_listed_and_downloaded(pledge, commune, cell, unit_admin,
                                                                     django_assert_max_num_queries):
    silent = PostFactory(person=PersonFactory(full_name="Mai Văn Lặng", unit=commune), unit=cell, title="Bí thư chi bộ")
    PostFactory(person=PersonFactory(full_name="Cựu Văn Xưa", unit=commune), unit=commune, title="Chủ tịch",
                started_on=dt.date(2015, 1, 1), ended_on=dt.date(2020, 1, 1))
    assert list(selectors.holders_without_pledge(unit_admin, year=YEAR)) == [silent]
    client = client_for(unit_admin)
    with django_assert_max_num_queries(12):
        page = client.get(f"/study/pledges/missing/?year={YEAR}").content.decode()
    assert "Mai Văn Lặng" in page and "Hồ Văn Chủ" not in page and "Cựu Văn Xưa" not in page
    download = client.get(f"/study/pledges/missing/?year={YEAR}&export=xlsx")
    assert download.status_code == 200 and download["Content-Type"].startswith("application/vnd.openxmlformats")


def test_the_pledge_list_and_published_page(pledge, unit_admin, member, commune, django_assert_max_num_queries):
    client = client_for(unit_admin)
    with django_assert_max_num_queries(12):
        page = client.get("/study/pledges/?year=2026").content.decode()
    assert "Hồ Văn Chủ" in page
    assert client.post(f"/study/pledges/{pledge.pk}/publish/", {"published": "1"}).status_code == 302
    shown = client_for(member).get(f"/study/units/{commune.pk}/pledges/").content.decode()
    assert "Gương mẫu tiếp dân" in shown


def test_a_member_cannot_publish_a_pledge(pledge, member_client):
    before = pledge_snapshot()
    assert member_client.post(f"/study/pledges/{pledge.pk}/publish/", {"published": "1"}).status_code in (403, 404)
    assert pledge_snapshot() == before


def test_a_post_holder_pledges_through_the_api_and_an_outsider_gets_404(chairman, outsider, today):
    user, post = chairman
    call = _api(user)
    created = call("post", "/study-pledges", {"post_id": post.pk, "year": YEAR, "items": ["Gương mẫu"]})
    assert created.status_code == 201, created.content
    pk = created.json()["id"]
    assert created.json()["allowed_actions"] == ["pledge"]
    assert call("post", f"/study-pledges/{pk}/pledge").json()["status"] == "pledged"
    before = pledge_snapshot()
    assert _api(outsider)("get", f"/study-pledges/{pk}").status_code == 404
    assert _api(outsider)("post", f"/study-pledges/{pk}/publish", {"published": True}).status_code == 404
    assert pledge_snapshot() == before


def test_the_unit_writes_a_pledge_from_the_list_of_those_who_have_not_pledged(commune, unit_admin, today):
    post = PostFactory(person=PersonFactory(full_name="Tạ Văn Mới", unit=commune), unit=commune, title="Phó Bí thư")
    client = client_for(unit_admin)
    assert f"/study/pledges/new/?post={post.pk}" in client.get(f"/study/pledges/missing/?year={YEAR}").content.decode()
    response = client.post(f"/study/pledges/new/?post={post.pk}", {"post": post.pk, "year": YEAR,
                                                                    "item_1": "Gương mẫu đi đầu"})
    pledge = Pledge.objects.get()
    assert response.status_code == 302 and (pledge.person, pledge.status) == (post.person, "draft")
    assert client.post(f"/study/pledges/{pledge.pk}/pledge/").status_code == 302
    pledge.refresh_from_db()
    assert pledge.status == "pledged"


def test_the_member_page_prompts_a_post_holder_to_pledge_then_to_make_the_draft(chairman, today):
    user, post = chairman
    client = client_for(user)
    page = client.get("/study/me/").content.decode()
    assert f"/study/pledges/new/?post={post.pk}" in page and 'data-testid="pledge-due"' not in page
    draft = services.pledge_create(post_id=post.pk, year=YEAR, items=["Gương mẫu tiếp dân"], acting_user=user)
    page = client.get("/study/me/").content.decode()
    assert 'data-testid="pledge-due"' in page.split(f'data-testid="my-pledge-{YEAR}"')[1].split("</article>")[0]
    assert f'href="/study/pledges/{draft.pk}/" data-action="open-pledge"' in page
    assert f"/study/pledges/new/?post={post.pk}" not in page
    today(dt.date(YEAR + 1, 2, 1))  # a draft of a closed year is no longer due
    page = client.get("/study/me/").content.decode()
    assert 'data-testid="pledge-due"' not in page and 'data-action="open-pledge"' not in page
    today(dt.date(YEAR, 5, 15))
    services.pledge_pledge(pledge_id=draft.pk, acting_user=user)
    page = client.get("/study/me/").content.decode()
    assert 'data-testid="pledge-due"' not in page and "1 item pledged" in page
