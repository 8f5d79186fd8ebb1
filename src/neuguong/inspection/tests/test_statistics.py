"""The figures in lượt: each case counts once (a member inspected twice counts twice), over the
viewer's subtree, and every figure is the count of the list it opens."""

import datetime as dt
import re

import pytest

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
