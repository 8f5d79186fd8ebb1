"""The figures in lượt: each case counts once (a member inspected twice counts twice), over the
viewer's subtree, and every figure is the count of the list it opens."""

import datetime as dt
import re

import pytest
from django.core.cache import cache
from django.utils import translation

from neuguong.catalogues import services as catalogue_services
from neuguong.catalogues.models import OversightKind, OversightType
from neuguong.inspection import selectors, services

from .conftest import client_for, decide, record
from .test_case_services import TODAY, plan, start

pytestmark = pytest.mark.django_db


@pytest.fixture
def recorded(inspector, commune_inspector, province, commune, cell, member, post_holder):
    """Compliance inspections: the member twice, the cell once (by the commune), a post holder once,
    one concluded with a violation; a thematic supervision of the member; two decisions."""
    first = plan(inspector, province, person=member.person)
    plan(inspector, province, person=member.person)
    plan(commune_inspector, commune, unit=cell)
    plan(inspector, province, person=post_holder)
    plan(inspector, province, person=member.person, type="supervision.thematic", method="supervision_method.direct")
    start(inspector, first)
    services.case_conclude(case_id=first.pk, violation_found=True, rules_breached="Điều 8", conclusion="Vi phạm",
                           acting_user=inspector)
    decide(inspector, record(inspector, province, person=member.person), decided_on=dt.date(2020, 3, 1))
    decide(inspector, record(inspector, province, person=post_holder, occurred_on=dt.date(TODAY.year, 1, 2)),
           "full_member.warning", decided_on=dt.date(TODAY.year, 1, 3), number="02")


def _row(figures, code):
    return next(row for row in figures.cases if row.code == code)


def test_a_member_inspected_twice_counts_twice(inspector, recorded):
    figures = selectors.statistics(inspector, year=TODAY.year)
    compliance = _row(figures, "inspection.compliance")
    assert (compliance.organisations, compliance.members, compliance.total) == (1, 3, 4)
    assert (compliance.concluded, compliance.violations) == (1, 1)
    assert _row(figures, "supervision.thematic").members == 1
    assert figures.total("inspection").total == 4 and figures.total("supervision").total == 1
    forms = {row.code: row.decisions for row in figures.forms}
    assert forms["full_member.warning"] == 1 and forms["full_member.reprimand"] == 0  # decided in 2020
    in_2020 = {row.code: row.decisions for row in selectors.statistics(inspector, year=2020).forms}
    assert in_2020["full_member.reprimand"] == 1


def test_the_commune_sees_its_subtree_only(commune_inspector, recorded):
    compliance = _row(selectors.statistics(commune_inspector, year=TODAY.year), "inspection.compliance")
    assert (compliance.organisations, compliance.members) == (1, 0)


def test_every_figure_opens_the_list_it_counts(inspector, recorded, province):
    client = client_for(inspector)
    page = client.get("/inspection/statistics/", {"year": TODAY.year, "unit": province.pk}).content.decode()
    link = re.search(r'href="(/inspection/cases/\?[^"]*type=inspection\.compliance&amp;subject=member)">3<', page)
    assert link is not None
    listed = client.get(link.group(1).replace("&amp;", "&")).content.decode()
    assert len(re.findall(r'href="/inspection/cases/\d+/"', listed)) == 3
    download = client.get("/inspection/statistics/", {"year": TODAY.year, "export": "cases"})
    assert download.status_code == 200 and download["Content-Type"].startswith("application/vnd.openxmlformats")


def test_statistics_are_for_inspection_roles(unit_admin):
    assert client_for(unit_admin).get("/inspection/statistics/").status_code == 403


def _days(period):
    return period.first, period.last


def test_periods_quarter_half_term_and_range():
    assert _days(selectors.period_of("quarter", 2026, 4)) == (dt.date(2026, 10, 1), dt.date(2026, 12, 31))
    assert _days(selectors.period_of("quarter", 2026, 1)) == (dt.date(2026, 1, 1), dt.date(2026, 3, 31))
    assert _days(selectors.period_of("half", 2026, 2)) == (dt.date(2026, 7, 1), dt.date(2026, 12, 31))
    term = selectors.period_of("term", 2018)
    assert (term.first, term.last, term.label) == (dt.date(2016, 1, 1), dt.date(2020, 12, 31), "Term 2016–2020")
    assert selectors.period_of("term", 2021).first == dt.date(2021, 1, 1)
    custom = selectors.period_of("custom", 2026, first=dt.date(2026, 2, 3), last=dt.date(2026, 2, 9))
    assert (custom.first, custom.last) == (dt.date(2026, 2, 3), dt.date(2026, 2, 9))


def test_a_five_year_term_counts_the_decisions_of_its_five_years(inspector, recorded):
    term = selectors.period_of("term", 2020)
    forms = {row.code: row.decisions for row in selectors.statistics(inspector, period=term).forms}
    assert forms["full_member.reprimand"] == 1 and forms["full_member.warning"] == (1 if TODAY.year <= 2020 else 0)


def test_a_range_of_days_counts_the_cases_planned_in_it(inspector, recorded):
    day = selectors.period_of("custom", TODAY.year, first=TODAY, last=TODAY)
    assert selectors.statistics(inspector, period=day).total("inspection").total == 4
    before = selectors.period_of("custom", TODAY.year, first=TODAY - dt.timedelta(days=9),
                                 last=TODAY - dt.timedelta(days=1))
    assert selectors.statistics(inspector, period=before).total("inspection").total == 0


