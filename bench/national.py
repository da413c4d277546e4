# ruff: noqa: S608 - the raw SQL is built from constants of this module, never from input
"""National-scale bench of the results pages: ``manage.py bench national [--scale F] [--bench-db URL]``.

Builds, in its own database (``var/bench-national.sqlite3`` unless ``--bench-db`` names another,
e.g. ``postgres://…/tc_bench``; never the database ``DATABASE_URL`` names), the whole country:
the 63 provinces and their ~10,000 communes assessed every year 2017–2024 (QĐ 619 then QĐ 25),
the 34 provinces and 3,321 communes since the merger assessed in 2025 (decided) and 2026 (under
way): about 90,000 assessments with their transitions, dossier snapshots, recognition decisions
and annex rows, then the result summary rows through the project's own backfill
(``summaries.rebuild``). Units and frameworks come through the project's importers; assessments
and their history are bulk inserts this module owns, with values from the engine's sample
generator scored by the engine (a pool of scored variants per framework). ``--scale 0.1`` keeps
one commune in ten (deterministically), for a quicker run. The database is reused by later runs
with the same scale (``--rebuild`` builds it again).

Then, for each public portal page, each dashboard view that exists, the to-do home of the system
administrator and of the largest province's administrator (``bench.province``, made on first use),
the open-data files and the API's open data, it prints: server time cold (just after a real
recognition decision through ``council.issue_decision``, cache cleared) and warm (median of ``--repeat``), each with this
process's CPU time beside it (steadier than wall time on a loaded machine), queries, bytes, the
time of hand-written raw SQL of everything the page shows (best of ten: its aggregates and rows,
and also its filters' options, recent decisions, self-assessments open for comments, a province's
map points, a commune's walk of its mergers and header; not the results version, which only a
cache needs), the time of the earlier, narrower yardstick (the aggregate and rows only, kept to
compare runs across the change), and the ratios of the wall and CPU times to each, also against
the raw SQL plus the floor: what a constant anonymous response through the project's middleware
costs (``bench/floor_urls.py``), printed first with the public frame's. Runs in a child process
so the bench database and settings never touch the caller's.
Figures only; never asserted in tests.
"""

from __future__ import annotations

import itertools
import json
import os
import random
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DB = ROOT / "var" / "bench-national.sqlite3"
OLD_YEARS = range(2017, 2025)
POOL = 40  # scored value sets per framework
DECISIONS_NEEDED = 60  # 2025 dossiers left "recommended", one real decision before each cold request
COLD_RUNS = 5  # cold requests per page (median), each just after a real decision
RAW_RUNS = 10  # runs of a page's raw SQL (the best: the machine's load swings the others)


def run(
    out: Callable[[str], Any],
    *,
    scale: float,
    bench_db: str,
    rebuild: bool,
    repeat: int,
    check: bool = False,
    decisions: int = 0,
    profile: bool = False,
    only: str = "",
) -> int:
    """Run the bench in a child process with its own database; returns its exit status."""
    url = bench_db or f"sqlite:///{DEFAULT_DB}"
    if url.startswith("sqlite:///"):
        Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
    if url == os.environ.get("DATABASE_URL"):
        out("refused: --bench-db names the application's own database")
        return 2
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "DEBUG": "false",
        "LOG_LEVEL": "WARNING",
        "TIEPCAN_ENV": "development",
    }
    command = [sys.executable, "-m", "bench.national", "--scale", str(scale), "--repeat", str(repeat)]
    if rebuild:
        command.append("--rebuild")
    if check:
        command.append("--check")
    if decisions:
        command += ["--decisions", str(decisions)]
    if profile:
        command.append("--profile")
    if only:
        command += ["--only", only]
    out(f"national bench: database {url.split('@')[-1]}, scale {scale}")
    process = subprocess.run(command, cwd=ROOT, env=env, check=False, capture_output=False)  # noqa: S603
    return process.returncode


# --- Building the data (child process) ------------------------------------------------------------


def _marker(scale: float) -> dict[str, Any]:
    return {"scale": scale, "layout": 1}


def _built(scale: float) -> bool:
    from django.db import connection

    from tiepcan.core.models import AuditEntry

    if "reports_resultsummary" not in connection.introspection.table_names():
        return False
    entry = AuditEntry.objects.filter(object_repr="bench-national").order_by("-pk").first()
    return entry is not None and entry.after == _marker(scale)


def _migrate_reused(out: Callable[[str], Any] = print) -> None:
    """Bring a database built by an earlier run up to the code's migrations before it is reused; when
    one of them is the results app's (the summary rows' layout, e.g. 0005's former-district rows),
    the nightly check brings the summary rows up to it (rows the new fields or tables change are
    rewritten)."""
    from django.core.management import call_command
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    from tiepcan.reports import summaries

    if "django_migrations" not in connection.introspection.table_names():
        return
    executor = MigrationExecutor(connection)
    pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
    if not pending:
        return
    out(f"migrating the reused database: {', '.join(f'{m.app_label}.{m.name}' for m, _back in pending)}")
    call_command("migrate", verbosity=0)
    if any(m.app_label == "reports" for m, _back in pending):
        started = time.perf_counter()
        report = summaries.check(fix=True)
        drift = len(report["missing"]) + len(report["different"]) + len(report["extra"])
        out(f"summary rows brought up to date: {drift:,} rewritten ({time.perf_counter() - started:.1f} s)")


def _kept(unit_id: int, scale: float) -> bool:
    return scale >= 1 or (unit_id * 2654435761 % 10007) < scale * 10007


