"""Autosave latency with concurrent client PROCESSES against the loaded demo data.

Threads in one process share the GIL and one Django process; web workers do not.
Here every client is its own Python process (multiprocessing, 'spawn'): it sets up
Django with the parent's environment (same settings, same DATABASE_URL), signs in a
commune officer with ``force_login`` and posts autosaves through ``django.test.Client``
(the whole middleware stack and view, no HTTP server or network), reading the
assessment's current version before each save as the page does.

Three runs:

* one client process (the baseline);
* N client processes, each on its OWN commune's draft (officers of different communes);
* N client processes on the SAME draft: stale versions are refused with 409.

Each process warms up before the timed part; all start the timed part together.
The benchmark signs in dedicated officer accounts ``bench.<commune code>`` (created on
first use, unusable password) and puts back the values it changed when it is done, also
on Ctrl+C or SIGTERM; client processes end with the benchmark process, and a lock file
keeps two benchmarks from running against the same database at once.
Figures only: timings are never asserted in tests.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import math
import multiprocessing
import os
import queue
import signal
import statistics
import tempfile
import threading
import time
import traceback
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

INDICATOR, FIELD = "2.1", "listed"  # a yes/no input of qd27-2025: every save changes the values
HTMX = {"HX-Request": "true"}  # what the page's htmx sends with every autosave
BENCH_PREFIX = "bench."
BARRIER_TIMEOUT = 300.0  # seconds for every process to start Django and warm up
RESTORED_FIELDS = ("values", "not_arisen", "facts", "score", "total", "recognisable")


def post_form(client: Any, url: str, data: dict[str, Any]) -> Any:
    """POST one autosave as the page's htmx sends it: url-encoded, with ``HX-Request``.

    ``django.test.Client.post`` would send multipart/form-data, whose parsing costs the server
    more CPU than the browser's request does (about 0,5 ms a save).
    """
    return client.post(url, urlencode(data), content_type="application/x-www-form-urlencoded", headers=HTMX)


def describe_database() -> str:
    """Engine, server version and target of the default database (no password)."""
    from django.conf import settings
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT sqlite_version()" if connection.vendor == "sqlite" else "SELECT version()")
        version = cursor.fetchone()[0]
    db = settings.DATABASES["default"]
    target = db["NAME"] if connection.vendor == "sqlite" else f"{db.get('HOST') or 'local'}/{db['NAME']}"
    # "PostgreSQL 15.20" rather than the whole build string.
    version = " ".join(str(version).split()[:2]) if connection.vendor == "postgresql" else f"SQLite {version}"
    return (
        f"database: {connection.vendor} ({version}) at {target}; CONN_MAX_AGE={db.get('CONN_MAX_AGE')}, "
        f"DEBUG={settings.DEBUG}; host: {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f}"
    )


def percentile(samples: list[float], p: float) -> float:
    """Nearest-rank percentile (p in 0–100)."""
    ordered = sorted(samples)
    return ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)]


@dataclass
class Job:
    """What one client process does (picklable: it crosses the process boundary)."""

    index: int
    username: str
    assessment_id: int
    requests: int
    warmup: int


@dataclass
class Outcome:
    index: int
    latencies: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)  # CPU time of this process per request
    statuses: list[int] = field(default_factory=list)
    started: float = 0.0
    finished: float = 0.0
    error: str = ""


def _exit_with_parent() -> None:
    """End this client process as soon as the benchmark process is gone (killed, interrupted)."""
    parent = multiprocessing.parent_process()
    if parent is not None:

        def watch() -> None:
            parent.join()
            os._exit(1)

        threading.Thread(target=watch, name="parent-watch", daemon=True).start()


def _worker(job: Job, barrier: Any, results: Any) -> None:
    """Runs in a fresh process: set Django up, sign in, warm up, wait for the others, time."""
    _exit_with_parent()
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl+C is the parent's to handle: it stops us
    outcome = Outcome(index=job.index)
    try:
        import logging

        import django

        django.setup()
        logging.getLogger("django.request").setLevel(logging.ERROR)  # 409s are expected
        from django.db import connections
        from django.test import Client

        from tiepcan.accounts.models import User
        from tiepcan.assessments.models import Assessment

        client = Client()
        client.force_login(
            User.objects.get(username=job.username), backend="django.contrib.auth.backends.ModelBackend"
        )
        url = f"/danh-gia/ho-so/{job.assessment_id}/luu/"
        versions = Assessment.objects.values_list("version", flat=True)

        def save(number: int) -> tuple[float, float, int]:
            version = versions.get(pk=job.assessment_id)
            data = {
                "version": version,
                "indicator": INDICATOR,
                "field": FIELD,
                "value": "true" if number % 2 else "false",
            }
            cpu, started = time.process_time(), time.perf_counter()
            response = post_form(client, url, data)
            return time.perf_counter() - started, time.process_time() - cpu, response.status_code

        for number in range(job.warmup):
            save(number)
        barrier.wait(timeout=BARRIER_TIMEOUT)
        outcome.started = time.perf_counter()  # CLOCK_MONOTONIC: comparable across processes
        for number in range(job.requests):
            latency, cpu, status = save(number)
            outcome.latencies.append(latency)
            outcome.cpu.append(cpu)
            outcome.statuses.append(status)
        outcome.finished = time.perf_counter()
        client.logout()  # removes this client's session row
        connections.close_all()
    except Exception:  # reported by the parent, which must not hang on the barrier
        outcome.error = traceback.format_exc()
        barrier.abort()
    results.put(outcome)


def _run_processes(jobs: list[Job]) -> list[Outcome]:
    """Start one process per job, release them together, collect every outcome, leave no process behind."""
    context = multiprocessing.get_context("spawn")
    barrier = context.Barrier(len(jobs))
    results = context.Queue()
    processes = [
        context.Process(
            target=_worker, args=(job, barrier, results), name=f"bench-autosave-{job.index}", daemon=True
        )
        for job in jobs
    ]
    outcomes: list[Outcome] = []
    try:
        for process in processes:
            process.start()
        deadline = time.monotonic() + BARRIER_TIMEOUT + 60 + sum(job.requests for job in jobs)
        while len(outcomes) < len(jobs):
            try:
                outcomes.append(results.get(timeout=1.0))
            except queue.Empty:
                # A process died without reporting (killed, crashed in C), or time is up: stop waiting.
                stopped = time.monotonic() > deadline or not any(p.is_alive() for p in processes)
                if stopped and results.empty():
                    break
        for process in processes:
            process.join(timeout=30)
    finally:
        for process in processes:
            if process.is_alive():
                process.terminate()
                process.join(timeout=10)
        results.close()
        results.join_thread()
    missing = {job.index for job in jobs} - {outcome.index for outcome in outcomes}
    outcomes += [Outcome(index=index, error="process ended without reporting") for index in sorted(missing)]
    return outcomes


def _summary(label: str, outcomes: list[Outcome]) -> tuple[list[str], dict[str, float]]:
    errors = [outcome for outcome in outcomes if outcome.error]
    if errors:
        first = errors[0].error.strip().splitlines()
        return [f"{label}: {len(errors)} of {len(outcomes)} processes failed: {first[-1]}", *first[-6:-1]], {}
    latencies = [latency for outcome in outcomes for latency in outcome.latencies]
    cpu = [seconds for outcome in outcomes for seconds in outcome.cpu]
    statuses = Counter(status for outcome in outcomes for status in outcome.statuses)
    wall = max(outcome.finished for outcome in outcomes) - min(outcome.started for outcome in outcomes)
    saved = statuses.get(200, 0)
    lines = [
        f"{label}: {len(latencies)} requests in {wall:.2f} s, median {statistics.median(latencies) * 1000:.1f} ms, "
        f"p95 {percentile(latencies, 95) * 1000:.1f} ms, p99 {percentile(latencies, 99) * 1000:.1f} ms, "
        f"max {max(latencies) * 1000:.1f} ms; {saved / wall:.1f} saves/s; "
        f"{statuses.get(409, 0)} refused as stale (409)",
        f"  CPU time of the client process per request: median {statistics.median(cpu) * 1000:.1f} ms, "
        f"mean {statistics.mean(cpu) * 1000:.1f} ms (the rest of the latency is waiting: database, locks, "
        "other processes on the CPUs)",
    ]
    others = {status: count for status, count in sorted(statuses.items()) if status not in (200, 409)}
    if others:
        lines.append(
            "  other statuses: " + ", ".join(f"{status}×{count}" for status, count in others.items())
        )
    if statuses.get(409):
        by_status = {
            status: [
                lat for o in outcomes for lat, s in zip(o.latencies, o.statuses, strict=True) if s == status
            ]
            for status in (200, 409)
        }
        lines.append(
            "  "
            + "; ".join(
                f"{status}: median {statistics.median(values) * 1000:.1f} ms, p95 {percentile(values, 95) * 1000:.1f} ms"
                for status, values in by_status.items()
                if values
            )
        )
    figures = {
        "requests": len(latencies),
        "median_ms": statistics.median(latencies) * 1000,
        "p95_ms": percentile(latencies, 95) * 1000,
        "p99_ms": percentile(latencies, 99) * 1000,
        "max_ms": max(latencies) * 1000,
        "cpu_ms": statistics.median(cpu) * 1000,
        "saves_per_s": saved / wall,
        "stale_409": statuses.get(409, 0),
        "other_statuses": sum(others.values()),
    }
    return lines, figures


@contextlib.contextmanager
def exclusive() -> Iterator[bool]:
    """True if no other benchmark is writing to this database from this host (else False).

    Two runs at once would skew each other's figures, and the later one would put back
    values the earlier one had changed.
    """
    from django.db import connection

    db = connection.settings_dict
    target = f"{connection.vendor}:{db.get('HOST')}:{db.get('PORT')}:{db['NAME']}"
    path = (
        Path(tempfile.gettempdir()) / f"tiepcan-bench-{hashlib.sha256(target.encode()).hexdigest()[:16]}.lock"
    )
    with path.open("w") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            yield False
            return
        try:
            yield True
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


@contextlib.contextmanager
def restored(assessment_ids: list[int]) -> Iterator[None]:
    """Put back the values of these assessments afterwards; the version still moves on, so open pages reload."""
    from django.db import transaction

    from tiepcan.assessments.models import Assessment
    from tiepcan.core import audit

    before = {
        row["pk"]: row
        for row in Assessment.objects.filter(pk__in=assessment_ids).values("pk", *RESTORED_FIELDS)
    }
    try:
        yield
    finally:
        with audit.audit_context(reason="manage.py bench: values put back"), transaction.atomic():
            for assessment in Assessment.objects.select_for_update().filter(pk__in=before):
                for name in RESTORED_FIELDS:
                    setattr(assessment, name, before[assessment.pk][name])
                assessment.version += 1  # the row is locked: no autosave slips in between
                assessment.save(update_fields=[*RESTORED_FIELDS, "version", "updated_at"])


@contextlib.contextmanager
def _terminate_gracefully() -> Iterator[None]:
    """On SIGTERM, unwind (stop the client processes, put the values back) instead of dying on the spot."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def stop(signum: int, frame: Any) -> None:
        raise SystemExit(128 + signum)

    previous = signal.signal(signal.SIGTERM, stop)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def bench_account(unit: Any, role: str, username: str, full_name: str) -> str:
    """An account of the benchmark's own holding ``role`` at ``unit`` (unusable password: nobody can sign in)."""
    from tiepcan.accounts.models import RoleAssignment, User

    user = User.objects.filter(username=username).first()
    if user is None:
        user = User(username=username, full_name=full_name)
        user.set_unusable_password()
        user.save()
    RoleAssignment.objects.get_or_create(user=user, role=role, unit=unit, agency=None)
    return username


