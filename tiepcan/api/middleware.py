"""One access-log row per API request (key or session, path, answer, time taken)."""

from __future__ import annotations

import time
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from tiepcan.api.models import ApiAccessLog
from tiepcan.core import audit

API_PREFIX = "/api/"
# The interactive docs and the schema are static pages; they are not data access.
NOT_LOGGED = ("/api/v1/docs", "/api/v1/openapi.json")


class ApiAccessLogMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not request.path_info.startswith(API_PREFIX) or request.path_info.startswith(NOT_LOGGED):
            return self.get_response(request)
        started = time.monotonic()
        response = self.get_response(request)

        user = getattr(request, "user", None)
        ApiAccessLog.objects.create(
            key=getattr(request, "api_key", None),
            user=user if user is not None and user.is_authenticated else None,
            method=request.method or "",
            path=request.get_full_path()[:255],
            status=response.status_code,
            duration_ms=int((time.monotonic() - started) * 1000),
            ip_address=audit.current().ip_address or None,
            request_id=getattr(request, "request_id", "")[:64],
        )
        return response