def build(scale: float, out: Callable[[str], Any] = print) -> None:
    from django.core.management import call_command
    from django.db import connection, transaction

    from tiepcan.accounts.choices import Role
    from tiepcan.accounts.models import RoleAssignment, User
    from tiepcan.assessments.choices import PeriodStatus, Status, SubmissionKind
    from tiepcan.assessments.models import (
        Assessment,
        AssessmentPeriod,
        DecisionEntry,
        DossierSnapshot,
        RecognitionDecision,
        Transition,
    )
    from tiepcan.core import audit, bulk
    from tiepcan.core.choices import AuditAction
    from tiepcan.frameworks.models import FrameworkVersion
    from tiepcan.frameworks.services import load_shipped
    from tiepcan.lib import engine
    from tiepcan.lib.engine.sample import sample_values
    from tiepcan.reports import summaries
    from tiepcan.units.choices import UnitLevel
    from tiepcan.units.importing import all_legacy_province_codes, import_units
    from tiepcan.units.models import Unit

    started, cpu = time.perf_counter(), time.process_time()

    def step(text: str) -> None:
        # Wall time and this process's CPU time (the wall time swells with the machine's load).
        out(f"  {time.perf_counter() - started:7.1f} s ({time.process_time() - cpu:6.1f} s CPU)  {text}")

    if connection.vendor == "sqlite":
        path = Path(connection.settings_dict["NAME"])
        connection.close()
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        call_command("migrate", verbosity=0)
    else:
        # The bench's own database: emptied whole (``flush`` cannot: the audit table refuses TRUNCATE).
        with connection.cursor() as cursor:
            cursor.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public")
        call_command("migrate", verbosity=0)
    step("migrated")
    load_shipped()
    import_units(all_legacy_province_codes())
    step(
        f"units imported: {Unit.objects.count():,} ({Unit.objects.filter(level=UnitLevel.COMMUNE).count():,} communes)"
    )

    system = User(username="bench.system", full_name="Bench", is_superuser=True, is_staff=True)
    system.set_unusable_password()
    system.save()
    RoleAssignment.objects.create(user=system, role=Role.SYSTEM_ADMIN)

    def newest(code: str) -> Any:
        return FrameworkVersion.objects.filter(code=code).order_by("-version").first()

    frameworks = {code: newest(code) for code in ("qd619-2017", "qd25-2021", "qd27-2025")}
    pools: dict[str, list[tuple[dict[str, Any], dict[str, Any], Any]]] = {}
    for code, version in frameworks.items():
        compiled = version.compiled()
        pool = []
        for seed in range(POOL):
            values = sample_values(compiled, seed, quality=0.55 + 0.45 * (seed % 10) / 9)
            result = engine.score(compiled, values, unit_class="II", partial=True)
            pool.append((values, result.to_dict(), result))
        pools[code] = pool
    step("value pools scored")

    provinces = {u.pk: u for u in Unit.objects.filter(level=UnitLevel.PROVINCE)}
    communes = list(
        Unit.objects.filter(level=UnitLevel.COMMUNE).only("id", "path", "parent_id", "valid_to", "kind")
    )
    old = [u for u in communes if u.valid_to is not None and _kept(u.pk, scale)]
    new = [u for u in communes if u.valid_to is None and _kept(u.pk, scale)]
    by_province: dict[tuple[int, str], list[Unit]] = {}
    for unit in old:
        by_province.setdefault((unit.ancestor_ids()[0], "old"), []).append(unit)
    for unit in new:
        by_province.setdefault((unit.ancestor_ids()[0], "new"), []).append(unit)

    periods = []
    for (province_id, era), _units in sorted(by_province.items()):
        years = list(OLD_YEARS) if era == "old" else [2025, 2026]
        for year in years:
            code = "qd619-2017" if year <= 2021 else "qd25-2021" if year <= 2024 else "qd27-2025"
            periods.append(
                AssessmentPeriod(
                    province_id=province_id,
                    year=year,
                    framework=frameworks[code],
                    title=f"Đánh giá năm {year}",
                    self_assessment_due=date(year, 11, 30),
                    dossier_due=date(year, 12, 31),
                    status=PeriodStatus.OPEN if year == 2026 else PeriodStatus.CLOSED,
                    created_by=system,
                )
            )
    AssessmentPeriod.objects.bulk_create(periods, batch_size=1000)
    periods_by_key = {(p.province_id, p.year): p for p in AssessmentPeriod.objects.all()}
    step(f"{len(periods_by_key):,} periods")

    rng = random.Random(2017)  # noqa: S311 - bench data
    chains: dict[str, list[Status]] = {
        Status.RECOGNISED: [
            Status.DRAFT,
            Status.APPROVED,
            Status.POSTED,
            Status.SUBMITTED,
            Status.FORWARDED,
            Status.RECOMMENDED,
            Status.RECOGNISED,
        ],
        Status.REVOKED: [
            Status.DRAFT,
            Status.APPROVED,
            Status.POSTED,
            Status.SUBMITTED,
            Status.FORWARDED,
            Status.RECOMMENDED,
            Status.RECOGNISED,
            Status.REVOKED,
        ],
        Status.NOT_RECOGNISED: [
            Status.DRAFT,
            Status.APPROVED,
            Status.POSTED,
            Status.SUBMITTED,
            Status.FORWARDED,
            Status.NOT_RECOMMENDED,
            Status.NOT_RECOGNISED,
        ],
        Status.RECOMMENDED: [
            Status.DRAFT,
            Status.APPROVED,
            Status.POSTED,
            Status.SUBMITTED,
            Status.FORWARDED,
            Status.RECOMMENDED,
        ],
        Status.FORWARDED: [Status.DRAFT, Status.APPROVED, Status.POSTED, Status.SUBMITTED, Status.FORWARDED],
        Status.SUBMITTED: [Status.DRAFT, Status.APPROVED, Status.POSTED, Status.SUBMITTED],
        Status.POSTED: [Status.DRAFT, Status.APPROVED, Status.POSTED],
        Status.DRAFT: [Status.DRAFT],
    }
    recommended_left = DECISIONS_NEEDED
    total_assessments = 0
    for (province_id, era), units in sorted(by_province.items()):
        years = list(OLD_YEARS) if era == "old" else [2025, 2026]
        for year in years:
            period = periods_by_key[(province_id, year)]
            pool = pools[period.framework.code]
            moment = datetime(year, 12, 1, 2, tzinfo=UTC)
            rows = []
            for unit in units:
                values, score, result = pool[rng.randrange(POOL)]
                if year == 2026:
                    status = rng.choices(
                        [Status.DRAFT, Status.POSTED, Status.SUBMITTED, Status.FORWARDED], [45, 20, 25, 10]
                    )[0]
                elif year == 2025 and recommended_left > 0 and result.recognised:
                    status, recommended_left = Status.RECOMMENDED, recommended_left - 1
                elif result.recognised:
                    status = Status.REVOKED if rng.random() < 0.005 else Status.RECOGNISED
                else:
                    status = Status.NOT_RECOGNISED
                sent = status not in (Status.DRAFT, Status.POSTED)
                rows.append(
                    Assessment(
                        period=period,
                        unit_id=unit.pk,
                        status=status,
                        values=values["values"],
                        not_arisen=values["not_arisen"],
                        score=score,
                        total=result.total,
                        recognisable=result.recognised,
                        round=1 if sent else 0,
                        posted_at=None if status == Status.DRAFT else moment,
                        submitted_at=moment + timedelta(days=10) if sent else None,
                        submission_kind=(
                            SubmissionKind.RECOGNITION if result.recognised else SubmissionKind.REPORT_ONLY
                        )
                        if sent
                        else "",
                    )
                )
            with transaction.atomic():
                bulk.insert(Assessment, rows)
                transitions, snapshots = [], []
                for assessment in rows:
                    chain = chains[assessment.status]
                    for index, (source, target) in enumerate(itertools.pairwise(chain)):
                        transitions.append(
                            Transition(
                                assessment=assessment,
                                from_status=source,
                                to_status=target,
                                actor=system,
                                created_at=moment + timedelta(days=2 * index),
                            )
                        )
                    if assessment.round:
                        snapshots.append(
                            DossierSnapshot(
                                assessment=assessment,
                                round=1,
                                values=assessment.values,
                                not_arisen=assessment.not_arisen,
                                score=assessment.score,
                                evidence=[],
                                submitted_by=system,
                                submitted_at=moment + timedelta(days=10),
                            )
                        )
                bulk.insert(Transition, transitions)
                bulk.insert(DossierSnapshot, snapshots)
                _decide(period, rows, units, system, year)
            total_assessments += len(rows)
        step(f"province {provinces[province_id].name} ({era}): {total_assessments:,} assessments so far")
    step(
        f"{total_assessments:,} assessments, {Transition.objects.count():,} transitions, "
        f"{DossierSnapshot.objects.count():,} snapshots, {RecognitionDecision.objects.count():,} decisions, "
        f"{DecisionEntry.objects.count():,} annex rows"
    )
    checked = time.perf_counter()
    summaries.rebuild()
    step(f"summary rows backfilled by summaries.rebuild(): {time.perf_counter() - checked:.1f} s")
    audit.write(None, AuditAction.OTHER, after=_marker(scale), object_repr="bench-national")
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    step("built")


def _decide(period: Any, rows: list[Any], units: list[Any], system: Any, year: int) -> None:
    """One decision per district (until 2024, as QĐ 619 and QĐ 25 have it) or per province (2025)."""
    from tiepcan.assessments.choices import Status
    from tiepcan.assessments.models import DecisionEntry, RecognitionDecision
    from tiepcan.core import bulk

    parent = {u.pk: u.parent_id for u in units}
    groups: dict[int, list[Any]] = {}
    for assessment in rows:
        if assessment.status in (Status.RECOGNISED, Status.REVOKED):
            key = parent[assessment.unit_id] if year <= 2024 else period.province_id
            groups.setdefault(key or period.province_id, []).append(assessment)
    decisions = [
        RecognitionDecision(
            period=period,
            number=f"{index + 1}/QĐ-UBND",
            signed_on=date(year + 1, 1, 31),
            issuer_name="Ủy ban nhân dân",
            place="Bench",
            signer_name="Bench",
            signer_title="Chủ tịch",
            created_by=system,
            published_on=date(year + 1, 2, 2),
        )
        for index in range(len(groups))
    ]
    bulk.insert(RecognitionDecision, decisions)
    entries = []
    for decision, members in zip(decisions, groups.values(), strict=True):
        for assessment in members:
            revoked = assessment.status == Status.REVOKED
            entries.append(
                DecisionEntry(
                    decision=decision,
                    assessment=assessment,
                    total=assessment.total or 0,
                    criterion_points={c["code"]: c["points"] for c in assessment.score.get("criteria", [])},
                    revoked_on=date(year + 1, 6, 1) if revoked else None,
                    revocation_number="99/QĐ-UBND" if revoked else "",
                    revocation_reason="Bench" if revoked else "",
                )
            )
    bulk.insert(DecisionEntry, entries)


