"""The connection pool on PostgreSQL hands out only live connections: one whose server backend
was terminated while it sat idle in the pool is replaced at checkout (the health check), and one
that broke in the middle of a request is discarded when the request ends, never handed out again."""

import copy
import time
from collections.abc import Iterator

import pytest
from django.db import OperationalError, connection
from django.db.backends.postgresql.base import DatabaseWrapper

pytestmark = pytest.mark.skipif(connection.vendor != "postgresql", reason="the connection pool is PostgreSQL only")


@pytest.fixture
def pooled(db) -> Iterator[DatabaseWrapper]:
    """A second connection to the test database, configured by the project's settings, with a pool
    of exactly one connection so that a dead one cannot hide behind a healthy one."""
    settings_dict = copy.deepcopy(connection.settings_dict)
    settings_dict["OPTIONS"]["pool"] = {"min_size": 1, "max_size": 1, "timeout": 5}
    wrapper = DatabaseWrapper(settings_dict, alias="pool_probe")
    yield wrapper
    wrapper.close()
    wrapper.close_pool()


def _backend_pid(wrapper: DatabaseWrapper) -> int:
    with wrapper.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        return cursor.fetchone()[0]


def _terminate(pid: int) -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_terminate_backend(%s)", [pid])
        for _ in range(50):  # the signal is asynchronous: wait until the backend is gone
            cursor.execute("SELECT count(*) FROM pg_stat_activity WHERE pid = %s", [pid])
            if cursor.fetchone()[0] == 0:
                return
            time.sleep(0.02)


def test_the_settings_turn_on_the_connection_health_check():
    assert connection.settings_dict["CONN_HEALTH_CHECKS"] is True


def test_a_connection_terminated_while_idle_in_the_pool_is_replaced_at_checkout(pooled):
    first = _backend_pid(pooled)
    pooled.close()  # back to the pool, idle
    _terminate(first)
    assert _backend_pid(pooled) != first  # the dead one was checked, dropped and replaced
    assert pooled.pool.get_stats().get("connections_lost") == 1


def test_a_connection_broken_mid_request_is_not_returned_to_the_pool(pooled):
    first = _backend_pid(pooled)
    _terminate(first)
    with pytest.raises(OperationalError):
        _backend_pid(pooled)
    pooled.close_if_unusable_or_obsolete()  # what Django does when the request finishes
    assert pooled.connection is None
    assert pooled.pool.get_stats().get("returns_bad") == 1
    assert _backend_pid(pooled) != first
