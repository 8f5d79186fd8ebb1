"""Every list page built on ``ListPage``: its query count does not grow with its rows, it counts
no list to show a page, its downloads hold the same rows as the page, sorting is whitelisted and
an empty list says so."""

import csv
import io
import itertools

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from openpyxl import load_workbook

from neuguong.accounts.permissions import Role
from neuguong.ballots import services as ballots
from neuguong.orgs.models import Person
from neuguong.orgs.tests.factories import PersonFactory, UserFactory, grant
from neuguong.reception import services as reception
from neuguong.reception.tests.conftest import catalogues, client_for, days_ago, receive  # noqa: F401
from neuguong.study import services as study
from neuguong.web.lists import ListPage
from neuguong.web.pages import PAGE_SIZE

_numbers = itertools.count()


def _people(unit, _acting):
    PersonFactory(full_name=f"Phan Văn Hàng {next(_numbers)}", unit=unit)


def _petitions(unit, acting):
    receive(acting, unit, subject=f"Đường làng {next(_numbers)}")


def _sessions(unit, acting):
    reception.session_create(unit_id=unit.pk, title=f"Tiếp dân định kỳ {next(_numbers)}", held_on=days_ago(7),
                             acting_user=acting)


def _campaigns(unit, acting):
    ballots.campaign_create(unit_id=unit.pk, title=f"Lấy phiếu tín nhiệm {next(_numbers)}",
                            kind="confidence_ballot", period="2026", acting_user=acting)


def _study_plans(unit, acting):
    number = next(_numbers)
    theme = study.theme_create(unit_id=unit.pk, year=timezone.localdate().year, level="provincial",
                               title=f"Chuyên đề {number}", acting_user=acting)
    plan = study.plan_create(unit_id=unit.pk, theme_id=theme.pk, title=f"Kế hoạch học tập {number}",
                             acting_user=acting)
    study.item_add(plan_id=plan.pk, content="Hội nghị quán triệt", owner_name="Văn phòng",
                   due_on=timezone.localdate(), acting_user=acting)


def _accounts(unit, _acting):
    account = UserFactory(username=f"canbo{next(_numbers)}", person=PersonFactory(unit=unit))
    grant(account, Role.ORGANISATION_STAFF, unit)
    grant(account, Role.UNIT_ADMIN, unit)


def _restricted(unit, _acting):
    account = UserFactory(username=f"xem{next(_numbers)}", person=PersonFactory(unit=unit))
    grant(account, Role.RECEPTION_STAFF, unit)


# The page (filtered to the rows the test adds) and how to add one row to it.
PAGES = {
    "people": ("/people/?q=phan+van+hang", _people),
    "petitions": ("/reception/petitions/?q=duong+lang", _petitions),
    "sessions": ("/reception/sessions/", _sessions),
    "campaigns": ("/ballots/", _campaigns),
    "study-plans": ("/study/plans/", _study_plans),
    "accounts": ("/accounts/users/?q=canbo", _accounts),
    "restricted": ("/accounts/restricted/", _restricted),
}


@pytest.fixture
def acting(system_admin, catalogues):  # noqa: F811
    return system_admin


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("name", PAGES)
def test_the_query_count_does_not_grow_with_the_rows(name, acting, commune):
    url, add = PAGES[name]
    client = client_for(acting)
    add(commune, acting)
    client.get(url)  # the first request warms the caches (catalogues, grants)
    with_one = _queries(client, url)
    for _ in range(12):
        add(commune, acting)
    assert _queries(client, url) == with_one, name


@pytest.mark.parametrize("name", PAGES)
def test_the_downloads_hold_the_rows_of_the_page(name, acting, commune):
    url, add = PAGES[name]
    client = client_for(acting)
    for _ in range(3):
        add(commune, acting)
    joiner = "&" if "?" in url else "?"
    xlsx = client.get(f"{url}{joiner}export=xlsx")
    rows = list(load_workbook(io.BytesIO(xlsx.content)).active.iter_rows(values_only=True))
    streamed = client.get(f"{url}{joiner}export=csv")
    lines = list(csv.reader(io.StringIO(b"".join(streamed.streaming_content).decode("utf-8-sig"))))
    assert xlsx["Content-Disposition"].startswith("attachment; filename=")
    assert streamed["Content-Type"] == "text/csv; charset=utf-8"
    assert len(rows) == len(lines) >= 4 and [str(cell or "") for cell in rows[0]] == lines[0]