# --- Measuring ---------------------------------------------------------------------------------------


@dataclass
class Page:
    label: str
    url: str
    raw: Callable[[], None] | None  # hand-written SQL of everything the page shows
    narrow: Callable[[], None] | None = None  # the earlier yardstick (its aggregate and rows only)
    user: Any = None


def _best(function: Callable[[], None], times: int = 3) -> float:
    best = float("inf")
    for _ in range(times):
        started = time.perf_counter()
        function()
        best = min(best, time.perf_counter() - started)
    return best


def _sql(statements: list[tuple[str, list[Any]]]) -> Callable[[], None]:
    from django.db import connection

    def run() -> None:
        with connection.cursor() as cursor:
            for sql, params in statements:
                cursor.execute(sql, params)
                cursor.fetchall()

    return run


S = "reports_resultsummary"
U = "units_unit"
# The five counts every total and share shows (aggregates._counts).
COUNTS = (
    "COUNT(*), SUM(CASE WHEN s.source = 'imported' OR s.status IN ('recognised', 'not_recognised', 'revoked') "
    "THEN 1 ELSE 0 END), SUM(CASE WHEN s.met THEN 1 ELSE 0 END), SUM(CASE WHEN s.recognised THEN 1 ELSE 0 END), "
    "SUM(CASE WHEN s.revoked THEN 1 ELSE 0 END)"
)
# What a listed result shows (portal.queries.ROW_FIELDS): the commune, its province and former district.
ROWS = (
    "SELECT s.year, s.unit_id, u.name, u.code, s.kind, p.name, s.district_id, d.name, s.total, s.max_total, "
    "s.pass_fail, s.recognised, s.revoked, s.met, s.status, s.decision_number, s.decision_date, "
    "s.revocation_number, s.revoked_on, s.assessment_id, s.source{extra} FROM " + S + " s "
    "JOIN " + U + " u ON u.id = s.unit_id JOIN " + U + " p ON p.id = s.province_id "
    "LEFT JOIN " + U + " d ON d.id = s.district_id "
)


def _portal_frame(year: int, province_code: str | None) -> list[tuple[str, list[Any]]]:
    """What every results page shows besides its results: the year filter (the years with results,
    each with whether it is decided, by the skip-scan the page uses), the province filter's options
    (the provinces with public results), the recent decisions and the self-assessments open for
    comments (the first 50 and how many), each narrowed to the chosen province."""
    from django.db import connection

    from tiepcan.portal import queries

    years_sql, years_params = queries._year_summary_sql(connection.vendor)
    in_province = f" AND s.province_id IN (SELECT id FROM {U} WHERE level = 1 AND code = %s)"
    postings = (
        f"SELECT s.year, u.name, p.name, s.assessment_id, COUNT(*) OVER () FROM {S} s "
        f"JOIN {U} p ON p.id = s.province_id JOIN {U} u ON u.id = s.unit_id "
        "WHERE s.status = 'posted' AND s.public" + (in_province if province_code else "")
    )
    decisions = (
        "SELECT d.id, d.number, d.signed_on, p.name, (SELECT COUNT(*) FROM assessments_decisionentry e "
        "WHERE e.decision_id = d.id) FROM assessments_recognitiondecision d "
        f"JOIN assessments_assessmentperiod pe ON pe.id = d.period_id JOIN {U} p ON p.id = pe.province_id "
        "WHERE pe.year = %s" + (" AND p.code = %s" if province_code else "")
    )
    extra = [province_code] if province_code else []
    return [
        (years_sql, list(years_params)),
        (
            f"SELECT u.code, u.name FROM {U} u WHERE u.level = 1 AND EXISTS (SELECT 1 FROM {S} s "
            "WHERE s.province_id = u.id AND s.public) ORDER BY u.name_sort, u.valid_to",
            [],
        ),
        (decisions + " ORDER BY d.signed_on DESC, d.id DESC LIMIT 20", [year, *extra]),
        (postings + " ORDER BY p.name_sort, u.name_sort, s.id LIMIT 50", extra),
    ]


def _points_sql(province: bool) -> str:
    """A year's public results as map points, a commune without coordinates placed at its first
    successor's (what the map shows)."""

    def near(column: str) -> str:
        return (
            f"(SELECT n.{column} FROM units_unitsuccession x JOIN {U} n ON n.id = x.successor_id "
            "WHERE x.predecessor_id = s.unit_id AND n.latitude IS NOT NULL AND n.longitude IS NOT NULL "
            "ORDER BY x.partial, x.id LIMIT 1)"
        )

    return (
        "SELECT s.unit_id, u.code, u.name, u.latitude, u.longitude, s.recognised, s.revoked, s.status, s.source, "
        f"s.total, s.max_total, s.pass_fail, {near('latitude')}, {near('longitude')} FROM {S} s "
        f"JOIN {U} u ON u.id = s.unit_id WHERE s.public AND s.year = %s"
        + (f" AND s.province_id IN (SELECT id FROM {U} WHERE level = 1 AND code = %s)" if province else "")
        + " ORDER BY u.name_sort, s.unit_id"
    )


def _history(commune: int) -> Callable[[], None]:
    """A commune's history as a hand-written page reads it: the commune with its parent's name, every
    commune merged into it (a recursive walk of the mergers, each with its parent's name) and those it
    flowed into, in one statement; then the public results of the commune and its predecessors."""
    from django.db import connection

    # Each unit (and its parent's name) read by primary key in the branch of the walk that reaches it:
    # joined once after the walk, PostgreSQL hashes every unit (the form units.lineage.family avoids).
    fields = "u.id, u.name, u.code, u.level, u.kind, p.name, u.valid_from, u.valid_to"
    units = f"JOIN {U} u ON u.id = x.{{}} LEFT JOIN {U} p ON p.id = u.parent_id"
    walk = (
        "WITH RECURSIVE chain(id, name, code, level, kind, parent, since, until, depth) AS ("
        f"SELECT {fields}, 1 FROM units_unitsuccession x {units.format('predecessor_id')} "
        "WHERE x.successor_id = %s "
        f"UNION SELECT {fields}, c.depth + 1 FROM chain c JOIN units_unitsuccession x ON x.successor_id = c.id "
        f"{units.format('predecessor_id')} WHERE c.depth < 12) "
        f"SELECT 0, {fields} FROM {U} u LEFT JOIN {U} p ON p.id = u.parent_id WHERE u.id = %s "
        "UNION ALL SELECT 1, id, name, code, level, kind, parent, since, until FROM chain "
        f"UNION ALL SELECT 2, {fields} FROM units_unitsuccession x {units.format('successor_id')} "
        "WHERE x.predecessor_id = %s"
    )
    rows = (
        ROWS.format(extra=", s.criteria")
        + "WHERE s.public AND s.unit_id IN ({}) ORDER BY s.year DESC, u.name_sort"
    )

    def run() -> None:
        with connection.cursor() as cursor:
            cursor.execute(walk, [commune, commune, commune])
            ids = sorted({row[1] for row in cursor.fetchall() if row[0] < 2})
            cursor.execute(rows.format(",".join("%s" for _ in ids)), ids)
            cursor.fetchall()

    return run


