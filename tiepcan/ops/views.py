"""Readiness, metrics and the answer given when a service is down."""

from __future__ import annotations

import hmac
import sys

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.views.decorators.cache import never_cache
from django.views.defaults import server_error as django_server_error

from tiepcan.accounts.choices import Role
from tiepcan.accounts.permissions import grants_for
from tiepcan.ops import readiness
from tiepcan.ops.metrics import UNAVAILABLE, exposition
from tiepcan.ops.services import MESSAGES, unavailable_service


@never_cache
def readyz(request: HttpRequest) -> JsonResponse:
    """200 when the database, the file storage and the job queue answer and a background worker
    beat recently (``"worker": "stale"`` otherwise, docs/tasks.md "Heartbeat"); 503 otherwise.

    For the proxy or load balancer: a server that is alive (``/healthz``) but cannot reach
    its database or storage is taken out of rotation instead of answering errors.
    """
    results = readiness.run_checks()
    ready = all(word in readiness.READY_WORDS for word in results.values())
    return JsonResponse(
        {"status": "ok" if ready else "unavailable", "checks": results},
        status=200 if ready else 503,
    )


def _may_read_metrics(request: HttpRequest) -> bool:
    token = settings.METRICS_TOKEN
    header = request.headers.get("Authorization", "")
    if token and header.startswith("Bearer ") and hmac.compare_digest(header[7:].encode(), token.encode()):
        return True
    user = request.user
    if not user.is_authenticated:
        return False

    return Role.SYSTEM_ADMIN in grants_for(user).roles


@never_cache
def metrics(request: HttpRequest) -> HttpResponse:
    """Prometheus text format, for administrators or a scraper holding ``METRICS_TOKEN``."""
    if not _may_read_metrics(request):
        # 404, not 403: the endpoint does not advertise itself to people who may not read it.
        return HttpResponse(status=404 if not request.user.is_authenticated else 403)
    body, content_type = exposition()
    return HttpResponse(body, content_type=content_type)


def server_error(request: HttpRequest) -> HttpResponse:
    """Django's 500 handler: an outage of a service gets a 503 saying which, in Vietnamese.

    Rendered without the request context (no menu, no user): when the database is down the
    context processors would fail again.
    """
    exc = sys.exc_info()[1]
    service = unavailable_service(exc) if exc is not None else None
    if service is None:
        return django_server_error(request)
    UNAVAILABLE.labels(service).inc()
    html = render_to_string("ops/unavailable.html", {"message": MESSAGES[service]})
    response = HttpResponse(html, status=503)
    response["Retry-After"] = "30"
    return response
