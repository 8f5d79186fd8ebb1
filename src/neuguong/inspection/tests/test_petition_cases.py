"""A case of settling denunciations opened from a reception denunciation petition: the petition is
linked, at most one case per petition, the denouncer protected exactly as in the reception (only the
roles holding ``reception.view_denouncer`` on the petition's unit see who made it)."""

import datetime as dt

import pytest

from neuguong.accounts.permissions import Role
from neuguong.audit.models import AuditEvent
from neuguong.core.errors import ServiceError
from neuguong.inspection import services
from neuguong.inspection.models import Case
from neuguong.orgs.tests.factories import grant
from neuguong.reception import services as reception_services

from .conftest import client_for

pytestmark = pytest.mark.django_db
TODAY = dt.date.today()
DENOUNCER = "Đỗ Văn Tố"


def receive(officer, unit, kind="denunciation"):
    return reception_services.petition_receive(
        unit_id=unit.pk, kinds=[kind], channel="post", acting_user=officer, received_on=TODAY,
        data={"subject": "Tố cáo đảng viên nhận tiền", "content": "Tôi tố cáo đảng viên nhận tiền của dân.",
              "petitioner_name": DENOUNCER, "petitioner_address": "Xóm Bắc, xã Thạch Hà",
              "petitioner_phone": "0987 111 222", "citizen_id": "042190009999"})[0]


@pytest.fixture
def officer(commune, catalogues):
    """Commune A's reception office, which sees denouncers."""
    from .conftest import staff
    return staff("tiepdan_a", "Hồ Thị Tiếp", Role.RECEPTION_STAFF, commune)


@pytest.fixture
def petition(officer, commune):
    return receive(officer, commune)


@pytest.fixture
def handler(commune_inspector, commune):
    """Commune A's inspector who also holds the reception office's role (reads the petition, sees the
    denouncer) and so opens cases from denunciations."""
    grant(commune_inspector, Role.RECEPTION_STAFF, commune)
    return commune_inspector


def open_case(user, petition, body, member, **extra):
    return services.case_from_petition(petition_id=petition.pk, unit_id=body.pk, subject_person_id=member.person.pk,
                                       title="Giải quyết tố cáo", planned_start=TODAY,
                                       planned_end=TODAY + dt.timedelta(days=60), acting_user=user, **extra)


def test_a_denunciation_opens_a_case_of_settling_denunciations_with_the_petition_linked(handler, petition, commune,
                                                                                       member):
    case = open_case(handler, petition, commune, member)
    assert case.petition == petition and case.type.code == "inspection.denunciation"
    event = AuditEvent.objects.get(action="inspection_case.opened_from_petition")
    assert event.after["petition"] == petition.pk and DENOUNCER not in str(event.after)


def test_a_petition_opens_at_most_one_case(handler, petition, commune, member):
    open_case(handler, petition, commune, member)
    with pytest.raises(ServiceError) as refused:
        open_case(handler, petition, commune, member)
    assert refused.value.code == "petition_has_case" and Case.objects.count() == 1


def test_the_table_itself_refuses_a_second_case_on_a_petition(handler, petition, commune, member):
    from django.db import IntegrityError, transaction
    case = open_case(handler, petition, commune, member)
    with pytest.raises(IntegrityError), transaction.atomic():
        Case.objects.create(unit=case.unit, type=case.type, subject_unit=commune, title="x", planned_start=TODAY,
                            planned_end=TODAY, petition=petition)


def test_only_an_open_denunciation_opens_a_case(handler, officer, commune, member):
    complaint = receive(officer, commune, kind="complaint")
    with pytest.raises(ServiceError) as refused:
        open_case(handler, complaint, commune, member)
    assert "denunciation" in refused.value.message and Case.objects.count() == 0


@pytest.mark.parametrize("actor", ["commune_inspector", "unit_admin", "member", "outsider", "sibling_inspector"])
def test_who_neither_reads_the_petition_nor_manages_the_body_opens_nothing(request, actor, petition, commune, member):
    user = request.getfixturevalue(actor)
    before = AuditEvent.objects.count()
    with pytest.raises(Exception):  # noqa: B017 (a refusal, a 403 or a 404 depending on the actor)
        open_case(user, petition, commune, member)
    assert Case.objects.count() == 0 and AuditEvent.objects.count() == before


def test_the_case_file_names_the_denouncer_only_to_the_roles_that_see_them_in_the_reception(
        handler, petition, commune, member, commune_inspector):
    case = open_case(handler, petition, commune, member)
    page = client_for(handler).get(f"/inspection/cases/{case.pk}/").content.decode()
    assert DENOUNCER in page and petition.tracking_code in page
    from neuguong.orgs.tests.factories import PersonFactory, UserFactory
    reader = UserFactory(username="kiemtra_doc", person=PersonFactory(full_name="Lê Đọc", unit=commune))
    grant(reader, Role.INSPECTION_STAFF, commune)
    grant(reader, Role.LEADER, commune)  # reads petitions, never a denouncer
    page = client_for(reader).get(f"/inspection/cases/{case.pk}/").content.decode()
    assert petition.tracking_code in page and DENOUNCER not in page and "Protected" in page
    plain = UserFactory(username="kiemtra_thuan", person=PersonFactory(full_name="Lê Thuần", unit=commune))
    grant(plain, Role.INSPECTION_STAFF, commune)  # no reception role at all
    page = client_for(plain).get(f"/inspection/cases/{case.pk}/").content.decode()
    assert petition.tracking_code not in page and DENOUNCER not in page and "received by the reception" in page


def test_the_page_offers_the_open_denunciations_without_a_case_and_opens_one(handler, petition, commune, member):
    client = client_for(handler)
    form = client.get("/inspection/cases/from-petition/").content.decode()
    assert petition.tracking_code in form and DENOUNCER not in form
    response = client.post("/inspection/cases/from-petition/", {
        "petition": petition.pk, "unit": commune.pk, "subject_person": member.person.pk, "title": "Giải quyết tố cáo",
        "planned_start": TODAY.strftime("%d/%m/%Y"), "planned_end": TODAY.strftime("%d/%m/%Y")})
    assert response.status_code == 302 and Case.objects.get().petition == petition
    assert petition.tracking_code not in client.get("/inspection/cases/from-petition/").content.decode()


def test_the_api_opens_a_case_from_a_petition_once(handler, petition, commune, member):
    client = client_for(handler)
    body = {"petition_id": petition.pk, "unit_id": commune.pk, "subject_person_id": member.person.pk,
            "title": "Giải quyết tố cáo", "planned_start": TODAY.isoformat(), "planned_end": TODAY.isoformat()}
    created = client.post("/api/v1/inspection-cases/from-petition", body, content_type="application/json")
    assert created.status_code == 201 and created.json()["petition_id"] == petition.pk
    again = client.post("/api/v1/inspection-cases/from-petition", body, content_type="application/json")
    assert again.status_code == 422 and again.json()["code"] == "petition_has_case"
    assert Case.objects.count() == 1