def pages() -> list[Page]:
    from django.db.models import Count
    from django.urls import NoReverseMatch, reverse

    from tiepcan.portal import queries
    from tiepcan.reports.models import ResultSummary
    from tiepcan.units.models import UnitSuccession

    year = queries.default_year() or 2025
    busiest = (
        ResultSummary.objects.filter(year=2024)
        .values_list("province__code", "province_id")
        .order_by("-province__code")
    ).first() or ("", 0)
    province_code, province_id = busiest
    # The commune of today whose predecessors have the most results (the longest history page), among
    # those with a result of their own; at a reduced scale most communes have neither.
    merged = (
        UnitSuccession.objects.filter(
            successor__level=3,
            successor__valid_to__isnull=True,
            successor_id__in=ResultSummary.objects.filter(public=True).values("unit_id"),
            predecessor_id__in=ResultSummary.objects.filter(public=True).values("unit_id"),
        )
        .values("successor_id")
        .annotate(n=Count("id"))
        .order_by("-n", "successor_id")
        .values_list("successor_id", flat=True)
        .first()
    )
    chain = [
        merged,
        *UnitSuccession.objects.filter(successor_id=merged).values_list("predecessor_id", flat=True),
    ]
    rows = ROWS.format(extra="")
    in_province = f"s.province_id IN (SELECT id FROM {U} WHERE level = 1 AND code = %s)"
    by_province = (
        f"SELECT s.province_id, p.name, p.code, {COUNTS} FROM {S} s JOIN {U} p ON p.id = s.province_id "
        "WHERE s.public AND s.year = %s GROUP BY s.province_id, p.name, p.code, p.name_sort "
        "ORDER BY p.name_sort, s.province_id"
    )
    # The whole country: the shares by province (their sum is the totals, the totals' count the
    # pager's), the 50 rows, and the page's frame.
    national: list[tuple[str, list[Any]]] = [
        (by_province, [year]),
        (rows + "WHERE s.public AND s.year = %s ORDER BY p.name_sort, u.name_sort, s.id LIMIT 50", [year]),
        *_portal_frame(year, None),
    ]
    # One province: the province (and whether it has boundaries), its totals (also the pager's count),
    # its shares by former district (a result counts in every former district it spans, so they do not
    # add up to the totals; also the district filter's options), its 50 rows, its map's points, the frame.
    provincial: list[tuple[str, list[Any]]] = [
        (
            "SELECT u.id, u.code, u.name, EXISTS (SELECT 1 FROM reports_boundaryfile b WHERE b.province_id = u.id) "
            f"FROM {U} u WHERE u.level = 1 AND u.code = %s ORDER BY u.valid_to LIMIT 1",
            [province_code],
        ),
        (f"SELECT {COUNTS} FROM {S} s WHERE s.public AND s.year = 2024 AND {in_province}", [province_code]),
        (
            f"SELECT r.district_id, d.name, d.code, {COUNTS}, SUM(CASE WHEN r.shared THEN 1 ELSE 0 END) "
            f"FROM {S} s LEFT JOIN reports_resultdistrict r ON r.summary_id = s.id LEFT JOIN {U} d "
            f"ON d.id = r.district_id WHERE s.public AND s.year = 2024 AND {in_province} "
            "GROUP BY r.district_id, d.name, d.code, d.name_sort ORDER BY d.name_sort, r.district_id",
            [province_code],
        ),
        (
            rows + f"WHERE s.public AND s.year = 2024 AND {in_province} ORDER BY u.name_sort, s.id LIMIT 50",
            [province_code],
        ),
        (_points_sql(province=True), [2024, province_code]),
        *_portal_frame(2024, province_code),
    ]
    deep: list[tuple[str, list[Any]]] = [
        (by_province, [2024]),
        (
            rows
            + "WHERE s.public AND s.year = 2024 ORDER BY p.name_sort, u.name_sort, s.id LIMIT 50 OFFSET 4950",
            [],
        ),
        *_portal_frame(2024, None),
    ]
    points = [(_points_sql(province=False), [year])]
    open_all: list[tuple[str, list[Any]]] = [
        (
            f"SELECT s.year, p.code, p.name, d.code, d.name, u.code, u.name, s.kind, s.total, s.max_total, "
            f"s.decision_number, s.decision_date FROM {S} s JOIN units_unit u ON u.id = s.unit_id "
            "JOIN units_unit p ON p.id = s.province_id LEFT JOIN units_unit d ON d.id = s.district_id "
            "WHERE s.public AND s.recognised ORDER BY s.year DESC, p.name_sort, u.name_sort",
            [],
        )
    ]
    open_year = [(open_all[0][0].replace("WHERE s.public", "WHERE s.year = %s AND s.public"), [year])]
    refs = "u.id, u.code, u.name, u.kind, u.level, p.id, p.code, p.name, p.kind, p.level"
    api_page: list[tuple[str, list[Any]]] = [
        (f"SELECT COUNT(*) FROM {S} s WHERE s.public AND s.recognised AND s.year = 2024", []),
        (
            f"SELECT s.year, {refs}, s.status, s.total FROM {S} s JOIN {U} u ON u.id = s.unit_id "
            f"JOIN {U} p ON p.id = s.province_id WHERE s.public AND s.recognised AND s.year = 2024 "
            "ORDER BY p.name_sort, u.name_sort, s.id LIMIT 50",
            [],
        ),
    ]
    api_aggregates: list[tuple[str, list[Any]]] = [
        (
            f"SELECT c.*, p.id, p.code, p.name, p.kind, p.level FROM (SELECT s.year, s.province_id, COUNT(*), "
            "SUM(CASE WHEN s.recognised THEN 1 ELSE 0 END), SUM(CASE WHEN s.status = 'not_recognised' THEN 1 ELSE 0 END), "
            f"SUM(CASE WHEN s.revoked THEN 1 ELSE 0 END) FROM {S} s WHERE s.public GROUP BY s.year, s.province_id) c "
            f"JOIN {U} p ON p.id = c.province_id ORDER BY c.year DESC, p.code, c.province_id",
            [],
        )
    ]
    api_decisions: list[tuple[str, list[Any]]] = [
        ("SELECT COUNT(*) FROM assessments_recognitiondecision", []),
        (
            "SELECT d.id, d.number, d.signed_on, d.issuer_name, pe.year, p.id, p.code, p.name, p.kind, p.level, "
            "(SELECT COUNT(*) FROM assessments_decisionentry e WHERE e.decision_id = d.id) "
            "FROM assessments_recognitiondecision d JOIN assessments_assessmentperiod pe ON pe.id = d.period_id "
            f"JOIN {U} p ON p.id = pe.province_id ORDER BY d.signed_on DESC, d.id DESC LIMIT 50",
            [],
        ),
    ]
    found = [
        Page(
            f"portal {year}, whole country", reverse("portal:results"), _sql(national), _narrow_national(year)
        ),
        Page(
            f"portal 2024, province {province_code}",
            reverse("portal:results") + f"?nam=2024&tinh={province_code}",
            _sql(provincial),
            _narrow_provincial(province_id),
        ),
        Page(
            "portal 2024, page 100",
            reverse("portal:results") + "?nam=2024&trang=100",
            _sql(deep),
            _narrow_deep(),
        ),
        Page(
            "portal commune history",
            reverse("portal:commune", kwargs={"pk": merged}),
            _history(merged or 0),
            _narrow_history(chain),
        ),
        Page(
            f"portal map data {year}",
            reverse("portal:map_data") + f"?nam={year}",
            _sql(points),
            _narrow_points(year),
        ),
        Page("open data CSV, all years", reverse("portal:open_data_csv"), _sql(open_all), _sql(open_all)),
        Page(
            f"open data JSON {year}",
            reverse("portal:open_data_json") + f"?nam={year}",
            _sql(open_year),
            _sql(open_year),
        ),
        Page(
            "API public/recognised 2024",
            "/api/v1/public/recognised?year=2024",
            _sql(api_page),
            _narrow_api("recognised"),
        ),
        Page(
            "API public/aggregates",
            "/api/v1/public/aggregates",
            _sql(api_aggregates),
            _narrow_api("aggregates"),
        ),
        Page(
            "API public/decisions", "/api/v1/public/decisions", _sql(api_decisions), _narrow_api("decisions")
        ),
    ]
    # Dashboards, where they exist (the home page always; the dashboards of issue 14 once merged).
    try:
        found += _homes(reverse("home"))
        found += _dashboards(reverse("dashboards:province"), reverse("dashboards:national"))
    except NoReverseMatch:
        pass
    return found