def test_one_row_per_child_unit_s_subtree_each_opening_its_list(inspector, recorded, province, commune, sibling):
    figures = selectors.statistics(inspector, year=TODAY.year, unit=province, by_child=True)
    rows = {(row.unit.pk, row.own): row for row in figures.units}
    assert rows[(commune.pk, False)].inspections == 1 and rows[(sibling.pk, False)].total == 0
    own = rows[(province.pk, True)]
    assert (own.inspections, own.supervisions, own.decisions) == (3, 1, 1)
    client = client_for(inspector)
    page = client.get("/inspection/statistics/", {"period": "year", "year": TODAY.year,
                                                 "unit": province.pk}).content.decode()
    link = re.search(rf'href="(/inspection/cases/\?[^"]*unit={province.pk}&amp;own=on&amp;kind=inspection)">3<', page)
    assert link is not None
    listed = client.get(link.group(1).replace("&amp;", "&")).content.decode()
    assert len(re.findall(r'href="/inspection/cases/\d+/"', listed)) == 3
    decisions = re.search(rf'href="(/inspection/discipline/\?[^"]*unit={province.pk}&amp;own=on)">1<', page)
    assert decisions is not None
    register = client.get(decisions.group(1).replace("&amp;", "&")).content.decode()
    assert len(re.findall(r'href="/inspection/violations/\d+/"', register)) == 1
    download = client.get("/inspection/statistics/", {"year": TODAY.year, "unit": province.pk, "export": "units"})
    assert download.status_code == 200 and download["Content-Type"].startswith("application/vnd.openxmlformats")


def test_the_api_gives_the_period_and_the_child_units(inspector, recorded, province, commune):
    response = client_for(inspector).get("/api/v1/inspection-statistics",
                                         {"period": "quarter", "year": TODAY.year,
                                          "number": (TODAY.month - 1) // 3 + 1, "unit_id": province.pk})
    body = response.json()
    assert response.status_code == 200 and body["first"] <= TODAY.isoformat() <= body["last"]
    assert any(row["unit_id"] == commune.pk and row["inspections"] == 1 for row in body["units"])
    assert client_for(inspector).get("/api/v1/inspection-statistics", {"period": "decade"}).status_code == 422


@pytest.mark.parametrize("actor", ["unit_admin", "member", "outsider"])
def test_other_roles_get_no_figures(request, actor):
    client = client_for(request.getfixturevalue(actor))
    assert client.get("/inspection/statistics/").status_code == 403
    assert client.get("/api/v1/inspection-statistics").status_code == 403


def test_a_case_with_several_recommendations_still_counts_once(inspector, province, cell):
    case = start(inspector, plan(inspector, province, unit=cell))
    services.case_conclude(case_id=case.pk, violation_found=False, conclusion="Tốt", acting_user=inspector)
    for text in ("Một", "Hai", "Ba"):
        services.recommendation_add(case_id=case.pk, text=text, due_on=TODAY, acting_user=inspector)
    compliance = _row(selectors.statistics(inspector, year=TODAY.year), "inspection.compliance")
    assert (compliance.organisations, compliance.concluded) == (1, 1)


@pytest.fixture
def committed(transactional_db):
    """The catalogues' rows are cached only outside a transaction: these tests commit."""
    cache.clear()
    yield
    cache.clear()


def test_a_type_added_since_the_rows_were_cached_still_counts(committed, inspector, province, cell):
    plan(inspector, province, unit=cell)
    before = selectors.statistics(inspector, year=TODAY.year, unit=province, by_child=True)
    assert _row(before, "inspection.compliance").organisations == 1
    # Added without a signal, as another process without a shared cache would add it.
    OversightType.objects.bulk_create([OversightType(code="inspection.added", kind=OversightKind.INSPECTION,
                                                     name="Kiểm tra bổ sung", name_en="Added inspection",
                                                     position=99)])
    plan(inspector, province, unit=cell, type="inspection.added")
    figures = selectors.statistics(inspector, year=TODAY.year, unit=province, by_child=True)
    assert _row(figures, "inspection.added").organisations == 1
    assert figures.total("inspection").total == 2
    assert sum(row.inspections for row in figures.units) == 2


def test_a_renamed_type_shows_its_new_name_at_once(committed, inspector, system_admin, province, cell):
    plan(inspector, province, unit=cell)
    selectors.statistics(inspector, year=TODAY.year)
    entry = OversightType.objects.get(code="inspection.compliance")
    catalogue_services.catalogue_entry_update(model_label="catalogues.oversighttype", entry_id=entry.pk,
                                              data={"name": "Kiểm tra chấp hành (đã sửa)"}, acting_user=system_admin)
    with translation.override("vi"):
        figures = selectors.statistics(inspector, year=TODAY.year)
    assert _row(figures, "inspection.compliance").label == "Kiểm tra chấp hành (đã sửa)"


def test_a_unit_above_the_viewer_s_subtree_counts_only_what_the_viewer_sees(commune_inspector, recorded, province,
                                                                           sibling):
    compliance = _row(selectors.statistics(commune_inspector, year=TODAY.year, unit=province), "inspection.compliance")
    assert (compliance.organisations, compliance.members) == (1, 0)
    outside = selectors.statistics(commune_inspector, year=TODAY.year, unit=sibling)
    assert sum(row.total for row in outside.cases) == 0 and sum(row.decisions for row in outside.forms) == 0
