"""The honours pages: three actors on the staff pages, the nomination form's refusal, the person page's
awards, the counts and their download, and the public honour roll without login."""

import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import translation
from django.utils.translation import gettext
from PIL import Image

from neuguong.honours import services
from neuguong.honours.models import Nomination, NominationStatus, Round

from .conftest import approve, client_for, open_round, propose, vote

pytestmark = pytest.mark.django_db
TODAY_YEAR = dt.date.today().year


def png() -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), (200, 0, 0)).save(buffer, format="PNG")
    return SimpleUploadedFile("anh.png", buffer.getvalue(), content_type="image/png")


@pytest.fixture
def approved(unit_admin, round_, member):
    nomination = propose(unit_admin, round_, person=member.person)
    nomination = Nomination.objects.get(pk=nomination.pk)
    vote(unit_admin, nomination)
    return approve(unit_admin, nomination)


def test_the_unit_admin_opens_a_round_through_the_form(unit_admin, commune):
    response = client_for(unit_admin).post("/honours/rounds/new/", {
        "unit": commune.pk, "kind": "yearly", "year": dt.date.today().year, "title": "Đợt thi đua mới",
        "closes_on": (dt.date.today() + dt.timedelta(days=10)).strftime("%d/%m/%Y")})
    assert response.status_code == 302
    assert Round.objects.get().title == "Đợt thi đua mới"


def test_rounds_list_in_a_bounded_number_of_queries(unit_admin, commune, django_assert_max_num_queries):
    for number in range(12):
        open_round(unit_admin, commune, title=f"Đợt {number}")
    client = client_for(unit_admin)
    client.get("/honours/rounds/")
    with django_assert_max_num_queries(20):
        response = client.get("/honours/rounds/")
    assert response.status_code == 200 and "Đợt 11" in response.content.decode()


def test_a_nominee_outside_the_subtree_is_refused_on_the_form_and_nothing_is_written(unit_admin, round_,
                                                                                    sibling_person):
    response = client_for(unit_admin).post(f"/honours/rounds/{round_.pk}/nominations/new/", {
        "subject_person": sibling_person.pk, "award": "title.advanced_worker", "achievements": "Tốt"})
    assert response.status_code == 422
    assert not Nomination.objects.exists()


def test_a_nomination_with_its_photo_through_the_form(unit_admin, round_, member):
    response = client_for(unit_admin).post(f"/honours/rounds/{round_.pk}/nominations/new/", {
        "subject_person": member.person.pk, "award": "title.advanced_worker", "achievements": "Tốt",
        "story": "Câu chuyện", "photo": png()})
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Nomination.objects.get().photo_type == "image/png"


def test_a_fake_photo_is_refused(unit_admin, round_, member):
    response = client_for(unit_admin).post(f"/honours/rounds/{round_.pk}/nominations/new/", {
        "subject_person": member.person.pk, "award": "title.advanced_worker", "achievements": "Tốt",
        "photo": SimpleUploadedFile("anh.png", b"<svg onload=alert(1)>")})
    assert response.status_code == 422 and not Nomination.objects.exists()


def test_the_vote_and_the_approval_through_the_pages(unit_admin, nomination):
    client = client_for(unit_admin)
    today = dt.date.today().strftime("%d/%m/%Y")
    assert client.post(f"/honours/nominations/{nomination.pk}/vote/", {
        "members": 9, "present": 7, "votes_for": 5, "votes_against": 1, "votes_abstain": 1,
        "voted_on": today}).status_code == 302
    page = client.get(f"/honours/nominations/{nomination.pk}/").content.decode()
    assert 'data-action="approve"' in page and "5 for, 1 against, 1 abstaining" in page
    assert client.post(f"/honours/nominations/{nomination.pk}/approve/", {
        "body": "UBND xã", "decision_number": "7/QĐ", "decided_on": today}).status_code == 302
    again = client.post(f"/honours/nominations/{nomination.pk}/approve/", {
        "body": "UBND xã", "decision_number": "8/QĐ", "decided_on": today})
    assert again.status_code == 422
    assert Nomination.objects.get().decision.decision_number == "7/QĐ"