# --- The earlier, narrower yardstick (until 6/12/2026), kept to compare runs across the change -------
# It counted only a page's aggregate and its rows: not the filters' options, the recent decisions,
# the postings, a province's map points, nor a commune's lineage walk (given the chain for free).

_NARROW_SHARES = "COUNT(*), SUM(CASE WHEN s.recognised THEN 1 ELSE 0 END)"
_NARROW_ROWS = (
    f"SELECT s.year, s.total, s.max_total, s.decision_number, u.name, u.code, p.name FROM {S} s "
    "JOIN units_unit u ON u.id = s.unit_id JOIN units_unit p ON p.id = s.province_id "
)


def _narrow_national(year: int) -> Callable[[], None]:
    return _sql(
        [
            (f"SELECT {_NARROW_SHARES} FROM {S} s WHERE s.public AND s.year = %s", [year]),
            (
                f"SELECT s.province_id, {_NARROW_SHARES} FROM {S} s WHERE s.public AND s.year = %s "
                "GROUP BY s.province_id",
                [year],
            ),
            (f"SELECT COUNT(*) FROM {S} s WHERE s.public AND s.year = %s", [year]),
            (
                _NARROW_ROWS + "WHERE s.public AND s.year = %s ORDER BY p.name_sort, u.name_sort LIMIT 50",
                [year],
            ),
        ]
    )


def _narrow_provincial(province_id: int) -> Callable[[], None]:
    where = "WHERE s.public AND s.year = 2024 AND s.province_id = %s"
    return _sql(
        [
            (f"SELECT {_NARROW_SHARES} FROM {S} s {where}", [province_id]),
            (
                f"SELECT s.district_id, {_NARROW_SHARES} FROM {S} s {where} GROUP BY s.district_id",
                [province_id],
            ),
            (f"SELECT COUNT(*) FROM {S} s {where}", [province_id]),
            (_NARROW_ROWS + where + " ORDER BY u.name_sort LIMIT 50", [province_id]),
        ]
    )


def _narrow_deep() -> Callable[[], None]:
    return _sql(
        [
            (f"SELECT COUNT(*) FROM {S} s WHERE s.public AND s.year = 2024", []),
            (
                _NARROW_ROWS
                + "WHERE s.public AND s.year = 2024 ORDER BY p.name_sort, u.name_sort LIMIT 50 OFFSET 4950",
                [],
            ),
        ]
    )


def _narrow_history(chain: list[Any]) -> Callable[[], None]:
    marks = ",".join("%s" for _ in chain)
    return _sql([(_NARROW_ROWS + f"WHERE s.public AND s.unit_id IN ({marks}) ORDER BY s.year DESC", chain)])


def _narrow_points(year: int) -> Callable[[], None]:
    return _sql(
        [
            (
                f"SELECT u.id, u.code, u.name, u.latitude, u.longitude, s.recognised, s.revoked, s.met FROM {S} s "
                "JOIN units_unit u ON u.id = s.unit_id WHERE s.public AND s.year = %s AND u.latitude IS NOT NULL "
                "ORDER BY u.name_sort",
                [year],
            )
        ]
    )


def _narrow_api(name: str) -> Callable[[], None]:
    statements: dict[str, list[tuple[str, list[Any]]]] = {
        "recognised": [
            (f"SELECT COUNT(*) FROM {S} s WHERE s.public AND s.recognised AND s.year = 2024", []),
            (
                _NARROW_ROWS
                + "WHERE s.public AND s.recognised AND s.year = 2024 ORDER BY p.name_sort, u.name_sort LIMIT 50",
                [],
            ),
        ],
        "aggregates": [
            (
                f"SELECT s.year, s.province_id, {_NARROW_SHARES} FROM {S} s WHERE s.public "
                "GROUP BY s.year, s.province_id",
                [],
            )
        ],
        "decisions": [
            (
                "SELECT d.id, d.number, d.signed_on, COUNT(e.id) FROM assessments_recognitiondecision d "
                "LEFT JOIN assessments_decisionentry e ON e.decision_id = d.id GROUP BY d.id, d.number, "
                "d.signed_on ORDER BY d.signed_on DESC, d.id DESC LIMIT 50",
                [],
            )
        ],
    }
    return _sql(statements[name])


def _largest_province() -> Any:
    """The province with the most result rows today (the dashboards' and the homes' province)."""
    from django.db.models import Count

    from tiepcan.reports.models import ResultSummary
    from tiepcan.units.choices import UnitLevel
    from tiepcan.units.models import Unit

    largest = (
        ResultSummary.objects.filter(province__valid_to__isnull=True, province__level=UnitLevel.PROVINCE)
        .values("province_id")
        .annotate(n=Count("id"))
        .order_by("-n", "province_id")
        .first()
    )
    return Unit.objects.filter(pk=largest["province_id"]).first() if largest else None


PROVINCE_ADMIN = "bench.province"


def _province_admin(province: Any) -> str:
    """A province administrator of ``province`` (made on first use: databases built before it lack one)."""
    from tiepcan.accounts.choices import Role
    from tiepcan.accounts.models import RoleAssignment, User

    user, created = User.objects.get_or_create(username=PROVINCE_ADMIN, defaults={"full_name": "Bench tỉnh"})
    if created or not RoleAssignment.objects.filter(user=user, unit=province).exists():
        RoleAssignment.objects.filter(user=user).delete()
        RoleAssignment.objects.create(user=user, role=Role.PROVINCE_ADMIN, unit=province)
    return user.username


def _homes(home_url: str) -> list[Page]:
    """The to-do home of the system administrator (every open period of the country) and of the largest
    province's administrator, each with the raw SQL of what it shows: the open periods, their dossiers
    counted by period and status (every count of the sections and the summary is a sum of these), the
    returned ones' last return, the overdue tasks of plans in effect and of ended ones, the open tasks,
    the estimates waiting by step, and the commune and agency counts of the person's unit."""
    from django.utils import timezone

    today = timezone.localdate()
    periods = (
        "SELECT p.id, p.year, p.title, p.status, p.province_id, f.code FROM assessments_assessmentperiod p "
        "JOIN frameworks_frameworkversion f ON f.id = p.framework_id WHERE p.status = 'open' {where} "
        "ORDER BY p.year DESC, p.id"
    )
    counts = (
        "SELECT a.period_id, a.status, COUNT(*), SUM(CASE WHEN a.round > 1 THEN 1 ELSE 0 END) "
        "FROM assessments_assessment a JOIN assessments_assessmentperiod p ON p.id = a.period_id "
        "WHERE p.status = 'open' {where} GROUP BY a.period_id, a.status"
    )
    returned = (
        "SELECT t.assessment_id, MAX(t.created_at) FROM assessments_transition t WHERE t.to_status = 'returned' "
        "AND t.assessment_id IN (SELECT a.id FROM assessments_assessment a JOIN assessments_assessmentperiod p "
        "ON p.id = a.period_id WHERE p.status = 'open' AND a.status = 'returned' {where} LIMIT 50) "
        "GROUP BY t.assessment_id"
    )
    tasks = (
        "SELECT COUNT(*), SUM(CASE WHEN t.due_on < %s AND pl.end_year >= %s THEN 1 ELSE 0 END), "
        "SUM(CASE WHEN t.due_on < %s AND pl.end_year < %s THEN 1 ELSE 0 END), MIN(t.due_on) "
        "FROM plans_task t JOIN plans_activity ac ON ac.id = t.activity_id JOIN plans_plan pl ON pl.id = ac.plan_id "
        "{join} WHERE t.status NOT IN ('done', 'cancelled') {where}"
    )
    task_args = [today, today.year, today, today.year]
    budget = (
        "SELECT e.status, COUNT(*), SUM(e.requested) FROM plans_budgetestimate e "
        "WHERE e.status IN ('submitted', 'appraised') GROUP BY e.status"
    )
    # What every home shows besides the counts: the person's roles (with the unit's and the
    # agency's names), their council seats in the open periods (a section each), and the working
    # calendar the deadlines are carried over days off on (years around the open periods).
    roles = (
        "SELECT r.role, u.name, g.name FROM accounts_roleassignment r JOIN accounts_user p ON p.id = r.user_id "
        "LEFT JOIN units_unit u ON u.id = r.unit_id LEFT JOIN units_agency g ON g.id = r.agency_id "
        "WHERE p.username = %s AND r.is_active AND (r.valid_from IS NULL OR r.valid_from <= %s) "
        "AND (r.valid_to IS NULL OR r.valid_to >= %s)"
    )
    seats = (
        "SELECT m.id, m.period_id, m.role, m.area_id FROM assessments_councilmembership m "
        "JOIN accounts_user p ON p.id = m.user_id JOIN assessments_assessmentperiod ap ON ap.id = m.period_id "
        "WHERE p.username = %s AND ap.status = 'open'"
    )
    calendar = (
        "SELECT day, day_off FROM workdays_calendarday WHERE day >= %s AND day < %s ORDER BY day",
        [
            today.replace(year=today.year - 2, month=1, day=1),
            today.replace(year=today.year + 2, month=1, day=1),
        ],
    )

    def person(username: str) -> list[tuple[str, list[Any]]]:
        return [(roles, [username, today, today]), (seats, [username]), calendar]

    system = [
        (periods.format(where=""), []),
        (counts.format(where=""), []),
        (returned.format(where=""), []),
        (tasks.format(join="", where=""), task_args),
        (budget, []),
        *person("bench.system"),
    ]
    found = [Page("home (system administrator)", home_url, _sql(system), user="bench.system")]
    province = _largest_province()
    if province is None:
        return found
    in_province = "AND p.province_id = %s"
    agency = "JOIN units_agency g ON g.id = t.agency_id JOIN units_unit gu ON gu.id = g.unit_id"
    admin = _province_admin(province)
    provincial = [
        *person(admin),
        (periods.format(where=in_province), [province.pk]),
        (counts.format(where=in_province), [province.pk]),
        (returned.format(where=in_province), [province.pk]),
        (tasks.format(join=agency, where="AND gu.path LIKE %s"), [*task_args, f"{province.path}%"]),
        (
            "SELECT COUNT(*) FROM units_unit u WHERE u.path LIKE %s AND u.level = 3 AND u.valid_to IS NULL",
            [f"{province.path}%"],
        ),
    ]
    found.append(
        Page(
            f"home (province administrator, {province.code})",
            home_url,
            _sql(provincial),
            user=admin,
        )
    )
    return found


