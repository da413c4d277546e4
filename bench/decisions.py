"""The decision path on the national bench's data: ``manage.py bench national --decisions [--profile]``.

What a chairman's signature costs: ``council.issue_decision`` of one dossier and of
``--decision-entries`` dossiers (a province's decision of dozens of communes), and
``council.revoke`` of one recognition, each through the services as a person's request runs them
(the annex rows, the transitions and their audit entries, the result summary rows, the results
version). The dossiers are the 2026 assessments of the province with the most communes, topped up
(as ``bench/council.py`` does) with assessments of its other communes and set to "recommended",
their summary rows written first, as the decision finds them. Every round runs inside a
transaction rolled back at the end: the bench database is left as it was and every round starts
from the same state. Prints the median wall time and this process's CPU time of each, and its
queries; ``--profile`` prints cProfile's top of one decision of many dossiers. Figures only.
"""

from __future__ import annotations

import cProfile
import io
import os
import pstats
import statistics
import time
from collections.abc import Callable
from datetime import date
from typing import Any

from django.db import connection, transaction
from django.db.models import Count
from django.test.utils import CaptureQueriesContext

from bench.autosave import describe_database


class _Rollback(Exception):
    pass


def run(
    out: Callable[[str], Any] = print, *, entries: int = 60, rounds: int = 7, profile: bool = False
) -> None:
    from tiepcan.accounts.models import User
    from tiepcan.assessments.models import AssessmentPeriod, DecisionEntry
    from tiepcan.units.choices import UnitLevel
    from tiepcan.units.models import Unit

    out(describe_database())
    system = User.objects.get(username="bench.system")
    # The 2026 period of the province with the most communes in force.
    provinces = (
        Unit.objects.filter(level=UnitLevel.COMMUNE, valid_to__isnull=True)
        .values("parent_id")
        .annotate(n=Count("id"))
        .order_by("-n")
    )
    period = None
    for row in provinces:
        period = AssessmentPeriod.objects.filter(year=2026, province_id=row["parent_id"]).first()
        if period is not None and period.assessments.exists():
            break
    if period is None:
        out("decisions: no 2026 period in the bench database")
        return
    figures: dict[str, list[tuple[float, float, int]]] = {"one": [], "revoke": [], "many": []}
    for number in range(rounds):
        try:
            with transaction.atomic():
                dossiers = _recommended(period, entries + 1)
                with CaptureQueriesContext(connection) as one:
                    figures["one"].append(_timed(_decide, period, system, dossiers[:1], f"B{number}"))
                if profile and number == rounds - 1:
                    out(f"queries of a decision of one dossier ({len(one)}):")
                    for query in one.captured_queries:
                        out(f"  {' '.join(query['sql'].split())[:150]}")
                entry = DecisionEntry.objects.select_related("decision").get(assessment=dossiers[0])
                figures["revoke"].append(_timed(_revoke, entry, system, f"R{number}"))
                many = dossiers[1:]
                if profile and number == rounds - 1:
                    profiler = cProfile.Profile()
                    profiler.enable()
                    _decide(period, system, many, f"P{number}")
                    profiler.disable()
                    _print_profile(out, profiler, len(many))
                else:
                    figures["many"].append(_timed(_decide, period, system, many, f"M{number}"))
                raise _Rollback
        except _Rollback:
            pass
    _walk_forms(out)
    labels = {
        "one": "council.issue_decision, 1 dossier",
        "revoke": "council.revoke, 1 recognition",
        "many": f"council.issue_decision, {entries} dossiers",
    }
    load = os.getloadavg()
    out(f"decision path ({period.province.name}, {rounds} rounds; load average {load[0]:.1f} {load[1]:.1f}):")
    for key, label in labels.items():
        samples = figures[key]
        if not samples:
            continue
        wall = statistics.median(s[0] for s in samples) * 1000
        cpu = statistics.median(s[1] for s in samples) * 1000
        out(f"  {label:<44} median {wall:7.1f} ms (CPU {cpu:6.1f} ms), {samples[-1][2]} queries")


