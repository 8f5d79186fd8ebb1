"""Yearly programmes of a committee or its inspection commission: their planned cases and their
progress against the plan."""

import datetime as dt
import io
import json

import pytest
from openpyxl import load_workbook

from neuguong.core.errors import ServiceError
from neuguong.inspection import selectors, services

from .conftest import client_for
from .test_case_services import TODAY, plan, start

pytestmark = pytest.mark.django_db


@pytest.fixture
def programme(inspector, province):
    return services.programme_create(unit_id=province.pk, year=TODAY.year, title="Chương trình kiểm tra năm",
                                     acting_user=inspector)


def _in(programme, user, body, **subject):
    return services.case_plan(unit_id=body.pk, programme_id=programme.pk, type="inspection.compliance",
                              title="Kiểm tra", planned_start=dt.date(TODAY.year, 1, 10),
                              planned_end=dt.date(TODAY.year, 1, 20), acting_user=user, **subject)


def test_the_progress_counts_the_programme_s_cases_by_state(inspector, programme, province, cell, member):
    first = _in(programme, inspector, province, subject_unit_id=cell.pk)
    _in(programme, inspector, province, subject_person_id=member.person.pk)
    plan(inspector, province, unit=cell)  # outside the programme
    start(inspector, first)
    services.case_conclude(case_id=first.pk, violation_found=False, conclusion="Tốt", acting_user=inspector)
    row = selectors.programme_get(inspector, programme.pk)
    assert (row.case_count, row.started_count, row.concluded_count) == (2, 1, 1)
    page = client_for(inspector).get(f"/inspection/programmes/{programme.pk}/").content.decode()
    assert "50 %" in page and page.count('href="/inspection/cases/') >= 2


def test_a_case_of_the_programme_starts_in_its_year_under_its_committee(inspector, commune_inspector, programme,
                                                                       province, commune, cell):
    with pytest.raises(ServiceError, match="starts in"):
        services.case_plan(unit_id=province.pk, programme_id=programme.pk, type="inspection.compliance", title="x",
                           planned_start=dt.date(TODAY.year - 1, 12, 1), planned_end=dt.date(TODAY.year, 1, 1),
                           subject_unit_id=cell.pk, acting_user=inspector)
    own = services.programme_create(unit_id=commune.pk, year=TODAY.year, title="Chương trình của xã",
                                    acting_user=commune_inspector)
    with pytest.raises(ServiceError, match="Choose a programme"):
        _in(own, inspector, province, subject_unit_id=cell.pk)  # the commune's programme, a case of the province
    assert _in(programme, inspector, commune, subject_unit_id=cell.pk).programme == programme  # a body below
    with pytest.raises(ServiceError, match="Choose a programme"):
        _in(programme, commune_inspector, commune, subject_unit_id=cell.pk)  # not seen from the commune


def test_a_programme_title_is_used_once_a_year_by_a_committee(inspector, programme, province):
    with pytest.raises(ServiceError, match="already has a programme"):
        services.programme_create(unit_id=province.pk, year=TODAY.year, title=programme.title, acting_user=inspector)


def test_the_programme_list_for_inspection_roles_only(inspector, programme, unit_admin, django_assert_max_num_queries):
    client = client_for(inspector)
    with django_assert_max_num_queries(12):
        assert programme.title in client.get("/inspection/programmes/").content.decode()
    assert client_for(unit_admin).get("/inspection/programmes/").status_code == 403
    assert client_for(unit_admin).get(f"/inspection/programmes/{programme.pk}/").status_code == 403


def test_programmes_and_their_cases_through_the_api(inspector, commune_inspector, province, cell, unit_admin):
    client = client_for(inspector)

    def post(url, body):
        return client.post(url, json.dumps(body), content_type="application/json")

    created = post("/api/v1/inspection-programmes", {"unit_id": province.pk, "year": TODAY.year,
                                                     "title": "Chương trình qua API"})
    assert created.status_code == 201, created.content
    programme = created.json()
    assert (programme["unit_id"], programme["year"], programme["case_count"]) == (province.pk, TODAY.year, 0)
    again = post("/api/v1/inspection-programmes", {"unit_id": province.pk, "year": TODAY.year,
                                                   "title": "Chương trình qua API"})
    assert again.status_code == 422 and "title" in again.json()["errors"]
    case = post("/api/v1/inspection-cases", {"unit_id": province.pk, "programme_id": programme["id"],
                                             "type": "inspection.compliance", "subject_unit_id": cell.pk,
                                             "title": "Kiểm tra trong chương trình",
                                             "planned_start": str(dt.date(TODAY.year, 2, 1)),
                                             "planned_end": str(dt.date(TODAY.year, 2, 10))})
    assert case.status_code == 201 and case.json()["programme_id"] == programme["id"]
    plan(inspector, province, unit=cell)  # outside the programme
    read = client.get(f"/api/v1/inspection-programmes/{programme['id']}").json()
    assert (read["case_count"], read["started_count"], read["concluded_count"]) == (1, 0, 0)
    listed = client.get("/api/v1/inspection-cases", {"programme_id": programme["id"]}).json()["items"]
    assert [row["id"] for row in listed] == [case.json()["id"]]
    rows = client.get("/api/v1/inspection-programmes", {"year": TODAY.year}).json()["items"]
    assert [row["title"] for row in rows] == ["Chương trình qua API"]
    # The commune's inspector does not see the province's programme; a unit administrator has no inspection role.
    assert client_for(commune_inspector).get(f"/api/v1/inspection-programmes/{programme['id']}").status_code == 404
    assert client_for(commune_inspector).get("/api/v1/inspection-programmes").json()["items"] == []
    assert client_for(unit_admin).get("/api/v1/inspection-programmes").status_code == 403


def test_the_programme_list_downloads_with_each_programme_s_progress(inspector, programme, province, cell):
    case = _in(programme, inspector, province, subject_unit_id=cell.pk)
    start(inspector, case)
    response = client_for(inspector).get("/inspection/programmes/", {"export": "xlsx"})
    assert response.status_code == 200
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[0][1:] == ("Year", "Committee", "Title", "Cases planned", "Started", "Concluded")
    assert rows[1][1:] == (TODAY.year, province.name, programme.title, 1, 1, 0)
