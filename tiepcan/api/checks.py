"""The API's rate limits need a cache that every app process shares."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import Error, register

PER_PROCESS = {
    "django.core.cache.backends.locmem.LocMemCache",
    "django.core.cache.backends.dummy.DummyCache",
}


@register()
def shared_cache(app_configs: Any = None, **kwargs: Any) -> list[Error]:
    backend = settings.CACHES.get("default", {}).get("BACKEND", "")
    if getattr(settings, "PRODUCTION", False) and backend in PER_PROCESS:
        return [
            Error(
                "The API rate limits count requests in the default cache, which is per process here.",
                hint="Use Redis (REDIS_URL) or the database cache in production.",
                id="tiepcan_api.E001",
            )
        ]
    return []