def _dashboards(province_url: str, national_url: str) -> list[Page]:
    """The province dashboard of the province with the most communes today (its decided year and its
    open period, as a system administrator sees it) and the national dashboard, each with the raw SQL
    of every aggregate and list it shows."""
    from django.utils import timezone

    from tiepcan.assessments.models import AssessmentPeriod
    from tiepcan.units.choices import UnitLevel

    province = _largest_province()
    if province is None:
        return []
    open_period = AssessmentPeriod.objects.filter(province=province, status="open").order_by("-year").first()
    decided = (
        AssessmentPeriod.objects.filter(province=province).exclude(status="open").order_by("-year").first()
    )
    year = decided.year if decided else 2025
    pid = province.pk
    counts = "COUNT(*), SUM(CASE WHEN s.recognised THEN 1 ELSE 0 END)"
    scores = f"reports_resultscore r JOIN {S} s ON s.id = r.summary_id"
    statements = [
        # The frame of the page: the province options (a system administrator: every province), the
        # province's periods with their framework's title (the year options, the funnel's deadlines).
        (
            "SELECT id, name FROM units_unit WHERE level = 1 AND valid_to IS NULL ORDER BY name_sort",
            [],
        ),
        (
            "SELECT p.id, p.year, p.status, p.dossier_due, p.review_due, p.council_due, p.recognition_due, "
            "p.self_assessment_due, f.code, f.version, f.title FROM assessments_assessmentperiod p "
            "JOIN frameworks_frameworkversion f ON f.id = p.framework_id WHERE p.province_id = %s ORDER BY p.year",
            [pid],
        ),
        # Shares by former district: a result counts in every former district it spans (the page's
        # rule, through the result-district rows), with how many span several.
        (
            f"SELECT r.district_id, d.name, {counts}, SUM(CASE WHEN r.shared THEN 1 ELSE 0 END) FROM {S} s "
            "LEFT JOIN reports_resultdistrict r ON r.summary_id = s.id LEFT JOIN units_unit d ON d.id = r.district_id "
            "WHERE s.province_id = %s AND s.year = %s GROUP BY r.district_id, d.name, d.name_sort ORDER BY d.name_sort",
            [pid, year],
        ),
        (
            f"SELECT s.kind, {counts} FROM {S} s WHERE s.province_id = %s AND s.year = %s GROUP BY s.kind",
            [pid, year],
        ),
        (
            f"SELECT s.framework_id, r.code, COUNT(*), AVG(r.points), AVG(r.max_points), "
            f"SUM(CASE WHEN r.met THEN 0 ELSE 1 END) FROM {scores} WHERE s.province_id = %s AND s.year = %s "
            "AND r.kind = 'criterion' GROUP BY s.framework_id, r.code",
            [pid, year],
        ),
        (
            f"SELECT s.framework_id, r.code, COUNT(*) FROM {scores} WHERE s.province_id = %s AND s.year = %s "
            "AND r.kind = 'indicator' AND NOT r.met GROUP BY s.framework_id, r.code",
            [pid, year],
        ),
        # The indicators' shares: the results under each framework version (the "m/n" the page prints).
        (
            f"SELECT s.framework_id, COUNT(*) FROM {S} s WHERE s.province_id = %s AND s.year = %s "
            "GROUP BY s.framework_id",
            [pid, year],
        ),
        (
            f"SELECT u.name, u.latitude, u.longitude, s.status, s.total, s.recognised FROM {S} s "
            "JOIN units_unit u ON u.id = s.unit_id WHERE s.province_id = %s AND s.year = %s ORDER BY u.name_sort",
            [pid, year],
        ),
        (
            f"SELECT s.year, {counts} FROM {S} s WHERE s.province_id = %s AND s.year <= %s GROUP BY s.year",
            [pid, year],
        ),
        (
            f"SELECT s.year, r.code, COUNT(*), SUM(CASE WHEN r.met THEN 1 ELSE 0 END) FROM {scores} "
            "WHERE s.province_id = %s AND s.year <= %s AND r.kind = 'criterion' GROUP BY s.year, r.code",
            [pid, year],
        ),
        (
            f"SELECT s.year, r.code, COUNT(*) FROM {scores} WHERE s.province_id = %s AND s.year <= %s "
            "AND r.kind = 'indicator' AND NOT r.met GROUP BY s.year, r.code",
            [pid, year],
        ),
        # The equivalent indicators' shares per year: the results under each framework per year.
        (
            f"SELECT s.year, s.framework_id, COUNT(*) FROM {S} s WHERE s.province_id = %s AND s.year <= %s "
            "GROUP BY s.year, s.framework_id",
            [pid, year],
        ),
        # Whether the province has imported boundaries (the map draws them).
        ("SELECT id, feature_count FROM reports_boundaryfile WHERE province_id = %s", [pid]),
        # The plan in effect, its tasks by activity and by agency, the budget by year.
        (
            "SELECT id, title, number, start_year, end_year FROM plans_plan WHERE province_id = %s "
            "AND status = 'published' ORDER BY start_year DESC, id DESC LIMIT 1",
            [pid],
        ),
        *[
            (
                f"SELECT {group}, COUNT(CASE WHEN t.status <> 'cancelled' THEN 1 END), "
                "COUNT(CASE WHEN t.status = 'done' THEN 1 END), "
                "COUNT(CASE WHEN t.due_on < %s AND t.status NOT IN ('done', 'cancelled') THEN 1 END), "
                f"AVG(CASE WHEN t.status <> 'cancelled' THEN t.progress END) FROM plans_task t {join} "
                "WHERE a.plan_id = (SELECT id FROM plans_plan WHERE province_id = %s AND status = 'published' "
                f"ORDER BY start_year DESC, id DESC LIMIT 1) GROUP BY {group} ORDER BY {order}",
                [timezone.localdate(), pid],
            )
            for group, join, order in (
                (
                    'a.id, a.number, a.title, g.number, g."order", a."order"',
                    "JOIN plans_activity a ON a.id = t.activity_id "
                    "LEFT JOIN plans_activitygroup g ON g.id = a.group_id",
                    'g."order", a."order", a.number',
                ),
                (
                    "ag.id, ag.name, ag.name_sort",
                    "JOIN plans_activity a ON a.id = t.activity_id JOIN units_agency ag ON ag.id = t.agency_id",
                    "ag.name_sort",
                ),
            )
        ],
        (
            "SELECT e.year, SUM(e.requested), SUM(CASE WHEN e.status IN ('approved', 'adjusted') THEN e.approved END) "
            "FROM plans_budgetestimate e JOIN plans_plan p ON p.id = e.plan_id WHERE p.province_id = %s "
            "AND e.status <> 'draft' GROUP BY e.year",
            [pid],
        ),
        (
            "SELECT e.year, SUM(b.amount) FROM plans_budgetallocation b JOIN plans_budgetestimate e "
            "ON e.id = b.estimate_id JOIN plans_plan p ON p.id = e.plan_id WHERE p.province_id = %s GROUP BY e.year",
            [pid],
        ),
        # The reports to the Ministry, and the working calendar their last days (and the open period's
        # deadlines) are carried over.
        (
            "SELECT year, number, sent_on FROM reports_ministryreport WHERE province_id = %s ORDER BY year DESC",
            [pid],
        ),
        (
            "SELECT day, day_off FROM workdays_calendarday WHERE day >= %s AND day <= %s ORDER BY day",
            [date(year, 1, 1), date(timezone.localdate().year + 2, 12, 31)],
        ),
    ]
    not_sent_units = (
        "SELECT a.unit_id FROM assessments_assessment a JOIN units_unit u ON u.id = a.unit_id WHERE a.period_id = %s "
        "AND a.status IN ('draft', 'approved', 'posted', 'returned') ORDER BY u.name_sort LIMIT 300"
    )
    if open_period is not None:
        statements += [
            (
                "SELECT a.status, COUNT(*) FROM assessments_assessment a WHERE a.period_id = %s GROUP BY a.status",
                [open_period.pk],
            ),
            (
                "SELECT a.id, a.status, u.name FROM assessments_assessment a JOIN units_unit u ON u.id = a.unit_id "
                "WHERE a.period_id = %s AND a.status IN ('draft', 'approved', 'posted', 'returned') "
                "ORDER BY u.name_sort LIMIT 300",
                [open_period.pk],
            ),
            # The not-sent communes' officers (name, phone) and their former districts: the province's
            # districts (its former provinces' too) and the communes' predecessors.
            (
                "SELECT r.unit_id, p.full_name, p.phone FROM accounts_roleassignment r JOIN accounts_user p "
                "ON p.id = r.user_id WHERE r.role = 'commune_officer' AND r.is_active "
                "AND (r.valid_from IS NULL OR r.valid_from <= %s) AND (r.valid_to IS NULL OR r.valid_to >= %s) "
                f"AND r.unit_id IN ({not_sent_units}) ORDER BY r.id",
                [timezone.localdate(), timezone.localdate(), open_period.pk],
            ),
            (
                "SELECT id, name FROM units_unit WHERE level = 2 AND (path LIKE %s OR parent_id IN "
                "(SELECT s.predecessor_id FROM units_unitsuccession s JOIN units_unit p ON p.id = s.predecessor_id "
                "WHERE s.successor_id = %s AND p.level = 1)) ORDER BY name_sort",
                [f"{province.path}%", pid],
            ),
            (
                "SELECT s.successor_id, p.path FROM units_unitsuccession s JOIN units_unit p ON p.id = s.predecessor_id "
                f"WHERE s.successor_id IN ({not_sent_units})",
                [open_period.pk],
            ),
        ]
    # The earlier yardstick (until 7/12/2026): the results aggregates and the open period's two lists.
    earlier_district = (
        f"SELECT s.district_id, d.name, {counts} FROM {S} s LEFT JOIN units_unit d ON d.id = s.district_id "
        "WHERE s.province_id = %s AND s.year = %s GROUP BY s.district_id, d.name",
        [pid, year],
    )
    widened = {
        "SELECT id, name FROM units_unit WHERE",
        "SELECT p.id, p.year",
        "SELECT r.district_id",
        "SELECT s.framework_id, COUNT(*)",
        "SELECT s.year, s.framework_id",
        "SELECT id, feature_count",
        "SELECT id, title, number",
        "SELECT a.id, a.number",
        "SELECT ag.id",
        "SELECT e.year",
        "SELECT year, number",
        "SELECT day, day_off",
        "SELECT r.unit_id",
        "SELECT s.successor_id",
    }
    narrow = [earlier_district] + [
        (sql, args) for sql, args in statements if not any(sql.startswith(head) for head in widened)
    ]
    national: list[tuple[str, list[Any]]] = [
        (
            f"SELECT s.province_id, s.year, {counts} FROM {S} s WHERE s.year < %s GROUP BY s.province_id, s.year",
            [timezone.localdate().year],
        ),
        (
            "SELECT id, name, code, valid_to FROM units_unit WHERE level = %s ORDER BY valid_to, name_sort",
            [UnitLevel.PROVINCE],
        ),
        ("SELECT province_id, year, sent_on, number FROM reports_ministryreport", []),
    ]
    return [
        Page(
            f"province dashboard {province.code} {year}",
            f"{province_url}?tinh={pid}",
            _sql(statements),
            _sql(narrow),
            user="bench.system",
        ),
        Page("national dashboard", national_url, _sql(national), user="bench.system"),
    ]


