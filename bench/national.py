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

Then, for each public portal page, each dashboard view that exists, the open-data files and the
API's open data, it prints: server time cold (just after a real recognition decision through
``council.issue_decision``, cache cleared) and warm (median of ``--repeat``), each with this
process's CPU time beside it (steadier than wall time on a loaded machine), queries, bytes, the
time of hand-written raw SQL of the aggregate the page shows (best of three), and the ratios, also
against the raw SQL plus the floor: what a constant anonymous response through the project's
middleware costs (``bench/floor_urls.py``), printed first with the public frame's. Runs in a child process so the bench database and settings never touch the caller's.
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


def run(
    out: Callable[[str], Any], *, scale: float, bench_db: str, rebuild: bool, repeat: int, check: bool = False
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
    raw: Callable[[], None] | None
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
    shares = "COUNT(*), SUM(CASE WHEN s.recognised THEN 1 ELSE 0 END)"
    rows_sql = (
        f"SELECT s.year, s.total, s.max_total, s.decision_number, u.name, u.code, p.name FROM {S} s "
        "JOIN units_unit u ON u.id = s.unit_id JOIN units_unit p ON p.id = s.province_id "
    )
    national = [
        (f"SELECT {shares} FROM {S} s WHERE s.public AND s.year = %s", [year]),
        (
            f"SELECT s.province_id, {shares} FROM {S} s WHERE s.public AND s.year = %s GROUP BY s.province_id",
            [year],
        ),
        (f"SELECT COUNT(*) FROM {S} s WHERE s.public AND s.year = %s", [year]),
        (rows_sql + "WHERE s.public AND s.year = %s ORDER BY p.name_sort, u.name_sort LIMIT 50", [year]),
    ]
    provincial = [
        (
            f"SELECT {shares} FROM {S} s WHERE s.public AND s.year = 2024 AND s.province_id = %s",
            [province_id],
        ),
        (
            f"SELECT s.district_id, {shares} FROM {S} s WHERE s.public AND s.year = 2024 AND s.province_id = %s "
            "GROUP BY s.district_id",
            [province_id],
        ),
        (
            f"SELECT COUNT(*) FROM {S} s WHERE s.public AND s.year = 2024 AND s.province_id = %s",
            [province_id],
        ),
        (
            rows_sql
            + "WHERE s.public AND s.year = 2024 AND s.province_id = %s ORDER BY u.name_sort LIMIT 50",
            [province_id],
        ),
    ]
    deep: list[tuple[str, list[Any]]] = [
        (f"SELECT COUNT(*) FROM {S} s WHERE s.public AND s.year = 2024", []),
        (
            rows_sql
            + "WHERE s.public AND s.year = 2024 ORDER BY p.name_sort, u.name_sort LIMIT 50 OFFSET 4950",
            [],
        ),
    ]
    history = [
        (
            rows_sql
            + "WHERE s.public AND s.unit_id IN ({}) ORDER BY s.year DESC".format(
                ",".join("%s" for _ in chain)
            ),
            chain,
        )
    ]
    # The map's rows as the endpoint needs them: every public result of the year (one without
    # coordinates of its own is drawn at a successor's, read for those only) with what its point shows.
    points = [
        (
            f"SELECT u.id, u.code, u.name, u.latitude, u.longitude, s.recognised, s.revoked, s.status, s.source, "
            f"s.total, s.max_total, s.pass_fail FROM {S} s JOIN units_unit u ON u.id = s.unit_id "
            "WHERE s.public AND s.year = %s ORDER BY u.name_sort, s.unit_id",
            [year],
        ),
        (
            "SELECT x.predecessor_id, n.latitude, n.longitude FROM units_unitsuccession x "
            "JOIN units_unit n ON n.id = x.successor_id WHERE n.latitude IS NOT NULL AND x.predecessor_id IN "
            f"(SELECT s.unit_id FROM {S} s JOIN units_unit u ON u.id = s.unit_id WHERE s.public AND s.year = %s "
            "AND u.latitude IS NULL) ORDER BY x.predecessor_id, x.partial, x.id",
            [year],
        ),
    ]
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
    # The API's open data, each with every field its answer carries (the provinces' and communes'
    # code, name, kind and level; the page's count), as the endpoints must read them.
    ref = "{0}.id, {0}.code, {0}.name, {0}.kind, {0}.level"
    api_page: list[tuple[str, list[Any]]] = [
        (f"SELECT COUNT(*) FROM {S} s WHERE s.public AND s.recognised AND s.year = 2024", []),
        (
            f"SELECT s.year, s.status, s.total, {ref.format('u')}, {ref.format('p')} FROM {S} s "
            "JOIN units_unit u ON u.id = s.unit_id JOIN units_unit p ON p.id = s.province_id "
            "WHERE s.public AND s.recognised AND s.year = 2024 ORDER BY p.name_sort, u.name_sort LIMIT 50",
            [],
        ),
    ]
    api_aggregates: list[tuple[str, list[Any]]] = [
        (
            f"SELECT c.*, {ref.format('p')} FROM (SELECT s.year, s.province_id, {shares}, "
            "SUM(CASE WHEN s.status = 'not_recognised' THEN 1 ELSE 0 END), "
            f"SUM(CASE WHEN s.revoked THEN 1 ELSE 0 END) FROM {S} s WHERE s.public "
            "GROUP BY s.year, s.province_id) c JOIN units_unit p ON p.id = c.province_id",
            [],
        )
    ]
    api_decisions: list[tuple[str, list[Any]]] = [
        ("SELECT COUNT(*) FROM assessments_recognitiondecision", []),
        (
            f"SELECT d.id, d.number, d.signed_on, d.issuer_name, pe.year, {ref.format('p')}, "
            "(SELECT COUNT(*) FROM assessments_decisionentry e WHERE e.decision_id = d.id) "
            "FROM assessments_recognitiondecision d JOIN assessments_assessmentperiod pe ON pe.id = d.period_id "
            "JOIN units_unit p ON p.id = pe.province_id ORDER BY d.signed_on DESC, d.id DESC LIMIT 50",
            [],
        ),
    ]
    found = [
        Page(f"portal {year}, whole country", reverse("portal:results"), _sql(national)),
        Page(
            f"portal 2024, province {province_code}",
            reverse("portal:results") + f"?nam=2024&tinh={province_code}",
            _sql(provincial),
        ),
        Page("portal 2024, page 100", reverse("portal:results") + "?nam=2024&trang=100", _sql(deep)),
        Page("portal commune history", reverse("portal:commune", kwargs={"pk": merged}), _sql(history)),
        Page(f"portal map data {year}", reverse("portal:map_data") + f"?nam={year}", _sql(points)),
        Page("open data CSV, all years", reverse("portal:open_data_csv"), _sql(open_all)),
        Page(f"open data JSON {year}", reverse("portal:open_data_json") + f"?nam={year}", _sql(open_year)),
        Page("API public/recognised 2024", "/api/v1/public/recognised?year=2024", _sql(api_page)),
        Page("API public/aggregates", "/api/v1/public/aggregates", _sql(api_aggregates)),
        Page("API public/decisions", "/api/v1/public/decisions", _sql(api_decisions)),
    ]
    # Dashboards, where they exist (the home page always; the dashboards of issue 14 once merged).
    try:
        found.append(Page("home (system administrator)", reverse("home"), None, user="bench.system"))
        found += _dashboards(reverse("dashboards:province"), reverse("dashboards:national"))
    except NoReverseMatch:
        pass
    return found


def _dashboards(province_url: str, national_url: str) -> list[Page]:
    """The province dashboard of the province with the most communes today (its decided year and its
    open period, as a system administrator sees it) and the national dashboard, each with the raw SQL
    of every aggregate and list it shows."""
    from django.db.models import Count
    from django.utils import timezone

    from tiepcan.assessments.models import AssessmentPeriod
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
    province = Unit.objects.filter(pk=largest["province_id"]).first() if largest else None
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
        (
            f"SELECT s.district_id, d.name, {counts} FROM {S} s LEFT JOIN units_unit d ON d.id = s.district_id "
            "WHERE s.province_id = %s AND s.year = %s GROUP BY s.district_id, d.name",
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
    ]
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
            user="bench.system",
        ),
        Page("national dashboard", national_url, _sql(national), user="bench.system"),
    ]


