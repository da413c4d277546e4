"""The database cache counts every request of every process (the API's rate limit relies on it)."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, connections

from tiepcan.ops.cache import LockingDatabaseCache

pytestmark = pytest.mark.django_db(transaction=True)


def _cache() -> LockingDatabaseCache:
    return LockingDatabaseCache("tiepcan_cache", {})


def test_it_counts_and_refuses_a_missing_counter() -> None:
    cache = _cache()
    assert cache.add("api:rate:x", 0, 60)
    assert [cache.incr("api:rate:x") for _ in range(3)] == [1, 2, 3]
    with pytest.raises(ValueError):
        cache.incr("api:rate:missing")


def test_parallel_increments_from_several_connections_lose_no_count() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("several writers at once: PostgreSQL (SQLite lets one writer in at a time)")
    cache = _cache()
    cache.set("api:rate:parallel", 0, 60)
    errors: list[BaseException] = []

    def count() -> None:
        try:
            for _ in range(25):
                _cache().incr("api:rate:parallel")
        except BaseException as exc:  # reported by the assertion below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=count) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert cache.get("api:rate:parallel") == 100
