"""The statistics page and API do their work once: a fixed number of queries whatever the number of
child units and records, and the filters written in one pass with the markup Django's ``as_div``
and widget templates give."""

import re

import pytest
from django.db import connection
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext

from neuguong.inspection.forms.cases import OnePassDateInput, OnePassNumberInput, StatisticsForm
from neuguong.inspection.templatetags.inspection_tags import one_pass_fields
from neuguong.orgs import selectors as org_selectors
from neuguong.orgs.models import UnitKind
from neuguong.orgs.tests.factories import make_unit
from neuguong.web.forms import DatePickerInput
from neuguong.web.widgets import quicken

from .conftest import client_for
from .test_case_services import TODAY, plan

pytestmark = pytest.mark.django_db


def _queries(client, path, params):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(path, params).status_code == 200
    return len(captured.captured_queries)


def test_the_page_and_the_api_read_in_the_same_few_queries_for_more_units_and_records(
        inspector, province, commune, cell, member):
    client = client_for(inspector)
    page = {"period": "year", "year": TODAY.year, "unit": province.pk}
    api = {"period": "year", "year": TODAY.year, "unit_id": province.pk}
    plan(inspector, province, person=member.person)
    client.get("/inspection/statistics/", page)  # the session's working unit and caches settled
    before = (_queries(client, "/inspection/statistics/", page),
              _queries(client, "/api/v1/inspection-statistics", api))
    for number in range(4):
        child = make_unit(f"Đảng bộ xã số {number}", UnitKind.SUBORDINATE_COMMITTEE, province)
        plan(inspector, child, unit=child)
        plan(inspector, commune, unit=cell, type="supervision.thematic", method="supervision_method.direct")
    after = (_queries(client, "/inspection/statistics/", page),
             _queries(client, "/api/v1/inspection-statistics", api))
    assert after == before and before[0] <= 13 and before[1] <= 10
    units = client.get("/inspection/statistics/", page).content.decode().split('data-testid="unit-statistics"')[1]
    assert units.split("</table>")[0].count("Đảng bộ xã số") == 4


def _squeezed(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r">\s+<", "><", str(html))).strip()


@pytest.mark.parametrize("query", ["", "period=custom&year=1990&from_date=31/12/2025", "period=term&year=2025"])
def test_the_filters_are_written_as_django_writes_them(inspector, province, query):
    form = StatisticsForm(QueryDict(query) if query else None, units=org_selectors.units_for(inspector),
                          initial={"year": TODAY.year, "period": "year"})
    quicken(form)
    if query:
        form.is_valid()
    assert _squeezed(one_pass_fields(form)) == _squeezed(form.as_div())
    if "1990" in query:
        assert 'id="id_year_error"' in one_pass_fields(form) and 'id="id_year_helptext"' in one_pass_fields(form)


@pytest.mark.parametrize("value", [None, "", "2025-12-31", "31/12/2025", "31/02/2025"])
def test_the_one_pass_inputs_write_the_markup_of_django_s_templates(value):
    attrs = {"id": "id_x", "aria-describedby": "id_x_error", "required": True}
    assert OnePassDateInput().render("x", value, attrs) == DatePickerInput().render("x", value, attrs)
    number = {**attrs, "min": 2000, "max": 2100}
    assert OnePassNumberInput().render("x", 2025, number) == OnePassNumberInput.__mro__[1]().render("x", 2025, number)