def test_a_member_is_refused_the_staff_pages(member, round_, nomination):
    client = client_for(member)
    assert client.get("/honours/rounds/").status_code == 403
    assert client.post(f"/honours/nominations/{nomination.pk}/vote/", {
        "members": 9, "present": 9, "votes_for": 9, "votes_against": 0, "votes_abstain": 0,
        "voted_on": dt.date.today().strftime("%d/%m/%Y")}).status_code == 403
    assert Nomination.objects.get().status == NominationStatus.PROPOSED


def test_an_outsider_gets_404_and_changes_nothing(outsider, round_, nomination):
    client = client_for(outsider)
    assert client.get(f"/honours/rounds/{round_.pk}/").status_code == 404
    assert client.get(f"/honours/nominations/{nomination.pk}/").status_code == 404
    assert client.post(f"/honours/rounds/{round_.pk}/close/").status_code == 404
    assert Round.objects.get().status == "open"
    assert round_.title not in client.get("/honours/rounds/").content.decode()


def test_the_person_page_lists_the_persons_awards(unit_admin, approved, member):
    page = client_for(unit_admin).get(f"/people/{member.person.pk}/").content.decode()
    assert 'data-testid="person-awards"' in page and "15-QĐ/UBND" in page


def _honour(user, round_, **subject):
    nomination = Nomination.objects.get(pk=propose(user, round_, **subject).pk)
    vote(user, nomination)
    return nomination


def test_the_unit_page_lists_the_units_awards_as_a_collective_from_any_round(unit_admin, system_admin, province,
                                                                            round_, cell, sibling_cell):
    approve(unit_admin, _honour(unit_admin, round_, unit=cell, award="title.advanced_collective"), number="16-QĐ/UBND")
    province_round = open_round(system_admin, province, title="Bình xét thi đua của tỉnh")
    approve(system_admin, _honour(system_admin, province_round, unit=cell, award="title.advanced_collective"),
            number="99-QĐ/TU")
    approve(system_admin, _honour(system_admin, province_round, unit=sibling_cell, award="title.advanced_collective"),
            number="98-QĐ/TU")
    page = client_for(unit_admin).get(f"/units/{cell.pk}/").content.decode()
    section = page.split('data-testid="unit-awards"')[1].split("</section>")[0]
    # The commune reads its own award and the province's award of its cell, newest first; not another cell's.
    assert "16-QĐ/UBND" in section and "99-QĐ/TU" in section and "98-QĐ/TU" not in section
    assert "Advanced collective" in section or "Tập thể lao động tiên tiến" in section
    empty = client_for(unit_admin).get(f"/units/{round_.unit.pk}/").content.decode()
    assert 'data-testid="unit-awards"' in empty and "No award recorded." in empty


def test_counts_by_year_and_unit_with_their_download(unit_admin, approved, commune):
    client = client_for(unit_admin)
    page = client.get(f"/honours/counts/?unit={commune.pk}").content.decode()
    assert 'data-testid="counts"' in page and commune.name in page
    download = client.get(f"/honours/counts/?unit={commune.pk}&export=xlsx")
    assert download.status_code == 200 and download["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml")


def test_the_public_honour_roll_needs_no_login_and_shows_approved_models_only(unit_admin, approved, round_, cell):
    propose(unit_admin, round_, unit=cell, award="title.advanced_collective")
    visitor = Client(HTTP_ACCEPT_LANGUAGE="en")
    page = visitor.get("/honour-roll/").content.decode()
    assert "Phạm Thị Hoa" in page and page.count('class="news-card roll-card"') == 1
    assert 'class="portal"' in page
    assert visitor.get(f"/honour-roll/{approved.pk}/").status_code == 200
    assert visitor.get(f"/honour-roll/?year={dt.date.today().year - 1}").content.decode().count("roll-card") == 0
    proposed = Nomination.objects.get(subject_unit=cell)
    assert visitor.get(f"/honour-roll/{proposed.pk + 1000}/").status_code == 404