def _officer(unit: Any) -> str:
    """The commune officer ``bench.<code>``."""
    from tiepcan.accounts.choices import Role

    return bench_account(
        unit, Role.COMMUNE_OFFICER, f"{BENCH_PREFIX}{unit.code}", f"Tài khoản đo hiệu năng {unit.code}"
    )


def run(
    out: Callable[[str], Any] = print,
    clients: int = 4,
    requests: int = 100,
    warmup: int = 10,
    contention: bool = True,
) -> dict[str, dict[str, float]]:
    with exclusive() as alone:
        if not alone:
            out("autosave: another benchmark is running against this database; try again when it is done")
            return {}
        return _run(out, clients, requests, warmup, contention)


def _run(
    out: Callable[[str], Any], clients: int, requests: int, warmup: int, contention: bool
) -> dict[str, dict[str, float]]:
    from tiepcan.assessments.choices import Status
    from tiepcan.assessments.models import Assessment
    from tiepcan.core import audit

    home = Assessment.objects.filter(unit__code="06187", period__year=2026).select_related("period").first()
    if home is None:
        out("autosave: no demo data (run `manage.py demo` first)")
        return {}
    drafts = list(
        Assessment.objects.filter(period=home.period, status=Status.DRAFT)
        .select_related("unit")
        .order_by("unit__code")
    )
    if len(drafts) < clients:
        out(f"autosave: only {len(drafts)} draft assessments in the demo period; using {len(drafts)} clients")
        clients = len(drafts)
    drafts = drafts[:clients]
    with audit.audit_context(reason="manage.py bench autosave"):
        officers = {draft.pk: _officer(draft.unit) for draft in drafts}

    out(describe_database())
    out(
        f"autosave: POST /danh-gia/ho-so/<pk>/luu/ ({INDICATOR} {FIELD}) through django.test.Client (no HTTP server), "
        f"one Python process per client (spawn); {requests} timed saves per process after {warmup} warm-up saves, "
        "version read before each save"
    )
    figures: dict[str, dict[str, float]] = {}
    runs = [("one client", [drafts[0].pk])]
    if clients > 1:
        runs.append((f"{clients} clients, own commune each", [draft.pk for draft in drafts]))
        if contention:
            runs.append((f"{clients} clients, same assessment", [drafts[0].pk] * clients))
    with _terminate_gracefully(), restored([draft.pk for draft in drafts]):
        for label, targets in runs:
            jobs = [
                Job(index=index, username=officers[pk], assessment_id=pk, requests=requests, warmup=warmup)
                for index, pk in enumerate(targets)
            ]
            lines, result = _summary(label, _run_processes(jobs))
            for line in lines:
                out(line)
            if result:
                figures[label] = result
    return figures
