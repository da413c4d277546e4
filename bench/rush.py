"""The deadline rush over HTTP: communes autosaving at human pace, chairmen approving, nothing lost.

Starts the application on loopback (gunicorn with one worker per CPU where it is installed,
else ``manage.py runserver`` without autoreload), then a thread per commune posts autosaves
to ``/danh-gia/ho-so/<pk>/luu/`` with a human's pause between them (``--pace`` seconds on
average), each carrying the version the previous answer gave, as the page does. When a
commune has made its saves, its chairman sends the result on (``DRAFT → APPROVED`` through
``/chuyen-buoc/``) for the first ``--submitters`` communes. Afterwards every value the server
acknowledged (200) is looked up in the database: a lost value is one acknowledged but not
stored. Then the CPU time of one autosave is measured in this process (django.test.Client,
no HTTP) and, with ``--profile``, the functions that cost it are listed.

The dossiers are the bench's own: the demo's 2026 period has fewer drafts than the rush has
communes (26 against 60), so the bench opens periods of its own for the demo province, far in
the future (years from ``BENCH_YEAR``, titled ``BENCH_TITLE``), one draft per commune of the
demo period with that commune's values, as many periods as the communes asked need. They are
deleted at the end (also on Ctrl+C or SIGTERM; a run killed outright leaves them for the next
run to delete first). The demo's own dossiers are never touched.

Accounts ``bench.<code>`` and ``bench.chair.<code>`` (unusable passwords) are signed in by
session rows made here. Figures only; never asserted in tests.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import random
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bench.autosave import (
    FIELD,
    INDICATOR,
    _terminate_gracefully,
    bench_account,
    describe_database,
    exclusive,
    percentile,
    post_form,
)
from bench.cpu import CpuAccount, split_line

ROOT = Path(__file__).resolve().parent.parent
BENCH_YEAR = 9001  # the bench's periods: no real period is that far ahead
BENCH_TITLE = "Đo hiệu năng: bench rush (tạm thời, xoá khi chạy xong)"
# Issue 12's aim on a 2-core machine.
AIM_SAVES_PER_S, AIM_P95_MS, AIM_CPU_MS = 60.0, 250.0, 10.0
VERSION = re.compile(rb'name="version"\s+value="(\d+)"')  # attributes may sit on separate lines (djLint)


@dataclass
class Commune:
    assessment_id: int
    code: str
    officer: str
    chairman: str
    cookies: dict[str, str] = field(default_factory=dict)
    chair_cookies: dict[str, str] = field(default_factory=dict)
    latencies: list[float] = field(default_factory=list)
    statuses: Counter[int] = field(default_factory=Counter)
    acknowledged: str | None = None  # the last value the server said it saved
    errors: list[str] = field(default_factory=list)
    submitted: bool = False  # the server said the chairman's step was taken
    refused: bool = False  # the rules refused it (an incomplete draft): not a loss
    connections: int = 0  # TCP connections the commune opened
    requests: int = 0  # requests it sent (warm-up included)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextlib.contextmanager
def server(workers: int, threads: int = 1, start_timeout: float = 180.0) -> Iterator[tuple[str, str, int]]:
    """The application on loopback for the duration of the run; yields (base URL, description, pid).

    gunicorn runs with the deployment's own settings (``deploy/gunicorn.conf.py``: access log,
    metrics files, keep-alive), only the address, the workers and the threads told here.
    Its error output goes to a temporary file, not a pipe: a pipe nobody reads fills up with the
    server's warnings (every stale save is one) and then stalls the server; the access log
    goes nowhere, as journald takes it in production.
    """
    port = _free_port()
    metrics = tempfile.mkdtemp(prefix="tiepcan-bench-metrics-")
    env = {
        **os.environ,
        "DEBUG": "false",
        "LOG_LEVEL": "WARNING",
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "WEB_CONCURRENCY": str(workers),
        "GUNICORN_THREADS": str(threads),
        "PROMETHEUS_MULTIPROC_DIR": metrics,
    }
    python = sys.executable
    gunicorn = shutil.which("gunicorn", path=str(Path(python).parent))
    if gunicorn:
        command = [gunicorn, "-c", str(ROOT / "deploy" / "gunicorn.conf.py"), "tiepcan.wsgi:application"]
        what = f"gunicorn (deploy/gunicorn.conf.py), {workers} worker processes" + (
            f" × {threads} threads (gthread, keep-alive)" if threads > 1 else " (sync)"
        )
    else:
        command = [python, "manage.py", "runserver", "--noreload", f"127.0.0.1:{port}"]
        what = "manage.py runserver (threaded, one process: gunicorn is not installed)"
    with tempfile.TemporaryFile() as errors:
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=errors)
        base = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + start_timeout
            while True:
                try:
                    with urllib.request.urlopen(f"{base}/healthz", timeout=5):
                        break
                except OSError:  # refused, reset, or too slow to answer yet (a loaded machine): not up yet
                    if process.poll() is not None or time.monotonic() > deadline:
                        _stop(process)
                        errors.seek(0)
                        raise RuntimeError(
                            f"the server did not answer /healthz within {start_timeout:.0f} s: "
                            f"{errors.read().decode(errors='replace')[-2000:]}"
                        ) from None
                    time.sleep(0.3)
            yield base, what, process.pid
        finally:
            _stop(process)
            shutil.rmtree(metrics, ignore_errors=True)


def _stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        process.terminate()
    try:
        process.wait(timeout=40)  # gunicorn lets its workers finish their request first
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def _session(username: str) -> dict[str, str]:
    """Cookies of a signed-in session for ``username`` and a CSRF secret the requests repeat in a header."""
    from django.test import Client
    from django.utils.crypto import get_random_string

    from tiepcan.accounts.models import User

    client = Client()
    client.force_login(
        User.objects.get(username=username), backend="django.contrib.auth.backends.ModelBackend"
    )
    return {"sessionid": client.cookies["sessionid"].value, "csrftoken": get_random_string(32)}


class Connection:
    """One commune's HTTP/1.1 connection to the server, as a browser keeps one: reused while the
    server keeps it open (keep-alive), opened again when the server closed it (a sync worker
    closes after every answer). Lean on purpose: the bench's clients stand for other machines,
    so they must not take the server's CPU; asyncio in one process costs a fraction of a
    millisecond a request, where a thread per commune with urllib cost about 28 ms (measured
    with bench.cpu, December 2026)."""

    def __init__(self, host: str, port: int) -> None:
        self.host, self.port = host, port
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None
        self.opened = 0  # TCP connections opened: how often the server made the client reconnect
        self.sent = 0  # requests answered

    async def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
            with contextlib.suppress(OSError):
                await self.writer.wait_closed()
        self.reader = self.writer = None

    async def request(
        self, method: str, path: str, headers: dict[str, str], body: bytes = b""
    ) -> tuple[int, dict[str, str], bytes]:
        head = (
            f"{method} {path} HTTP/1.1\r\nHost: {self.host}:{self.port}\r\nContent-Length: {len(body)}\r\n"
            + "".join(f"{name}: {value}\r\n" for name, value in headers.items())
            + "\r\n"
        ).encode("latin-1")
        reused = self.writer is not None
        try:
            return await self._exchange(head + body)
        except (ConnectionError, asyncio.IncompleteReadError):
            await self.close()
            if not reused:
                raise
        # The server had closed the idle connection before reading the request: send it again.
        return await self._exchange(head + body)

    async def _exchange(self, data: bytes) -> tuple[int, dict[str, str], bytes]:
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection(self.host, self.port)
            self.opened += 1
        assert self.reader is not None
        self.writer.write(data)
        await self.writer.drain()
        status_line = await self.reader.readuntil(b"\r\n")
        version, status = status_line.split()[:2]
        headers: dict[str, str] = {}
        while (line := await self.reader.readuntil(b"\r\n")) != b"\r\n":
            name, _, value = line.decode("latin-1").partition(":")
            name, value = name.strip().lower(), value.strip()
            # Several Set-Cookie headers: one per line (a cookie's value holds no newline).
            headers[name] = f"{headers[name]}\n{value}" if name == "set-cookie" and name in headers else value
        if "content-length" in headers:
            body = await self.reader.readexactly(int(headers["content-length"]))
        elif headers.get("transfer-encoding", "").lower() == "chunked":
            body = b""
            while size := int((await self.reader.readuntil(b"\r\n")).split(b";")[0], 16):
                body += (await self.reader.readexactly(size + 2))[:-2]
            await self.reader.readuntil(b"\r\n")
        else:
            body = await self.reader.read()
            headers["connection"] = "close"
        if headers.get("connection", "").lower() == "close" or version == b"HTTP/1.0":
            await self.close()
        self.sent += 1
        return int(status), headers, body


def _headers(cookies: dict[str, str], form: bool = False, htmx: bool = False) -> dict[str, str]:
    headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in cookies.items())}
    if form:
        headers["X-CSRFToken"] = cookies["csrftoken"]
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    if htmx:
        headers["HX-Request"] = "true"
    return headers


async def _save(commune: Commune, connection: Connection, version: int, value: str) -> tuple[int, int]:
    """One autosave as the page's htmx sends it; (status, the version to send next)."""
    data = {"version": version, "indicator": INDICATOR, "field": FIELD, "value": value}
    status, _ignored, body = await connection.request(
        "POST",
        f"/danh-gia/ho-so/{commune.assessment_id}/luu/",
        _headers(commune.cookies, form=True, htmx=True),
        urllib.parse.urlencode(data).encode(),
    )
    if status == 200:
        commune.acknowledged = value
        found = VERSION.search(body)
        if found:
            version = int(found.group(1))
    return status, version


