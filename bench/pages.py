"""Page benchmarks against the loaded demo data (run `manage.py demo` first).

Prints the self-assessment page's server time and query count, and the autosave
latency (median and 95th percentile) sequentially and with concurrent clients.
Figures only: timings are never asserted in tests.
"""

from __future__ import annotations

import statistics
import threading
import time
from collections.abc import Callable
from typing import Any

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext


def _client(username: str) -> Client:
    from tiepcan.accounts.models import User

    client = Client()
    client.force_login(
        User.objects.get(username=username), backend="django.contrib.auth.backends.ModelBackend"
    )
    return client


def _p95(samples: list[float]) -> float:
    ordered = sorted(samples)
    return ordered[max(0, round(0.95 * len(ordered)) - 1)]


def run(out: Callable[[str], Any] = print, requests: int = 40, threads: int = 4) -> dict[str, float]:
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
    out(f"self-assessment page ({indicators} indicators): median {statistics.median(timings) * 1000:.0f} ms, "
        f"p95 {_p95(timings) * 1000:.0f} ms, {len(queries)} queries")  # fmt: skip

    def autosave(
        client: Client, samples: list[float], count: int, conflicts: list[int], target: Any = assessment
    ) -> None:
        for index in range(count):
            version = Assessment.objects.values_list("version", flat=True).get(pk=target.pk)
            started = time.perf_counter()
            response = client.post(
                f"/danh-gia/ho-so/{target.pk}/luu/",
                {
                    "version": version,
                    "indicator": "2.1",
                    "field": "listed",
                    "value": "true" if index % 2 else "false",
                },
            )
            samples.append(time.perf_counter() - started)
            if response.status_code == 409:
                conflicts.append(1)

    sequential: list[float] = []
    autosave(client, sequential, requests, [])
    out(
        f"autosave, one client: median {statistics.median(sequential) * 1000:.0f} ms, p95 {_p95(sequential) * 1000:.0f} ms"
    )
    concurrent: list[float] = []
    conflicts: list[int] = []
    # Each client edits its own commune's draft, as officers of different communes do.
    drafts = list(Assessment.objects.filter(period=assessment.period, status=Status.DRAFT)[:threads])
    workers = [
        threading.Thread(
            target=autosave, args=(_client("quantri"), concurrent, requests // threads, conflicts, draft)
        )
        for draft in drafts
    ]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    out(f"autosave, {threads} concurrent clients: median {statistics.median(concurrent) * 1000:.0f} ms, "
        f"p95 {_p95(concurrent) * 1000:.0f} ms, {len(conflicts)} refused as stale")  # fmt: skip
    return {
        "page_ms": statistics.median(timings) * 1000,
        "page_queries": len(queries),
        "autosave_p95_ms": _p95(concurrent) * 1000,
    }
