"""Page benchmarks against the loaded demo data (run `manage.py demo` first).

Prints the self-assessment page's server time and query count, and one client's
autosave latency and query count, measured in this process with django.test.Client
(no HTTP server). Autosave under concurrent clients is measured with separate
processes in ``bench/autosave.py``. Figures only: timings are never asserted in tests.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from typing import Any

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from bench.autosave import FIELD, INDICATOR, describe_database, exclusive, percentile, post_form, restored


def _client(username: str) -> Client:
    from tiepcan.accounts.models import User

    client = Client()
    client.force_login(
        User.objects.get(username=username), backend="django.contrib.auth.backends.ModelBackend"
    )
    return client


def run(out: Callable[[str], Any] = print, requests: int = 40) -> dict[str, float]:
    with exclusive() as alone:
        if not alone:
            out("pages: another benchmark is running against this database; try again when it is done")
            return {}
        return _run(out, requests)


def _run(out: Callable[[str], Any], requests: int) -> dict[str, float]:
    import logging

    logging.getLogger("django.request").setLevel(logging.ERROR)
    from tiepcan.assessments.choices import Status
    from tiepcan.assessments.models import Assessment

    assessment = Assessment.objects.filter(unit__code="06187", period__year=2026).first()
    if assessment is None:
        out("pages: no demo data (run `manage.py demo` first)")
        return {}
    if assessment.status != Status.DRAFT:
        Assessment.objects.filter(pk=assessment.pk).update(status=Status.DRAFT)
    out(describe_database())
    client = _client("cb.kylua")
    url = f"/danh-gia/ho-so/{assessment.pk}/"
    client.get(url)
    timings = []
    for _ in range(requests):
        started = time.perf_counter()
        client.get(url)
        timings.append(time.perf_counter() - started)
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    indicators = len(assessment.score.get("indicators", []))
    out(
        f"self-assessment page ({indicators} indicators), one client in this process: "
        f"median {statistics.median(timings) * 1000:.1f} ms, p95 {percentile(timings, 95) * 1000:.1f} ms, "
        f"{len(queries)} queries"
    )

    versions = Assessment.objects.values_list("version", flat=True)

    def autosave(index: int) -> tuple[float, int, int]:
        """One save as the page makes it (current version); its latency, status and query count."""
        data = {
            "version": versions.get(pk=assessment.pk),
            "indicator": INDICATOR,
            "field": FIELD,
            "value": "true" if index % 2 else "false",
        }
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = post_form(client, f"{url}luu/", data)
            latency = time.perf_counter() - started
        return latency, response.status_code, len(captured)

    with restored([assessment.pk]):
        autosave(0)
        sequential: list[float] = []
        statuses: set[int] = set()
        save_queries = 0
        for index in range(requests):
            latency, status, save_queries = autosave(index)
            sequential.append(latency)
            statuses.add(status)
    client.logout()
    out(
        f"autosave, one client in this process: median {statistics.median(sequential) * 1000:.1f} ms, "
        f"p95 {percentile(sequential, 95) * 1000:.1f} ms, {save_queries} queries, statuses {sorted(statuses)}; "
        "concurrent clients: `manage.py bench autosave`"
    )
    return {
        "page_ms": statistics.median(timings) * 1000,
        "page_queries": len(queries),
        "autosave_ms": statistics.median(sequential) * 1000,
        "autosave_queries": save_queries,
    }