async def _commune_session(
    commune: Commune,
    connection: Connection,
    saves: int,
    pace: float,
    submit: bool,
    version: int,
    rng: random.Random,
) -> None:
    try:
        for number in range(saves):
            await asyncio.sleep(rng.uniform(0.5 * pace, 1.5 * pace))  # a person reads, thinks, types
            value = "true" if (number + rng.randint(0, 1)) % 2 else "false"
            started = time.perf_counter()
            try:
                status, version = await _save(commune, connection, version, value)
            except (OSError, asyncio.IncompleteReadError) as error:
                commune.errors.append(repr(error))
                continue
            commune.latencies.append(time.perf_counter() - started)
            commune.statuses[status] += 1
        if submit:
            status, headers, _body = await connection.request(
                "POST",
                f"/danh-gia/ho-so/{commune.assessment_id}/chuyen-buoc/",
                _headers(commune.chair_cookies, form=True),
                b"to=approved",
            )
            commune.statuses[status] += 1
            # The outcome is a message the browser carries in a cookie to the page it is sent to.
            for cookie in filter(None, headers.get("set-cookie", "").split("\n")):
                name, _, value = cookie.split(";", 1)[0].partition("=")
                commune.chair_cookies[name.strip()] = value.strip()
            location = urllib.parse.urlsplit(headers.get("location", ""))
            if status == 302 and location.path:
                # The step's outcome is the message on the page the browser is sent to.
                target = location.path + (f"?{location.query}" if location.query else "")
                _status, _ignored, page = await connection.request(
                    "GET", target, _headers(commune.chair_cookies)
                )
                commune.submitted = "Đã cập nhật trạng thái hồ sơ".encode() in page
                commune.refused = not commune.submitted
    except (OSError, asyncio.IncompleteReadError) as error:
        commune.errors.append(repr(error))


