import os

import pytest
import redis
from django.core.cache import cache
from django.db import connection
from django.utils import translation

from neuguong.core import throttle

RULE = throttle.Rule(name="test.rule", limit=3, window=600, message="Wait. Try again in %(wait)s.")
# A Redis database per suite: ``make test`` runs the SQLite and PostgreSQL suites side by side, and
# each one empties its cache before and after every test (the system tests use database 5).
REDIS_URL = os.environ.get("NEUGUONG_TEST_REDIS_URL") or (
    f"redis://127.0.0.1:6379/{3 if connection.vendor == 'postgresql' else 4}")


def _redis_answers() -> bool:
    try:
        return bool(redis.Redis.from_url(REDIS_URL, socket_connect_timeout=0.5).ping())
    except redis.RedisError:
        return False


@pytest.fixture(autouse=True, params=["locmem", "redis"])
def _fresh_cache(request, settings):
    """Every counter test runs on the local memory cache and on Redis, whose add/incr/expiry
    semantics are those of production."""
    if request.param == "redis":
        if not _redis_answers():
            pytest.skip(f"Redis does not answer at {REDIS_URL}")
        settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache",
                                       "LOCATION": REDIS_URL}}
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def clock(monkeypatch):
    now = [1_800_000_000.0]
    monkeypatch.setattr(throttle, "_now", lambda: now[0])
    return now


def window_end(key: str, now: float) -> float:
    return throttle._window(RULE, key, now)[1]


def test_a_key_is_refused_past_its_limit_until_its_window_ends(clock):
    for _attempt in range(RULE.limit):
        throttle.hit(RULE, "203.0.113.5")
    with pytest.raises(throttle.ThrottledError) as refused:
        throttle.hit(RULE, "203.0.113.5")
    ends = window_end("203.0.113.5", clock[0])
    assert refused.value.code == "throttled" and 0 < refused.value.retry_after <= RULE.window
    assert refused.value.retry_after == int(ends - clock[0]) or refused.value.retry_after == int(ends - clock[0]) + 1
    clock[0] = ends
    throttle.hit(RULE, "203.0.113.5")  # a new window


def test_other_keys_keep_their_own_count(clock):
    for _attempt in range(RULE.limit):
        throttle.hit(RULE, "203.0.113.5")
    throttle.hit(RULE, "203.0.113.6")


def test_a_refunded_attempt_does_not_use_up_the_limit(clock):
    for _attempt in range(RULE.limit * 2):
        throttle.hit(RULE, "203.0.113.5")
        throttle.refund(RULE, "203.0.113.5")
    for _attempt in range(RULE.limit):
        throttle.hit(RULE, "203.0.113.5")
    with pytest.raises(throttle.ThrottledError):
        throttle.hit(RULE, "203.0.113.5")


def test_a_setting_overrides_the_limit(clock, settings):
    rule = throttle.Rule(name="test.setting", limit=1, window=60, message="%(wait)s", setting="TEST_LIMIT")
    settings.TEST_LIMIT = 2
    throttle.hit(rule, "x")
    throttle.hit(rule, "x")
    with pytest.raises(throttle.ThrottledError):
        throttle.hit(rule, "x")


def test_the_counters_hold_no_key_in_clear(clock):
    throttle.hit(RULE, "203.0.113.5")
    assert "203.0.113.5" not in throttle._window(RULE, "203.0.113.5", clock[0])[0]


def test_a_counter_expires_when_its_window_ends(clock, request):
    throttle.hit(RULE, "203.0.113.5")
    throttle.hit(RULE, "203.0.113.5")
    cache_key, ends = throttle._window(RULE, "203.0.113.5", clock[0])
    assert cache.get(cache_key) == 2
    if request.node.callspec.params["_fresh_cache"] == "redis":
        raw = cache._cache.get_client(write=False)  # type: ignore[attr-defined]
        assert 0 < raw.ttl(cache.make_and_validate_key(cache_key)) <= ends - clock[0] + 1


@pytest.mark.parametrize(("seconds", "text"), [(1, "1 second"), (45, "45 seconds"), (60, "1 minute"),
                                                (61, "2 minutes"), (719, "12 minutes"), (3600, "1 hour"),
                                                (7200, "2 hours")])
def test_the_wait_reads_as_a_human_duration(seconds, text):
    assert throttle.wait_text(seconds) == text


def test_the_wait_reads_in_vietnamese():
    with translation.override("vi"):
        refused = throttle.throttled("throttled", "Thử lại sau %(wait)s.", 719)
    assert refused.message == "Thử lại sau 12 phút." and refused.retry_after == 719


def test_ipv6_clients_count_per_64_network(clock):
    rule = throttle.Rule(name="test.address", limit=2, window=600, message="%(wait)s", per_address=True)
    throttle.hit(rule, "2001:db8:1:2::1")
    throttle.hit(rule, "2001:db8:1:2:ffff::9")
    with pytest.raises(throttle.ThrottledError):
        throttle.hit(rule, "2001:db8:1:2::abcd")
    throttle.hit(rule, "2001:db8:1:3::1")  # another subscriber's network
    throttle.hit(rule, "192.0.2.1")
    throttle.hit(rule, "192.0.2.2")  # IPv4 addresses count one by one


def test_a_refusal_is_logged_as_a_security_event_without_the_key(clock, caplog):
    for _attempt in range(RULE.limit):
        throttle.hit(RULE, "203.0.113.9")
    assert not caplog.records
    with caplog.at_level("WARNING", logger="neuguong.security"), pytest.raises(throttle.ThrottledError):
        throttle.hit(RULE, "203.0.113.9")
    [record] = caplog.records
    assert RULE.name in record.getMessage() and "203.0.113.9" not in record.getMessage()


def test_unreachable_counters_refuse_the_attempt_with_a_retry_time_not_a_server_error(clock, monkeypatch, caplog):
    def unreachable(*args, **kwargs):
        raise redis.ConnectionError("Connection refused")

    monkeypatch.setattr(throttle, "_add", unreachable)
    with caplog.at_level("ERROR", logger="neuguong.security"), pytest.raises(throttle.ThrottledError) as refused:
        throttle.hit(RULE, "203.0.113.7")
    assert refused.value.code == "throttle_unavailable" and refused.value.retry_after == 60
    assert caplog.records and "203.0.113.7" not in caplog.text
    throttle.refund(RULE, "203.0.113.7")  # a lost refund is logged, never raised
