"""Fixtures shared by every app: a small province and the three standard actors.

- ``unit_admin`` administers commune A (``commune``);
- ``member`` is a party member in a cell of commune A;
- ``outsider`` administers commune B (``sibling``), a sibling of commune A.

The product speaks Vietnamese by default; tests read and assert in English, so they activate
English and their clients ask for it. Tests of the Vietnamese default use a plain ``Client()``.
"""

import pytest
from django.conf import settings
from django.core.cache import cache
from django.core.management import call_command
from django.db import transaction
from django.test import Client, override_settings
from django.utils import translation

from neuguong.accounts.permissions import Role
from neuguong.orgs.models import UnitKind
from neuguong.orgs.tests.demo_size import DEMO_PEOPLE, DEMO_SEED
from neuguong.orgs.tests.factories import MembershipFactory, PersonFactory, UserFactory, grant, make_unit

PASSWORD = "Mat-khau-thu-nghiem-1"  # noqa: S105


@pytest.fixture(autouse=True)
def _test_defaults(settings, tmp_path):
    settings.LANGUAGE_CODE = "vi"
    settings.MEDIA_ROOT = tmp_path / "media"  # uploads of a test never land in var/
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    with translation.override("en"):
        yield


# The rate limits' clock in tests: fixed, so that no window ends in the middle of a test.
THROTTLE_NOW = 1_800_000_000.0


@pytest.fixture(autouse=True)
def _empty_cache(monkeypatch):
    """Rate-limit counters (logins, public pages) start from zero in every test, and their windows
    do not end in the middle of one (``core.throttle`` reads this clock)."""
    monkeypatch.setattr("neuguong.core.throttle._now", lambda: THROTTLE_NOW)
    cache.clear()
    yield
    cache.clear()


def vietnamese_wait(seconds: int) -> str:
    """How a page in Vietnamese says to wait ``seconds``, rounded up: "Thử lại sau 12 phút"."""
    if seconds < 60:
        return f"Thử lại sau {seconds} giây"
    if (minutes := -(-seconds // 60)) < 60:
        return f"Thử lại sau {minutes} phút"
    return f"Thử lại sau {-(-minutes // 60)} giờ"


@pytest.fixture(scope="session", autouse=True)
def _flush_past_the_audit_truncate_trigger():
    """Tests that commit (``transactional_db``, the live server) end with Django's flush, one
    TRUNCATE of every table, which the audit table refuses on PostgreSQL. The test database's
    superuser flushes with triggers off for that transaction, as no application role can."""
    from django.db.backends.postgresql.operations import DatabaseOperations

    sql_flush = DatabaseOperations.sql_flush

    def flush_with_triggers_off(self, *args, **kwargs):
        statements = sql_flush(self, *args, **kwargs)
        return ["SET LOCAL session_replication_role = replica", *statements] if statements else statements

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(DatabaseOperations, "sql_flush", flush_with_triggers_off)
        yield


@pytest.fixture(scope="session")
def demo_accounts_file(django_db_setup, django_db_blocker, tmp_path_factory):
    """The demo as ``make run`` loads it (in the default language), loaded once for the whole run
    because loading takes a while: in a transaction rolled back after the last test. Each test runs
    in a savepoint inside it, so what one test changes is rolled back before the next. The tests
    that use it run after every other test (``pytest_collection_modifyitems``), so that no other
    test meets the demo's records. Yields the file of the demo accounts' passwords."""
    accounts_file = tmp_path_factory.mktemp("demo") / "var" / "demo-accounts.json"
    fast_hashing = override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"])
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            with fast_hashing, translation.override(settings.LANGUAGE_CODE):
                call_command("load_demo", people=DEMO_PEOPLE, seed=DEMO_SEED, accounts_file=accounts_file)
        except BaseException:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
            raise
    yield accounts_file
    with django_db_blocker.unblock():
        transaction.set_rollback(True)
        outer.__exit__(None, None, None)


def pytest_collection_modifyitems(items):
    """The tests on the loaded demo run last, on one load (see ``demo_accounts_file``). On
    PostgreSQL, the browser tests and the tests marked ``sqlite_suite`` are skipped: they check
    pages (their text, their layout, what a browser does with them), which do not depend on the
    database, and they are the slowest; ``make test`` runs them in the SQLite suite beside the
    PostgreSQL one. Browser tests of what PostgreSQL does (several processes, faults) carry no
    ``e2e`` mark and run on PostgreSQL only."""
    items.sort(key=lambda item: "demo_accounts_file" in getattr(item, "fixturenames", ()))
    from django.db import connection

    if connection.vendor == "postgresql":
        skip = pytest.mark.skip(reason="a page test: run in the SQLite suite (see the root conftest)")
        for item in items:
            if item.get_closest_marker("e2e") or item.get_closest_marker("sqlite_suite"):
                item.add_marker(skip)


@pytest.fixture
def client():
    return Client(HTTP_ACCEPT_LANGUAGE="en")


@pytest.fixture
def province(db):
    return make_unit("Tỉnh ủy Hồng Lam", UnitKind.PROVINCE_COMMITTEE)


@pytest.fixture
def commune(province):
    return make_unit("Đảng bộ xã Thạch Hà", UnitKind.SUBORDINATE_COMMITTEE, province)


@pytest.fixture
def cell(commune):
    return make_unit("Chi bộ thôn Đông", UnitKind.CELL, commune)


@pytest.fixture
def sibling(province):
    return make_unit("Đảng bộ xã Cẩm Xuyên", UnitKind.SUBORDINATE_COMMITTEE, province)


@pytest.fixture
def sibling_cell(sibling):
    return make_unit("Chi bộ thôn Tây", UnitKind.CELL, sibling)


@pytest.fixture
def person(commune):
    return PersonFactory(full_name="Nguyễn Văn An", unit=commune)


@pytest.fixture
def sibling_person(sibling):
    return PersonFactory(full_name="Trần Thị Bình", unit=sibling)


@pytest.fixture
def unit_admin(commune):
    user = UserFactory(username="admin_a", person=PersonFactory(full_name="Lê Văn Quản", unit=commune))
    grant(user, Role.UNIT_ADMIN, commune)
    return user


@pytest.fixture
def member(cell):
    person = PersonFactory(full_name="Phạm Thị Hoa", unit=cell)
    MembershipFactory(person=person, cell=cell)
    user = UserFactory(username="member_a", person=person)
    grant(user, Role.PARTY_MEMBER, cell)
    return user


@pytest.fixture
def outsider(sibling):
    user = UserFactory(username="admin_b", person=PersonFactory(full_name="Võ Minh Ngoại", unit=sibling))
    grant(user, Role.UNIT_ADMIN, sibling)
    return user


@pytest.fixture
def system_admin(province):
    user = UserFactory(username="sysadmin", person=PersonFactory(full_name="Đặng Hữu Hệ", unit=province))
    grant(user, Role.SYSTEM_ADMIN, province)
    return user


def _client_for(user) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(user)
    return client


@pytest.fixture
def admin_client_a(unit_admin):
    return _client_for(unit_admin)


@pytest.fixture
def member_client(member):
    return _client_for(member)


@pytest.fixture
def outsider_client(outsider):
    return _client_for(outsider)