async def _communes(
    people: list[Commune],
    base: str,
    saves: int,
    pace: float,
    submitters: int,
    versions: dict[int, int],
    account: CpuAccount,
) -> float:
    """The rush; its wall-clock seconds. ``account`` counts the CPU of the rush, not of the warm-up.

    The warm-up (one autosave per commune, and the chairmen of the first communes open their
    dossier's page) lets each server process import, compile its templates and connect to the
    database first: a worker serves thousands of requests between restarts, so the steady state
    is what the figures are about.
    """
    address = urllib.parse.urlsplit(base)
    connections = [Connection(address.hostname or "127.0.0.1", address.port or 80) for _ in people]
    try:
        warm = await asyncio.gather(
            *(
                _save(p, c, versions[p.assessment_id], "true")
                for p, c in zip(people, connections, strict=True)
            )
        )
        await asyncio.gather(
            *(
                c.request("GET", f"/danh-gia/ho-so/{p.assessment_id}/", _headers(p.chair_cookies))
                for p, c in zip(people[: min(submitters, 8)], connections, strict=False)
            )
        )
        rng = random.Random(2027)
        account.start()
        began = time.perf_counter()
        await asyncio.gather(
            *(
                _commune_session(p, c, saves, pace, i < submitters, version, random.Random(rng.random()))
                for i, (p, c, (_status, version)) in enumerate(zip(people, connections, warm, strict=True))
            )
        )
        return time.perf_counter() - began
    finally:
        for p, c in zip(people, connections, strict=True):
            p.connections, p.requests = c.opened, c.sent
            await c.close()


