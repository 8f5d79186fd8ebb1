"""Django's Redis cache backend, keeping one ``redis.Redis`` client per connection pool.

Django's ``RedisCacheClient.get_client`` builds a new ``redis.Redis`` for every cache call, and
building one fills its table of some 170 response callbacks: about a third of the CPU a cached
public news page cost (``portal.middleware``). A ``redis.Redis`` holds no connection of its own (each
command borrows one from the pool), so one client per pool serves every call alike.
"""

from typing import Any

from django.core.cache.backends import redis


class RedisCacheClient(redis.RedisCacheClient):
    def __init__(self, servers: list[str], **options: Any):
        super().__init__(servers, **options)
        self._several = len(servers) > 1
        self._shared: Any = None

    def get_client(self, key: Any = None, *, write: bool = False) -> Any:
        if self._several:  # replicas: Django spreads the reads over them at random
            return super().get_client(key, write=write)
        if self._shared is None:
            self._shared = super().get_client(key, write=write)
        return self._shared


class RedisCache(redis.RedisCache):
    def __init__(self, server: Any, params: dict[str, Any]):
        super().__init__(server, params)
        self._class = RedisCacheClient