def measure(repeat: int, out: Callable[[str], Any] = print, *, check: bool = False) -> None:
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
                number=f"R{decided}/QĐ-UBND",
                revoked_on=date(2026, 6, 1),
            )
            decided += 1
            return time.perf_counter() - started
        assessment = waiting.pop()
        started = time.perf_counter()
        council.issue_decision(
            period=assessment.period,
            user=system,
            number=f"B{decided}/QĐ-UBND",
            signed_on=date(2026, 1, 31),
            signer_name="Bench",
            signer_title="Chủ tịch",
            issuer_name="",
            place="",
            assessments=[assessment],
        )
        decided += 1
        return time.perf_counter() - started

    anonymous, signed_in = Client(), Client()
    signed_in.force_login(system, backend="django.contrib.auth.backends.ModelBackend")

    def fetch(page: Page) -> tuple[float, float, int, int, int]:
        """Wall time, this process's CPU time, queries, bytes and status of one request."""
        client = signed_in if page.user else anonymous
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
        f"{'page':<34} {'cold ms':>8} {'CPU':>6} {'q':>3} {'warm ms':>8} {'CPU':>6} {'q':>3} {'bytes':>10} "
        f"{'raw SQL ms':>10} {'cold/raw':>8} {'warm/raw':>8} {'cold/(raw+floor)':>16}"
    )
    results = []
    for page in pages():
        colds, cold_cpus, cold_queries, size, status = [], [], 0, 0, 0
        for _ in range(3):
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
        raw = _best(page.raw) if page.raw else None
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
                "floor_ms": floor * 1000,
            }
        )
        out(
            f"{page.label[:34]:<34} {cold * 1000:8.1f} {cold_cpu * 1000:6.1f} {cold_queries:3d} "
            f"{warm * 1000:8.1f} {warm_cpu * 1000:6.1f} {warm_queries:3d} {size:10,d} "
            + (
                f"{raw * 1000:10.1f} {cold / raw:8.1f} {warm / raw:8.2f} {cold / (raw + floor):16.1f}"
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
        measure(args.repeat, check=args.check)


if __name__ == "__main__":
    main()