def _recommended(period: Any, count: int) -> list[Any]:
    """``count`` of the period's dossiers, "recommended", with their summary rows as the council left them."""
    from tiepcan.assessments.choices import Status, SubmissionKind
    from tiepcan.assessments.models import Assessment
    from tiepcan.reports import summaries
    from tiepcan.units.choices import UnitLevel
    from tiepcan.units.models import Unit

    # A dossier the council has not met on yet: none of them waits on minutes still to be signed.
    existing = list(Assessment.objects.filter(period=period, recommendation__isnull=True).order_by("pk"))
    template = existing[0]
    taken = set(Assessment.objects.filter(period=period).values_list("unit_id", flat=True))
    extra = count - len(existing)
    if extra > 0:
        spare = (
            Unit.objects.filter(
                path__startswith=period.province.path, level=UnitLevel.COMMUNE, valid_to__isnull=True
            )
            .exclude(pk__in=taken)
            .order_by("pk")[:extra]
        )
        Assessment.objects.bulk_create(
            Assessment(
                period=period,
                unit=unit,
                values=template.values,
                score=template.score,
                total=template.total,
                recognisable=True,
                facts=template.facts,
                posted_at=template.posted_at or period.created_at,
            )
            for unit in spare
        )
    ids = list(
        Assessment.objects.filter(period=period, recommendation__isnull=True)
        .order_by("pk")
        .values_list("pk", flat=True)
    )[:count]
    Assessment.objects.filter(pk__in=ids).update(
        status=Status.RECOMMENDED, submission_kind=SubmissionKind.RECOGNITION
    )
    summaries.sync(ids)
    return list(Assessment.objects.filter(pk__in=ids).select_related("period", "unit").order_by("pk"))


def _decide(period: Any, user: Any, dossiers: list[Any], number: str) -> None:
    from tiepcan.assessments import council

    council.issue_decision(
        period=period,
        user=user,
        number=f"{number}/QĐ-UBND",
        signed_on=date(2026, 1, 31),
        signer_name="Bench",
        signer_title="Chủ tịch",
        issuer_name="",
        place="",
        assessments=dossiers,
    )


def _revoke(entry: Any, user: Any, number: str) -> None:
    from tiepcan.assessments import council

    council.revoke(
        entry=entry, user=user, reason="Bench", number=f"{number}/QĐ-UBND", revoked_on=date(2026, 6, 1)
    )


def _timed(action: Callable[..., Any], *args: Any) -> tuple[float, float, int]:
    """Wall time, this process's CPU time and queries of ``action(*args)``."""
    with CaptureQueriesContext(connection) as queries:
        started, cpu = time.perf_counter(), time.process_time()
        action(*args)
        elapsed, used = time.perf_counter() - started, time.process_time() - cpu
    return elapsed, used, len(queries)


def _print_profile(out: Callable[[str], Any], profiler: cProfile.Profile, count: int) -> None:
    buffer = io.StringIO()
    stats = pstats.Stats(profiler, stream=buffer)
    stats.sort_stats("cumulative").print_stats(r"tiepcan|django/db/models/(query|base|sql/compiler)", 30)
    out(f"profile of one decision of {count} dossiers (cumulative, project and ORM frames):")
    out(buffer.getvalue())


def _walk_forms(out: Callable[[str], Any]) -> None:
    """Both forms of the lineage walk (``tiepcan.units.lineage``) from growing numbers of units: the
    communes in force with a recorded predecessor (walked back), the retired ones (walked forward);
    best of five of each, the statement alone."""
    from tiepcan.units import lineage
    from tiepcan.units.choices import UnitLevel
    from tiepcan.units.models import Unit, UnitSuccession

    merged = Unit.objects.filter(level=UnitLevel.COMMUNE).order_by("pk")
    current = list(
        merged.filter(
            valid_to__isnull=True, pk__in=UnitSuccession.objects.values("successor_id")
        ).values_list("pk", flat=True)
    )
    retired = list(merged.filter(valid_to__isnull=False).values_list("pk", flat=True))
    out(
        f"lineage walk, best of 5 (ms), units joined in each branch / once after the walk; threshold {lineage.BRANCH_JOIN_MAX}:"
    )
    for count in (1, 10, 30, 60, 100, 150, 250, 500):
        cells = []
        for ids, backwards in ((current, True), (retired, False)):
            start = ids[:count]
            timings = []
            for in_branch in (True, False):
                sql = lineage._sql(len(start), backwards, in_branch=in_branch)
                best = float("inf")
                for _ in range(5):
                    with connection.cursor() as cursor:
                        started = time.perf_counter()
                        cursor.execute(sql, [*start, lineage.MAX_DEPTH])
                        cursor.fetchall()
                        best = min(best, time.perf_counter() - started)
                timings.append(best * 1000)
            cells.append(f"{'back' if backwards else 'forward'} {timings[0]:7.2f} / {timings[1]:7.2f}")
        out(f"  from {count:4d} units: {'   '.join(cells)}")
