"""Requests per key in fixed windows, counted in Django's cache.

The counter lives in the shared cache (Redis or the database cache in production, see
``checks.py``), so every app process counts the same requests: a per-process memory
would let a client multiply its limit by the number of workers.
"""

from __future__ import annotations

import time

from django.conf import settings
from django.core.cache import cache


def hit(bucket: str, limit: int | None = None, window: int | None = None) -> int | None:
    """Count one request of ``bucket``; the seconds to wait when over the limit, else None."""
    limit = settings.API_RATE_LIMIT if limit is None else limit
    window = settings.API_RATE_WINDOW if window is None else window
    if limit <= 0:
        return None
    now = int(time.time())
    key = f"api:rate:{bucket}:{now // window}"
    # add() creates the counter only if it is missing; incr() is atomic on Redis and a single
    # UPDATE on the database cache.
    cache.add(key, 0, window + 5)
    try:
        count = cache.incr(key)
    except ValueError:  # the window's counter expired between add() and incr()
        cache.set(key, 1, window + 5)
        count = 1
    if count > limit:
        return max(1, window - now % window)
    return None