def test_each_filter_of_the_honour_roll_narrows_it_and_a_models_photo_is_public(
        unit_admin, system_admin, province, commune, sibling, round_, member, cell, sibling_cell):
    worker = Nomination.objects.get(pk=propose(unit_admin, round_, person=member.person).pk)
    services.nomination_photo_set(nomination_id=worker.pk, photo=png(), acting_user=unit_admin)
    vote(unit_admin, worker)
    worker_award = approve(unit_admin, worker)
    approve(unit_admin, _honour(unit_admin, round_, unit=cell, award="title.advanced_collective",
                                field="party_building"))
    province_round = open_round(system_admin, province, title="Bình xét thi đua của tỉnh")
    sibling_award = approve(system_admin, _honour(system_admin, province_round, unit=sibling_cell,
                                                  award="title.advanced_collective"))
    visitor = Client(HTTP_ACCEPT_LANGUAGE="en")

    def shown(**query):
        page = visitor.get("/honour-roll/", query).content.decode()
        return {name for name in (member.person.full_name, cell.name, sibling_cell.name) if f">{name}</a>" in page}

    assert shown() == {member.person.full_name, cell.name, sibling_cell.name}
    assert shown(unit=commune.pk) == {member.person.full_name, cell.name}
    assert shown(unit=sibling.pk) == {sibling_cell.name}
    assert shown(field="party_building") == {cell.name}
    assert shown(award="title.advanced_worker") == {member.person.full_name}
    assert shown(award="title.advanced_collective", unit=sibling.pk) == {sibling_cell.name}
    assert shown(year=TODAY_YEAR - 1) == set()
    photo = visitor.get(f"/honour-roll/{worker_award.pk}/photo/")
    assert photo.status_code == 200 and photo["Content-Type"] == "image/png"
    assert b"".join(photo.streaming_content).startswith(b"\x89PNG")
    assert visitor.get(f"/honour-roll/{sibling_award.pk}/photo/").status_code == 404  # approved, no photo


def test_the_sitemap_lists_the_honour_roll_and_its_approved_models_only(unit_admin, approved, round_, cell):
    propose(unit_admin, round_, unit=cell, award="title.advanced_collective")  # not approved: not listed
    sitemap = Client().get("/sitemap.xml").content.decode()
    assert "/honour-roll/</loc>" in sitemap and f"/honour-roll/{approved.pk}/</loc>" in sitemap
    assert f"<lastmod>{approved.decided_on.isoformat()}</lastmod>" in sitemap
    assert sitemap.count("/honour-roll/") == 2


def test_the_portal_menu_links_the_honour_roll(db):
    page = Client(HTTP_ACCEPT_LANGUAGE="en").get("/news/").content.decode()
    assert 'href="/honour-roll/"' in page


def test_the_badge_page_lists_members_due(unit_admin, commune):
    badge_round = open_round(unit_admin, commune, kind="party_badge", title="Huy hiệu", closes_on=dt.date.today())
    response = client_for(unit_admin).get(f"/honours/rounds/{badge_round.pk}/badges/")
    assert response.status_code == 200


def test_the_council_vote_counts_members_of_the_council_not_party_members(unit_admin, nomination):
    """"Members present" of a cell meeting are party members (evaluation); of a council, its members."""
    client = Client(HTTP_ACCEPT_LANGUAGE="vi")
    client.force_login(unit_admin)
    form = client.get(f"/honours/nominations/{nomination.pk}/vote/").content.decode()
    assert "Số thành viên dự họp" in form and "Số đảng viên có mặt" not in form
    vote(unit_admin, nomination)
    page = client.get(f"/honours/nominations/{nomination.pk}/").content.decode()
    assert "Số thành viên dự họp" in page and "Số đảng viên có mặt" not in page
    with translation.override("vi"):
        assert gettext("Members present") == "Số đảng viên có mặt"  # the cell meeting's wording stays
        assert str(Nomination._meta.get_field("council_present").verbose_name) == "số thành viên dự họp"