def _chairman(unit: Any) -> str:
    """The commune chairman ``bench.chair.<code>``, who approves."""
    from tiepcan.accounts.choices import Role

    return bench_account(
        unit, Role.COMMUNE_CHAIRMAN, f"bench.chair.{unit.code}", f"Chủ tịch (đo hiệu năng) {unit.code}"
    )


def cpu_of_one_autosave(
    assessment_id: int, username: str, samples: int = 60, profile: bool = False
) -> tuple[float, str]:
    """Median CPU time of one autosave in this process (whole middleware stack, no HTTP), and a profile."""
    import cProfile
    import io
    import pstats

    from django.test import Client

    from tiepcan.accounts.models import User
    from tiepcan.assessments.models import Assessment

    client = Client()
    client.force_login(
        User.objects.get(username=username), backend="django.contrib.auth.backends.ModelBackend"
    )
    url = f"/danh-gia/ho-so/{assessment_id}/luu/"

    def save(number: int) -> float:
        version = Assessment.objects.values_list("version", flat=True).get(pk=assessment_id)
        data = {
            "version": version,
            "indicator": INDICATOR,
            "field": FIELD,
            "value": "true" if number % 2 else "false",
        }
        cpu = time.process_time()
        post_form(client, url, data)
        return time.process_time() - cpu

    for number in range(10):
        save(number)
    cpu = [save(number) for number in range(samples)]
    report = ""
    if profile:
        profiler = cProfile.Profile(time.process_time)  # CPU, not the waits on the database
        profiler.enable()
        for number in range(samples):
            save(number)
        profiler.disable()
        buffer = io.StringIO()
        pstats.Stats(profiler, stream=buffer).sort_stats("cumulative").print_stats(30)
        report = buffer.getvalue()
    return statistics.median(cpu), report


@dataclass
class Scenario:
    """What ``manage.py bench rush`` was asked for."""

    communes: int = 80  # at a 1 s pace, more than the 60 saves/s aimed at: the aim is a capacity
    submitters: int = 30
    saves: int = 20
    pace: float = 1.0
    workers: int = 0  # 0: one per CPU
    threads: int = 1  # more than 1: gthread workers, keeping connections open
    profile: bool = False
    start_timeout: float = 180.0


def run(out: Callable[[str], Any] = print, **options: Any) -> dict[str, float]:
    """Run the rush; ``options`` are the fields of ``Scenario``."""
    scenario = Scenario(**options)
    scenario.workers = scenario.workers or os.cpu_count() or 2
    with exclusive() as alone:
        if not alone:
            out("rush: another benchmark is running against this database; try again when it is done")
            return {}
        with _terminate_gracefully():  # SIGTERM stops the server and deletes the bench's dossiers too
            return _run(out, scenario)


def _remove_bench_periods(province_id: int) -> int:
    """Delete the bench's periods of this province and their dossiers (with their steps, summaries…),
    and the notifications of the approvals still waiting in the job queue."""
    from tiepcan.assessments.models import Assessment, AssessmentPeriod
    from tiepcan.jobs.models import Job

    periods = list(
        AssessmentPeriod.objects.filter(province_id=province_id, year__gte=BENCH_YEAR, title=BENCH_TITLE)
    )
    for period in periods:
        dossiers = list(Assessment.objects.filter(period=period).select_related("period", "unit"))
        waiting = Job.objects.filter(task_path__endswith=".notify_step", started_at__isnull=True)
        ids = {dossier.pk for dossier in dossiers}
        Job.objects.filter(
            pk__in=[job.pk for job in waiting.only("pk", "args") if job.args[:1] and job.args[0] in ids]
        ).delete()
        for assessment in dossiers:
            assessment.delete()  # one by one: each deletion is audited like any other
        period.delete()
    return len(periods)


