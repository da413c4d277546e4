"""Who is calling: an API key (``Authorization: Bearer tc_…``) or the browser's session.

A key acts as its user, never wider: the endpoints ask the user's grants, exactly as the
pages do, and a read-only key is refused every write. Each key (or signed-in person) has a
rate limit; writes made with a key carry the key's prefix into the audit trail.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja.errors import HttpError
from ninja.security import APIKeyCookie, HttpBearer
from ninja.utils import check_csrf

from tiepcan.api import ratelimit
from tiepcan.api.models import ApiKey
from tiepcan.core import audit

SAFE_METHODS = ("GET", "HEAD", "OPTIONS")


class RateLimited(HttpError):
    def __init__(self, wait: int) -> None:
        super().__init__(429, _("Quá nhiều yêu cầu; hãy thử lại sau %(n)s giây.") % {"n": wait})
        self.wait = wait


def _limit(bucket: str) -> None:
    wait = ratelimit.hit(bucket)
    if wait is not None:
        raise RateLimited(wait)


class KeyAuth(HttpBearer):
    """An API key in the Authorization header."""

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        key = ApiKey.authenticate(token)
        if key is None:
            return None
        _limit(f"key:{key.pk}")
        if request.method not in SAFE_METHODS and not key.can_write:
            raise HttpError(403, _("Khóa API này chỉ được đọc dữ liệu."))
        now = timezone.now()
        if key.last_used_at is None or now - key.last_used_at > timedelta(minutes=1):
            ApiKey.objects.filter(pk=key.pk).update(last_used_at=now)  # no audit row per request
        request.user = key.user
        request.api_key = key  # type: ignore[attr-defined]
        # Every change this request writes names the person and the key (AuditEntry.api_key).
        audit._context.set(
            replace(
                audit.current(),
                actor_id=key.user.pk,
                actor_label=key.user.get_username(),
                api_key=key.prefix,
            )
        )
        return key.user


class SessionAuth(APIKeyCookie):
    """The signed-in browser (the interactive docs); writes need the CSRF token."""

    param_name = "sessionid"

    def _get_key(self, request: HttpRequest) -> str | None:
        return None  # the session middleware has already read the cookie

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None
        if request.method not in SAFE_METHODS and check_csrf(request) is not None:
            raise HttpError(403, _("Thiếu hoặc sai mã CSRF."))
        _limit(f"user:{user.pk}")
        return user
