"""Prometheus metrics, written with the client library directly.

django-prometheus does not yet declare support for Django 6.1, and the few series an
operator needs (requests, latency, failures, unavailable services, queue depth) take a page.
Under gunicorn each worker process counts on its own: set ``PROMETHEUS_MULTIPROC_DIR`` (the
shipped gunicorn config and systemd unit do) and the endpoint adds the processes up.
"""

from __future__ import annotations

import os
from collections.abc import Iterable

from django.db.models import Count
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
    multiprocess,
)
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import REGISTRY, Collector

from tiepcan.ops.readiness import jobs_model

REQUESTS = Counter("tiepcan_http_requests_total", "HTTP requests answered", ["method", "status"])
LATENCY = Histogram(
    "tiepcan_http_request_duration_seconds",
    "Time to answer an HTTP request",
    ["method"],
    buckets=(0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30),
)
FAILURES = Counter("tiepcan_http_failures_total", "Requests answered with a server error (5xx)", ["status"])
UNAVAILABLE = Counter(
    "tiepcan_service_unavailable_total", "Requests refused because a service was down", ["service"]
)


class QueueCollector(Collector):
    """Background jobs by status, read from the jobs table at scrape time (when there is one)."""

    def collect(self) -> Iterable[GaugeMetricFamily]:

        model = jobs_model()
        if model is None:
            return
        family = GaugeMetricFamily("tiepcan_task_queue_jobs", "Background jobs by status", labels=["status"])
        for row in model._default_manager.values("status").annotate(n=Count("pk")).order_by("status"):
            family.add_metric([str(row["status"])], row["n"])
        yield family


def exposition() -> tuple[bytes, str]:
    """The text format of every series, added up over worker processes when multiprocess."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
        body = generate_latest(registry)
    else:
        body = generate_latest(REGISTRY)
    queue = CollectorRegistry()
    queue.register(QueueCollector())
    return body + generate_latest(queue), CONTENT_TYPE_LATEST
