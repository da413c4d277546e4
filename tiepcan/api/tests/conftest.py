"""Keys for the API tests: ``key_for(user)`` issues one and returns the token."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from django.core.cache import cache
from django.utils import timezone

from tiepcan.api.choices import KeyAccess, KeyKind
from tiepcan.api.models import ApiKey


def make_key(
    user: Any, access: str = KeyAccess.WRITE, *, days: int = 30, kind: str = KeyKind.PERSONAL
) -> str:
    token, prefix, digest = ApiKey.new_secret()
    ApiKey.objects.create(
        user=user,
        kind=kind,
        name="Khóa thử nghiệm",
        access=access,
        prefix=prefix,
        digest=digest,
        expires_at=timezone.now() + timedelta(days=days),
        created_by=user,
    )
    return token


@pytest.fixture
def key_for() -> Callable[..., str]:
    return make_key


@pytest.fixture(autouse=True)
def _fresh_rate_limits() -> None:
    cache.clear()


@pytest.fixture
def media(settings: Any, tmp_path: Any) -> None:
    """Uploads (evidence, output files) land in a throw-away folder, never in var/media."""
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "media")},
        },
    }