@contextlib.contextmanager
def bench_drafts(home: Any, communes: int) -> Iterator[list[Any]]:
    """``communes`` draft dossiers of the bench's own, deleted afterwards; yields them (with units).

    Each commune of the demo period gets one draft per bench period, with the values, conditions,
    score and evidence rows of its dossier in the demo period: the saves weigh what real dossiers
    weigh. The dossiers the demo has sent on (every status but draft) come first: their values
    and evidence are complete, so their chairmen's approvals go through. Evidence rows are
    copied as rows: a file is the demo's stored file, named again (the demo's evidence are
    links today), and deleting the copy leaves the file alone.
    """
    from tiepcan.assessments.choices import Status
    from tiepcan.assessments.models import Assessment, AssessmentPeriod, Evidence
    from tiepcan.core import audit

    sources = list(Assessment.objects.filter(period=home).select_related("unit"))
    sources.sort(key=lambda source: (source.status == Status.DRAFT, source.unit.code))
    evidence: dict[int, list[Any]] = {}
    for row in Evidence.objects.filter(assessment__period=home).order_by("pk"):
        evidence.setdefault(row.assessment_id, []).append(row)
    if not sources:
        raise RuntimeError("the demo period has no dossiers to copy (run `manage.py demo` first)")
    with audit.audit_context(reason="manage.py bench rush: the bench's own dossiers"):
        _remove_bench_periods(home.province_id)  # left by a run that was killed outright
        try:
            drafts: list[Any] = []
            year = BENCH_YEAR
            while len(drafts) < communes:
                period = AssessmentPeriod.objects.get(pk=home.pk)
                period.pk, period.year, period.title = None, year, BENCH_TITLE
                period._state.adding = True
                period.save()
                batch = sources[: communes - len(drafts)]
                made = Assessment.objects.bulk_create(
                    Assessment(
                        period=period,
                        unit=source.unit,
                        status=Status.DRAFT,
                        values=source.values,
                        not_arisen=source.not_arisen,
                        facts=source.facts,
                        unit_class=source.unit_class,
                        score=source.score,
                        total=source.total,
                        recognisable=source.recognisable,
                    )
                    for source in batch
                )
                Evidence.objects.bulk_create(
                    Evidence(
                        assessment=draft,
                        indicator=row.indicator,
                        title=row.title,
                        file=row.file.name,
                        link=row.link,
                        content_type=row.content_type,
                        size=row.size,
                        uploaded_by_id=row.uploaded_by_id,
                    )
                    for source, draft in zip(batch, made, strict=True)
                    for row in evidence.get(source.pk, [])
                )
                drafts += made
                year += 1
            yield list(  # in the order made: the complete ones first
                Assessment.objects.filter(pk__in=[d.pk for d in drafts]).select_related("unit").order_by("pk")
            )
        finally:
            _remove_bench_periods(home.province_id)


def _verdict(achieved: float, wanted: float, below: bool = False) -> str:
    met = achieved < wanted if below else achieved >= wanted
    return "met" if met else "NOT met"


def _run(out: Callable[[str], Any], scenario: Scenario) -> dict[str, float]:
    from tiepcan.assessments.models import Assessment

    home = Assessment.objects.filter(unit__code="06187", period__year=2026).select_related("period").first()
    if home is None:
        out("rush: no demo data (run `manage.py demo` first)")
        return {}
    out(describe_database())
    from django.conf import settings

    if settings.DEBUG:
        out(
            "rush: DEBUG is on in this process: the CPU figure includes Django's query log (run with DEBUG=false)"
        )
    with bench_drafts(home.period, scenario.communes) as drafts:
        out(
            f"rush: {len(drafts)} draft dossiers of the bench's own (periods {BENCH_YEAR}…, the values of the "
            f"demo's {home.period.year} dossiers), deleted at the end"
        )
        return _rush(out, drafts, scenario)