def measure(repeat: int, out: Callable[[str], Any] = print, *, check: bool = False, only: str = "") -> None:
    """Measure every page (``only``: those whose label contains one of its comma-separated words,
    case-insensitive, e.g. ``--only "dashboard,home"``)."""
    from django.core.cache import cache
    from django.db import connection
    from django.http import StreamingHttpResponse
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from tiepcan.accounts.models import User
    from tiepcan.assessments import council
    from tiepcan.assessments.choices import Status
    from tiepcan.assessments.models import Assessment, DecisionEntry
    from tiepcan.reports import summaries

    system = User.objects.get(username="bench.system")
    waiting = list(
        Assessment.objects.filter(status=Status.RECOMMENDED, period__year=2025)
        .select_related("period", "unit")
        .order_by("pk")
    )
    decided = 0
    # Decision numbers unique across runs on a reused database (a number is unique per issuer and year).
    run_tag = datetime.now(UTC).strftime("%y%m%d%H%M%S")

    def decide() -> float:
        """A real decision through the services (bumps the results version): recognising a dossier the
        council recommended while any is left, then (a database reused by many runs) revoking a 2025
        recognition by a revoking decision (``council.revoke``)."""
        nonlocal decided
        if not waiting:
            entry = (
                DecisionEntry.objects.filter(
                    assessment__status=Status.RECOGNISED, assessment__period__year=2025
                )
                .order_by("-pk")
                .first()
            )
            if entry is None:
                province_id = summaries.ResultsVersion.objects.values_list("province_id", flat=True).first()
                if province_id is not None:
                    summaries.bump([province_id])
                return 0.0
            started = time.perf_counter()
            council.revoke(
                entry=entry,
                user=system,
                reason="Bench",
                number=f"R{run_tag}-{decided}/QĐ-UBND",
                revoked_on=date(2026, 6, 1),
            )
            decided += 1
            return time.perf_counter() - started
        assessment = waiting.pop()
        started = time.perf_counter()
        council.issue_decision(
            period=assessment.period,
            user=system,
            number=f"B{run_tag}-{decided}/QĐ-UBND",
            signed_on=date(2026, 1, 31),
            signer_name="Bench",
            signer_title="Chủ tịch",
            issuer_name="",
            place="",
            assessments=[assessment],
        )
        decided += 1
        return time.perf_counter() - started

    anonymous = Client()
    clients: dict[str, Client] = {}

    def client_of(username: str) -> Client:
        if username not in clients:
            clients[username] = Client()
            clients[username].force_login(
                User.objects.get(username=username), backend="django.contrib.auth.backends.ModelBackend"
            )
        return clients[username]

    def fetch(page: Page) -> tuple[float, float, int, int, int]:
        """Wall time, this process's CPU time, queries, bytes and status of one request."""
        client = client_of(page.user) if page.user else anonymous
        with CaptureQueriesContext(connection) as queries:
            started, cpu = time.perf_counter(), time.process_time()
            response = client.get(page.url)
            if isinstance(response, StreamingHttpResponse):
                body = b"".join(response.streaming_content)
            else:
                body = response.content
            elapsed, used = time.perf_counter() - started, time.process_time() - cpu
        return elapsed, used, len(queries), len(body), response.status_code

    floor = _floor(out, lambda url: fetch(Page("floor", url, None)))
    decision_times = []
    out(
        "raw SQL: hand-written SQL of everything the page shows (its filters' options, decisions, "
        "postings, map points, a commune's lineage walk); narrow: the earlier yardstick (its aggregate "
        "and rows only). Ratios of the cold CPU time (steadier than wall time) and of the wall times."
    )
    out(
        f"{'page':<34} {'cold ms':>8} {'CPU':>6} {'q':>3} {'warm ms':>8} {'CPU':>6} {'q':>3} {'bytes':>10} "
        f"{'raw SQL ms':>10} {'narrow':>6} {'cold/raw':>8} {'warm/raw':>8} {'cold/(raw+floor)':>16} "
        f"{'CPU/raw':>7} {'CPU/(raw+floor)':>15} {'CPU/narrow':>10} {'CPU/(narrow+floor)':>18}"
    )
    results = []
    wanted = [word.strip().lower() for word in only.split(",") if word.strip()]
    for page in pages():
        if wanted and not any(word in page.label.lower() for word in wanted):
            continue
        colds, cold_cpus, cold_queries, size, status = [], [], 0, 0, 0
        for _ in range(COLD_RUNS):
            decision_times.append(decide())
            cache.clear()
            elapsed, used, cold_queries, size, status = fetch(page)
            colds.append(elapsed)
            cold_cpus.append(used)
        warms, warm_cpus, warm_queries = [], [], 0
        for _ in range(repeat):
            elapsed, used, warm_queries, _size, _status = fetch(page)
            warms.append(elapsed)
            warm_cpus.append(used)
        cold, warm = statistics.median(colds), statistics.median(warms)
        cold_cpu, warm_cpu = statistics.median(cold_cpus), statistics.median(warm_cpus)
        raw = _best(page.raw, RAW_RUNS) if page.raw else None
        narrow = _best(page.narrow, RAW_RUNS) if page.narrow else None
        results.append(
            {
                "page": page.label,
                "status": status,
                "cold_ms": cold * 1000,
                "cold_cpu_ms": cold_cpu * 1000,
                "warm_ms": warm * 1000,
                "warm_cpu_ms": warm_cpu * 1000,
                "cold_queries": cold_queries,
                "warm_queries": warm_queries,
                "bytes": size,
                "raw_ms": raw * 1000 if raw else None,
                "narrow_raw_ms": narrow * 1000 if narrow else None,
                "floor_ms": floor * 1000,
            }
        )
        out(
            f"{page.label[:34]:<34} {cold * 1000:8.1f} {cold_cpu * 1000:6.1f} {cold_queries:3d} "
            f"{warm * 1000:8.1f} {warm_cpu * 1000:6.1f} {warm_queries:3d} {size:10,d} "
            + (
                f"{raw * 1000:10.1f} {narrow * 1000 if narrow else raw * 1000:6.1f} {cold / raw:8.1f} "
                f"{warm / raw:8.2f} {cold / (raw + floor):16.1f} {cold_cpu / raw:7.1f} "
                f"{cold_cpu / (raw + floor):15.1f} {cold_cpu / (narrow or raw):10.1f} "
                f"{cold_cpu / ((narrow or raw) + floor):18.1f}"
                if raw
                else f"{'—':>10}"
            )
            + ("" if status == 200 else f"  HTTP {status}")
        )
    if decision_times:
        real = [t for t in decision_times if t]
        if real:
            out(
                f"a decision through council.issue_decision or council.revoke (summary row, version bump): "
                f"median {statistics.median(real) * 1000:.1f} ms over {len(real)}"
            )
    (ROOT / "var").mkdir(exist_ok=True)
    (ROOT / "var" / "bench-national-last.json").write_text(json.dumps(results, indent=1), encoding="utf-8")
    if not check:
        return
    started = time.perf_counter()
    report = summaries.check(fix=False)
    out(
        f"nightly check-result-summaries over {report['checked']:,} assessments: "
        f"{time.perf_counter() - started:.1f} s, drift {len(report['missing']) + len(report['different'])}"
    )


