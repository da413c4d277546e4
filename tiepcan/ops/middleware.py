"""Counts every request for /metrics."""

from __future__ import annotations

import time
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from tiepcan.ops.metrics import FAILURES, LATENCY, REQUESTS


class MetricsMiddleware:
    """Outermost, so the figures include every other middleware's time and answers."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        started = time.perf_counter()
        response = self.get_response(request)
        # Method names are bounded to the usual verbs: a client cannot mint new series.
        method = request.method if request.method in _METHODS else "OTHER"
        LATENCY.labels(method).observe(time.perf_counter() - started)
        REQUESTS.labels(method, str(response.status_code)).inc()
        if response.status_code >= 500:
            FAILURES.labels(str(response.status_code)).inc()
        return response


_METHODS = {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"}