def _rush(out: Callable[[str], Any], drafts: list[Any], scenario: Scenario) -> dict[str, float]:
    from bench.autosave import _officer
    from tiepcan.assessments.choices import Status
    from tiepcan.assessments.models import Assessment
    from tiepcan.core import audit

    with audit.audit_context(reason="manage.py bench rush"):
        people = [Commune(d.pk, d.unit.code, _officer(d.unit), _chairman(d.unit)) for d in drafts]
    for person in people:
        person.cookies, person.chair_cookies = _session(person.officer), _session(person.chairman)
    from django.conf import settings

    database = (
        str(settings.DATABASES["default"]["NAME"])
        if "postgresql" in settings.DATABASES["default"]["ENGINE"]
        else ""
    )
    versions = {d.pk: d.version for d in drafts}
    ids = [d.pk for d in drafts]
    figures: dict[str, float] = {}
    submitters, saves, pace, profile = scenario.submitters, scenario.saves, scenario.pace, scenario.profile
    with server(scenario.workers, scenario.threads, scenario.start_timeout) as (base, what, pid):
        offered = len(people) / pace if pace else float("inf")
        out(
            f"rush: {what} on {base}; {len(people)} communes × {saves} autosaves, a pause of "
            f"{pace:.1f} s ± 50 % between saves (offered: {offered:.0f} saves/s while every answer is "
            f"quick), then {min(submitters, len(people))} chairmen approve"
        )
        account = CpuAccount(clients=lambda: [os.getpid()], server=pid, database=database)
        wall = asyncio.run(_communes(people, base, saves, pace, submitters, versions, account))
        spent = account.stop()
    latencies = [x for p in people for x in p.latencies]
    statuses = sum((p.statuses for p in people), Counter())
    stored = {row.pk: row for row in Assessment.objects.filter(pk__in=ids).only("pk", "values", "status")}
    lost = [
        p.code
        for p in people
        if p.acknowledged is not None
        and str((stored[p.assessment_id].values.get(INDICATOR) or {}).get(FIELD)).lower() != p.acknowledged
    ]
    not_submitted = [
        p.code for p in people if p.submitted and stored[p.assessment_id].status != Status.APPROVED
    ]
    errors = sum(len(p.errors) for p in people)
    saved = sum(p.statuses.get(200, 0) for p in people)
    rate = saved / wall if wall else 0.0
    if latencies:
        out(
            f"rush: {len(latencies)} autosaves in {wall:.1f} s: {rate:.1f} acknowledged saves/s "
            f"(offered {offered:.0f}/s); p50 {statistics.median(latencies) * 1000:.0f} ms, "
            f"p95 {percentile(latencies, 95) * 1000:.0f} ms, p99 {percentile(latencies, 99) * 1000:.0f} ms, "
            f"max {max(latencies) * 1000:.0f} ms"
        )
    out(
        "rush: statuses "
        + ", ".join(f"{s}×{n}" for s, n in sorted(statuses.items()))
        + f"; connection errors {errors}; approvals acknowledged {sum(p.submitted for p in people)}, "
        f"refused by the rules {sum(p.refused for p in people)}"
    )
    requests = sum(statuses.values())
    out(
        f"rush: {sum(p.connections for p in people)} TCP connections opened for {sum(p.requests for p in people)} "
        "requests (warm-up included; the server keeps a connection open between requests or closes it after each)"
    )
    out(
        f"rush: {split_line(spent, saved, f'acknowledged save ({requests - saved} other requests included)')}"
    )
    out(
        f"rush: lost values {len(lost)}{' ' + str(lost[:10]) if lost else ''}; approvals not stored {len(not_submitted)}"
    )
    # The figures mean little on a shared machine: say how busy it was.
    load = os.getloadavg()
    out(
        f"rush: load average at the end {load[0]:.1f} / {load[1]:.1f} / {load[2]:.1f} (1 / 5 / 15 min) "
        f"on {os.cpu_count()} CPUs"
    )
    p95 = percentile(latencies, 95) * 1000 if latencies else 0.0
    figures = {
        "offered_per_s": offered,
        "saves_per_s": rate,
        "p50_ms": statistics.median(latencies) * 1000 if latencies else 0.0,
        "p95_ms": p95,
        "p99_ms": percentile(latencies, 99) * 1000 if latencies else 0.0,
        "errors": float(errors + sum(n for s, n in statuses.items() if s >= 500)),
        "lost": float(len(lost) + len(not_submitted)),
    }
    # On a dossier still in draft: an approved one refuses the save (422), which costs less.
    drafted = next((p for p in people if stored[p.assessment_id].status == Status.DRAFT), people[0])
    cpu, report = cpu_of_one_autosave(drafted.assessment_id, drafted.officer, profile=profile)
    out(f"rush: CPU time of one autosave in this process: median {cpu * 1000:.1f} ms")
    figures["autosave_cpu_ms"] = cpu * 1000
    out(
        f"rush: aim (issue 12, a 2-core machine): ≥ {AIM_SAVES_PER_S:.0f} saves/s {_verdict(rate, AIM_SAVES_PER_S)}, "
        f"p95 < {AIM_P95_MS:.0f} ms {_verdict(p95, AIM_P95_MS, below=True)}, nothing lost "
        f"{'met' if not figures['lost'] and not figures['errors'] else 'NOT met'}, CPU of one autosave < "
        f"{AIM_CPU_MS:.0f} ms {_verdict(figures['autosave_cpu_ms'], AIM_CPU_MS, below=True)}"
        + (
            f" (offered only {offered:.0f} saves/s: raise --communes or lower --pace)"
            if offered < AIM_SAVES_PER_S
            else ""
        )
    )
    if report:
        out(report)
    return figures
