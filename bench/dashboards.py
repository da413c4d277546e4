"""Dashboard benchmarks against the loaded data (run `manage.py demo` first): for the province and
national dashboards, the server time (median of a few requests in this process), the queries,
the bytes, and the time of the raw SQL of the main aggregate each shows. Figures only."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from typing import Any

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext


def _client(username: str) -> Client | None:
    from tiepcan.accounts.models import User

    user = User.objects.filter(username=username).first()
    if user is None:
        return None
    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


def _raw(sql: str) -> float:
    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute(sql)
        cursor.fetchall()
    return time.perf_counter() - started


def run(out: Callable[[str], Any] = print, requests: int = 5) -> dict[str, float]:
    import logging

    logging.getLogger("django.request").setLevel(logging.ERROR)
    from tiepcan.reports.models import ResultSummary

    pages = [
        ("province dashboard", "qt.sotuphap", "/bang-tong-hop/tinh/"),
        ("national dashboard", "botuphap", "/bang-tong-hop/toan-quoc/"),
    ]
    table = ResultSummary._meta.db_table
    raw = _raw(
        f"SELECT province_id, year, COUNT(*), SUM(CASE WHEN recognised THEN 1 ELSE 0 END) FROM {table} GROUP BY province_id, year"  # noqa: S608 - a table name of ours
    )
    figures: dict[str, float] = {}
    for name, username, url in pages:
        client = _client(username)
        if client is None:
            out(f"{name}: no demo account {username} (run `manage.py demo` first)")
            continue
        client.get(url)
        timings = []
        for _ in range(requests):
            started = time.perf_counter()
            response = client.get(url)
            timings.append(time.perf_counter() - started)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        median = statistics.median(timings)
        figures[name] = median
        out(
            f"{name}: median {median * 1000:.0f} ms, {len(queries)} queries, {len(response.content):,} bytes; "
            f"raw SQL of its per-province-and-year aggregate {raw * 1000:.1f} ms "
            f"({ResultSummary.objects.count():,} summary rows)"
        )
    return figures
