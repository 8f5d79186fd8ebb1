"""The Redis cache backend (``core.cache``) builds its ``redis.Redis`` client once, not on every call,
and still spreads reads over replicas as Django does. No server is needed: a client connects only
when it sends a command."""

from neuguong.core.cache import RedisCache


def test_one_redis_client_serves_every_call():
    backend = RedisCache("redis://127.0.0.1:1/0", {})._cache
    client = backend.get_client("portal:page:vi:home")
    assert backend.get_client("another", write=True) is client
    assert client.connection_pool is backend.get_client().connection_pool


def test_with_replicas_each_call_gets_its_own_client_as_in_django():
    backend = RedisCache("redis://127.0.0.1:1/0,redis://127.0.0.1:2/0", {})._cache
    assert backend.get_client("a") is not backend.get_client("a")