def _floor(out: Callable[[str], Any], fetch: Callable[[str], tuple[float, float, int, int, int]]) -> float:
    """What any anonymous page costs before its view does anything: a constant response through the
    project's whole middleware stack, and the public frame (``portal/base_public.html``, empty),
    each the median of 50 requests after 5 untimed. Prints both and returns the bare response's
    wall time: a page whose raw SQL is below it cannot be within 2× of its raw SQL."""
    from django.test.utils import override_settings

    from bench.floor_urls import FLOOR_URL, FRAME_URL

    found: dict[str, tuple[float, float, int]] = {}
    with override_settings(ROOT_URLCONF="bench.floor_urls"):
        for url in (FLOOR_URL, FRAME_URL):
            for _ in range(5):
                fetch(url)
            runs = [fetch(url) for _ in range(50)]
            found[url] = (
                statistics.median(r[0] for r in runs),
                statistics.median(r[1] for r in runs),
                runs[-1][2],
            )
    for url, label in ((FLOOR_URL, "a constant response"), (FRAME_URL, "the public frame, empty")):
        wall, cpu, queries = found[url]
        out(f"floor, {label}: {wall * 1000:.2f} ms ({cpu * 1000:.2f} ms CPU), {queries} queries")
    return found[FLOOR_URL][0]


def describe(out: Callable[[str], Any] = print) -> None:
    from django.db import connection

    from tiepcan.assessments.models import Assessment, DecisionEntry, DossierSnapshot, Transition
    from tiepcan.reports.models import ResultScore, ResultSummary
    from tiepcan.units.choices import UnitLevel
    from tiepcan.units.models import Unit

    out(
        f"data ({connection.vendor}): {Unit.objects.filter(level=UnitLevel.PROVINCE).count()} province rows, "
        f"{Unit.objects.filter(level=UnitLevel.COMMUNE).count():,} commune rows; {Assessment.objects.count():,} "
        f"assessments, {Transition.objects.count():,} transitions, {DossierSnapshot.objects.count():,} snapshots, "
        f"{DecisionEntry.objects.count():,} annex rows; {ResultSummary.objects.count():,} summary rows, "
        f"{ResultScore.objects.count():,} score rows"
    )


def main() -> None:
    import argparse

    import django

    parser = argparse.ArgumentParser()
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--rebuild", action="store_true")
    parser.add_argument("--check", action="store_true")
    parser.add_argument("--decisions", type=int, default=0)
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--only", default="")
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tiepcan.settings")
    django.setup()
    from django.test.utils import override_settings

    from tiepcan.core.audit import audit_context

    # An in-process cache stands for the Redis of a production server (no query to read it).
    with (
        override_settings(
            CACHES={"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}},
            API_RATE_LIMIT=10**9,
            ALLOWED_HOSTS=["*"],
        ),
        audit_context(reason="bench national"),
    ):
        if not args.rebuild:
            _migrate_reused()
        if args.rebuild or not _built(args.scale):
            print(f"building the national data (scale {args.scale}) …", flush=True)
            build(args.scale)
        describe()
        if args.decisions:
            from bench import decisions  # lazy: needs django.setup() above (it imports the models' modules)

            decisions.run(entries=args.decisions, rounds=max(args.repeat, 3), profile=args.profile)
        else:
            measure(args.repeat, check=args.check, only=args.only)


if __name__ == "__main__":
    main()