def test_an_unknown_sort_keeps_the_selectors_order_and_a_known_one_applies(admin_client_a, commune):
    for name in ("Phan Văn An", "Phan Văn Bình"):  # the newest last by name
        PersonFactory(full_name=name, unit=commune)
    by_name = admin_client_a.get("/people/", {"q": "phan van"}).content.decode()
    assert by_name.index("Phan Văn An") < by_name.index("Phan Văn Bình")
    injected = admin_client_a.get("/people/", {"q": "phan van", "sort": "citizen_id_hash"}).content.decode()
    assert injected.index("Phan Văn An") < injected.index("Phan Văn Bình")
    newest = admin_client_a.get("/people/", {"q": "phan van", "sort": "newest"}).content.decode()
    assert newest.index("Phan Văn Bình") < newest.index("Phan Văn An")


def test_an_empty_list_says_so_and_offers_no_download(acting):
    page = client_for(acting).get("/ballots/").content.decode()
    assert 'data-testid="campaign-empty"' in page and "No campaign matches these filters." in page
    assert "export=xlsx" not in page


def test_the_filter_selects_keep_the_chosen_option(admin_client_a, commune, cell):
    page = admin_client_a.get("/people/", {"unit": cell.pk, "gender": "female"}).content.decode()
    filters = page[page.index('role="search"'):page.index("</form>", page.index('role="search"'))]
    assert f'<option value="{cell.pk}" selected>' in filters and '<option value="female" selected>' in filters


def _counts(queries) -> list[str]:
    """The statements that count a whole list (``QuerySet.count()``, as a paginator does)."""
    return [query["sql"] for query in queries if '"__count"' in query["sql"]]


@pytest.mark.parametrize("name", PAGES)
def test_a_page_holding_the_whole_list_counts_nothing(name, acting, commune):
    url, add = PAGES[name]
    client = client_for(acting)
    for _ in range(3):
        add(commune, acting)
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    assert _counts(queries) == [], name


def _window(rf, rows, page):
    with CaptureQueriesContext(connection) as queries:
        listed = ListPage(rf.get("/people/", {"page": page}), rows, name="people", empty="", page_size=2).context()
    return listed, [query["sql"] for query in queries]


def test_a_list_longer_than_its_page_reads_one_row_more_instead_of_counting(rf, commune):
    names = [f"Phan Văn Hàng {n}" for n in range(5)]
    for name in names:
        PersonFactory(full_name=name, unit=commune)
    rows = Person.objects.filter(unit=commune).order_by("pk")

    first, statements = _window(rf, rows, 1)
    assert [p.full_name for p in first["page"].object_list] == names[:2]
    assert (first["count"], first["more"], first["page"].paginator.num_pages) == (2, True, None)
    assert len(statements) == 1 and not _counts([{"sql": sql} for sql in statements])

    last, statements = _window(rf, rows, 3)  # where the rows end, the total is known without a count
    assert [p.full_name for p in last["page"].object_list] == names[4:]
    assert (last["count"], last["more"], last["page"].paginator.num_pages) == (5, False, 3)
    assert len(statements) == 1


def test_a_page_past_the_end_shows_the_last_page(rf, commune):
    for n in range(5):
        PersonFactory(full_name=f"Phan Văn Hàng {n}", unit=commune)
    stale, _statements = _window(rf, Person.objects.filter(unit=commune).order_by("pk"), 9)
    assert stale["page"].number == 3 and [p.full_name for p in stale["page"].object_list] == ["Phan Văn Hàng 4"]
    assert (stale["count"], stale["more"]) == (5, False)


def test_a_long_list_says_how_many_rows_it_holds_at_least_and_pages_on(acting, commune):
    for n in range(PAGE_SIZE + 1):
        PersonFactory(full_name=f"Lê Văn Số{n:02d}", unit=commune)
    client = client_for(acting)
    first = client.get("/people/", {"q": "le van so"}).content.decode()
    assert f'data-testid="people-count">More than {PAGE_SIZE} people<' in first
    assert "<span>Page 1</span>" in first and 'rel="next"' in first
    second = client.get("/people/", {"q": "le van so", "page": 2}).content.decode()
    assert f'data-testid="people-count">{PAGE_SIZE + 1} people<' in second
    assert "<span>Page 2 of 2</span>" in second and 'rel="next"' not in second
