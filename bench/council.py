"""The council page at the scale of a large province (run `manage.py demo` first).

Inside one transaction that is rolled back at the end (the demo data is left as it was), the
demo's 2026 period gets ``dossiers`` dossiers waiting at the council (its communes, plus
assessments of former communes of the province up to the number asked), and three members'
scores on every indicator of half of them. Then it prints, for the council's list seen by a
member (a row per dossier): server time (median of warm requests, and the first request),
queries, bytes; the raw SQL of what the page shows; the same for the secretary, the minutes page
and one dossier's scoring page (its form of every indicator). Figures only: never asserted in tests.
"""

from __future__ import annotations

import cProfile
import io
import pstats
import re
import statistics
import time
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext

from bench.autosave import describe_database


class _Rollback(Exception):
    pass


def run(
    out: Callable[[str], Any] = print, dossiers: int = 102, requests: int = 15, profile: bool = False
) -> dict[str, float]:
    figures: dict[str, float] = {}
    try:
        with transaction.atomic():
            figures = _run(out, dossiers, requests, profile)
            raise _Rollback
    except _Rollback:
        pass
    return figures


def _run(out: Callable[[str], Any], dossiers: int, requests: int, profile: bool) -> dict[str, float]:
    import logging

    logging.getLogger("django.request").setLevel(logging.ERROR)
    from tiepcan.accounts.models import User
    from tiepcan.assessments.choices import Status
    from tiepcan.assessments.models import Assessment, CouncilMembership, CouncilScore
    from tiepcan.units.choices import UnitLevel
    from tiepcan.units.models import Unit

    home = Assessment.objects.filter(unit__code="06187", period__year=2026).select_related("period").first()
    if home is None:
        out("council: no demo data (run `manage.py demo` first)")
        return {}
    period = home.period
    existing = list(Assessment.objects.filter(period=period).select_related("unit"))
    template = existing[0]
    taken = {a.unit_id for a in existing}
    extra = dossiers - len(existing)
    if extra > 0:
        spare = Unit.objects.filter(path__startswith=period.province.path, level=UnitLevel.COMMUNE).exclude(
            pk__in=taken
        )[:extra]
        Assessment.objects.bulk_create(
            Assessment(
                period=period,
                unit=unit,
                values=template.values,
                score=template.score,
                total=template.total,
                recognisable=template.recognisable,
                facts=template.facts,
            )
            for unit in spare
        )
    ids = list(
        Assessment.objects.filter(period=period).order_by("unit__name_sort").values_list("pk", flat=True)
    )[:dossiers]
    Assessment.objects.filter(pk__in=ids).update(status=Status.FORWARDED)
    Assessment.objects.filter(period=period).exclude(pk__in=ids).update(status=Status.DRAFT)
    framework = period.framework.compiled()
    members = [m.user for m in CouncilMembership.objects.filter(period=period).select_related("user")]
    viewer = next((m for m in members), None) or User.objects.filter(is_superuser=True).first()
    if viewer is None:
        out("council: no council member and no superuser to view the page as")
        return {}
    indicators = [i.code for i in framework.indicators() if not i.placeholder]
    CouncilScore.objects.bulk_create(
        (
            CouncilScore(assessment_id=pk, member=member, indicator=code, points=Decimal("1"))
            for pk in ids[::2]
            for member in members[:3]
            for code in indicators
        ),
        ignore_conflicts=True,
    )
    out(describe_database())
    figures: dict[str, float] = {}
    client = Client()
    client.force_login(viewer, backend="django.contrib.auth.backends.ModelBackend")
    url = f"/danh-gia/ky/{period.pk}/hoi-dong/?khu_vuc="
    started = time.perf_counter()
    first = client.get(url)
    first_ms = (time.perf_counter() - started) * 1000
    assert first.status_code == 200, first.status_code
    timings, cpu = [], []
    for _ in range(requests):
        started, started_cpu = time.perf_counter(), time.process_time()
        response = client.get(url)
        cpu.append((time.process_time() - started_cpu) * 1000)
        timings.append((time.perf_counter() - started) * 1000)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    raw, raw_cpu = _raw_sql_ms(period.pk)
    server, server_cpu = statistics.median(timings), statistics.median(cpu)
    out(
        f"council: {len(ids)} dossiers at the council, {len(members)} members' scores on {len(ids[::2])}; "
        f"page as {viewer.username}: median {server:.0f} ms, CPU {server_cpu:.1f} ms (first request "
        f"{first_ms:.0f} ms), {len(queries.captured_queries)} queries, {len(response.content) / 1024:.0f} KiB"
    )
    out(
        f"council: raw SQL of what it shows {raw:.1f} ms (CPU {raw_cpu:.1f} ms) → page / raw SQL = "
        f"{server / raw:.1f}× (CPU {server_cpu / raw_cpu:.1f}×)"
    )
    # Members who do not keep the minutes see the cards only: their page, for comparison.
    for member in members:
        if member.pk == viewer.pk:
            continue
        reader = Client()
        reader.force_login(member, backend="django.contrib.auth.backends.ModelBackend")
        reader.get(url)
        reader_cpu = []
        for _ in range(requests):
            started_cpu = time.process_time()
            reader.get(url)
            reader_cpu.append((time.process_time() - started_cpu) * 1000)
        with CaptureQueriesContext(connection) as reader_queries:
            seen = reader.get(url)
        median_cpu = statistics.median(reader_cpu)
        out(
            f"council: page as {member.username}: CPU {median_cpu:.1f} ms "
            f"({median_cpu / raw_cpu:.1f}× the raw SQL's CPU), {len(reader_queries.captured_queries)} queries, "
            f"{len(seen.content) / 1024:.0f} KiB"
        )
    # A dossier's scoring page (the member's form of every indicator), as the viewer.
    figures.update(
        _dossier_page(
            out, client, f"/danh-gia/hoi-dong/ho-so/{ids[0]}/?khu_vuc=", ids[0], period.pk, requests
        )
    )
    # The secretary's minutes page (a page of rows), and how many fields one of its posts sends.
    secretary = next((m for m in members if m.pk != viewer.pk), None)
    if secretary is not None:
        figures.update(
            _minutes_page(out, secretary, f"/danh-gia/ky/{period.pk}/hoi-dong/ghi-bien-ban/", requests)
        )
        figures["page_raw_cpu_ms"] = _page_raw_sql_cpu_ms(period.pk, viewer.pk)
        figures["minutes_raw_cpu_ms"] = _minutes_raw_sql_cpu_ms(period.pk)
        out(
            f"council: raw SQL of everything the list shows (a page of 25 dossiers, their scores, the counts, "
            f"the period, members, areas, meetings) CPU {figures['page_raw_cpu_ms']:.1f} ms → member's page "
            f"{server_cpu / figures['page_raw_cpu_ms']:.1f}×"
        )
        if "minutes_cpu_ms" in figures:
            out(
                f"council: raw SQL of everything the minutes page shows CPU "
                f"{figures['minutes_raw_cpu_ms']:.1f} ms → minutes page "
                f"{figures['minutes_cpu_ms'] / figures['minutes_raw_cpu_ms']:.1f}×"
            )
        if "dossier_cpu_ms" in figures:
            out(
                f"council: CPU ratios to the raw SQL: list {server_cpu / figures['page_raw_cpu_ms']:.1f}×, "
                f"scoring page {figures['dossier_cpu_ms'] / figures['dossier_raw_cpu_ms']:.1f}×, minutes page "
                f"{figures.get('minutes_cpu_ms', 0) / figures['minutes_raw_cpu_ms']:.1f}×"
            )
        figures["list_raw_cpu_ms"] = _list_raw_sql_cpu_ms(period.pk, viewer.pk)
        out(
            f"council: raw SQL of the list's rows (25 dossiers with members' count and the viewer's own, "
            f"the count) CPU {figures['list_raw_cpu_ms']:.1f} ms → member's page "
            f"{server_cpu / figures['list_raw_cpu_ms']:.1f}×"
        )
    if profile:
        profiler = cProfile.Profile(time.process_time)  # CPU time: the waits for the database are not ours
        profiler.enable()
        for _ in range(requests):
            client.get(url)
        profiler.disable()
        text = io.StringIO()
        stats = pstats.Stats(profiler, stream=text)
        stats.sort_stats("cumulative").print_stats(50)
        stats.print_stats("tiepcan/", 40)  # the project's own functions
        stats.sort_stats("tottime").print_stats(30)
        out(text.getvalue())
    return {
        **figures,
        "server_ms": server,
        "server_cpu_ms": server_cpu,
        "first_ms": first_ms,
        "queries": len(queries.captured_queries),
        "raw_ms": raw,
        "raw_cpu_ms": raw_cpu,
    }


def _minutes_page(out: Callable[[str], Any], secretary: Any, url: str, requests: int) -> dict[str, float]:
    """The secretary's minutes page: CPU, queries, bytes and the fields its form posts."""
    client = Client()
    client.force_login(secretary, backend="django.contrib.auth.backends.ModelBackend")
    first = client.get(url)
    if first.status_code != 200:
        out(f"council: minutes page as {secretary.username}: status {first.status_code}")
        return {}
    cpu = []
    for _ in range(requests):
        started_cpu = time.process_time()
        client.get(url)
        cpu.append((time.process_time() - started_cpu) * 1000)
    with CaptureQueriesContext(connection) as queries:
        seen = client.get(url)
    html = seen.content.decode()
    form = html[html.find('id="bien-ban"') :]
    fields = len(set(re.findall(r'name="([^"]+)"', form[: form.find("</form>")])))
    median_cpu = statistics.median(cpu)
    out(
        f"council: minutes page as {secretary.username}: CPU {median_cpu:.1f} ms, "
        f"{len(queries.captured_queries)} queries, {len(seen.content) / 1024:.0f} KiB, its form posts {fields} fields"
    )
    return {
        "minutes_cpu_ms": median_cpu,
        "minutes_queries": len(queries.captured_queries),
        "minutes_fields": fields,
    }


def _dossier_page(
    out: Callable[[str], Any], client: Client, url: str, pk: int, period_id: int, requests: int
) -> dict[str, float]:
    """A dossier's scoring page: CPU, queries, bytes, against the raw SQL of what it shows."""
    first = client.get(url)
    if first.status_code != 200:
        out(f"council: dossier page: status {first.status_code}")
        return {}
    cpu = []
    for _ in range(requests):
        started_cpu = time.process_time()
        client.get(url)
        cpu.append((time.process_time() - started_cpu) * 1000)
    with CaptureQueriesContext(connection) as queries:
        seen = client.get(url)
    median_cpu = statistics.median(cpu)
    raw = _timed_best(
        [
            "SELECT a.id, a.period_id, a.status, a.round, u.name, u.name_sort, a.score, a.values, a.total, "
            "a.facts, a.unit_class, a.recognisable FROM assessments_assessment a JOIN units_unit u ON "
            "u.id = a.unit_id WHERE a.id = %(pk)s",
            "SELECT member_id, indicator, points, reason FROM assessments_councilscore WHERE assessment_id = %(pk)s",
            "SELECT id, indicator, title, file, link FROM assessments_evidence WHERE assessment_id = %(pk)s "
            "ORDER BY indicator, id",
            *_FRAME_SQL,
            # The dossiers before it in the list's order, and its neighbours.
            "SELECT COUNT(*) FROM assessments_assessment a JOIN units_unit u ON u.id = a.unit_id WHERE "
            "a.period_id = %(period)s AND a.status = 'forwarded' AND (u.name_sort, a.id) < (SELECT u2.name_sort, a2.id FROM assessments_assessment "
            "a2 JOIN units_unit u2 ON u2.id = a2.unit_id WHERE a2.id = %(pk)s)",
            "SELECT a.id FROM assessments_assessment a JOIN units_unit u ON u.id = a.unit_id WHERE "
            "a.period_id = %(period)s AND a.status = 'forwarded' ORDER BY u.name_sort, a.id LIMIT 3 OFFSET 0",
        ],
        {"pk": pk, "period": period_id},
    )
    out(
        f"council: dossier's scoring page: CPU {median_cpu:.1f} ms, {len(queries.captured_queries)} queries, "
        f"{len(seen.content) / 1024:.0f} KiB; raw SQL (the dossier, its scores, its evidence, the period, members, areas, neighbours) CPU {raw:.1f} ms "
        f"→ {median_cpu / raw:.1f}×"
    )
    return {
        "dossier_cpu_ms": median_cpu,
        "dossier_queries": len(queries.captured_queries),
        "dossier_raw_cpu_ms": raw,
    }


def _list_raw_sql_cpu_ms(period_id: int, viewer_id: int) -> float:
    """Best of five, CPU of this process: the list's page of rows as one SQL query, and its count."""
    best = float("inf")
    for _ in range(5):
        started = time.process_time()
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT COUNT(*) FROM assessments_assessment WHERE period_id = %s AND status = 'forwarded'",
                [period_id],
            )
            cursor.fetchall()
            cursor.execute(
                "SELECT a.id, u.name, a.total, a.recognisable, a.round, "
                "(SELECT COUNT(DISTINCT s.member_id) FROM assessments_councilscore s WHERE s.assessment_id = a.id), "
                "EXISTS(SELECT 1 FROM assessments_councilscore s WHERE s.assessment_id = a.id AND s.member_id = %s) "
                "FROM assessments_assessment a JOIN units_unit u ON u.id = a.unit_id "
                "WHERE a.period_id = %s AND a.status = 'forwarded' ORDER BY u.name_sort, a.id LIMIT 25",
                [viewer_id, period_id],
            )
            cursor.fetchall()
        best = min(best, (time.process_time() - started) * 1000)
    return best


# What every council page shows around its rows: the period with its province and framework, the
# council's members with their names and areas, and the filter's areas (the province's districts,
# current and former). Written as the pages need them, one statement each.
_FRAME_SQL = [
    (
        "SELECT p.id, p.year, p.province_id, p.framework_id, u.name, u.path, f.code, f.version "
        "FROM assessments_assessmentperiod p JOIN units_unit u ON u.id = p.province_id "
        "JOIN frameworks_frameworkversion f ON f.id = p.framework_id WHERE p.id = %(period)s"
    ),
    (
        "SELECT m.id, m.user_id, m.role, m.position, m.area_id, m.is_secretary, us.full_name, a.name "
        "FROM assessments_councilmembership m JOIN accounts_user us ON us.id = m.user_id "
        "LEFT JOIN units_unit a ON a.id = m.area_id WHERE m.period_id = %(period)s"
    ),
    (
        "SELECT d.id, d.name, d.path FROM units_unit d WHERE d.level = 2 AND ("
        "d.path LIKE (SELECT path FROM units_unit WHERE id = (SELECT province_id FROM "
        "assessments_assessmentperiod WHERE id = %(period)s)) || '%%' OR d.parent_id IN (SELECT "
        "s.predecessor_id FROM units_unitsuccession s JOIN units_unit pu ON pu.id = s.predecessor_id "
        "WHERE pu.level = 1 AND s.successor_id = (SELECT province_id FROM "
        "assessments_assessmentperiod WHERE id = %(period)s))) ORDER BY d.name_sort"
    ),
]


def _timed_best(statements: list[str], params: dict[str, Any]) -> float:
    """Best of five, CPU of this process, of running ``statements`` and fetching their rows."""
    best = float("inf")
    for _ in range(5):
        started = time.process_time()
        with connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql, params)
                cursor.fetchall()
        best = min(best, (time.process_time() - started) * 1000)
    return best


def _page_raw_sql_cpu_ms(period_id: int, viewer_id: int | None = None) -> float:
    """Best of five, CPU of this process: everything the member's list shows. One page of 25
    forwarded dossiers with unit name, score and facts, their members' scores, the count the pager
    shows; the period, the members, the areas (``_FRAME_SQL``); the council's counts; the page's
    rows with the members' count and the viewer's own; the meetings with their counts."""
    statements = [
        "SELECT COUNT(*) FROM assessments_assessment a WHERE a.period_id = %(period)s AND a.status = 'forwarded'",
        "SELECT a.id, u.name, a.score, a.total, a.facts, a.unit_class FROM assessments_assessment a "
        "JOIN units_unit u ON u.id = a.unit_id WHERE a.period_id = %(period)s AND a.status = 'forwarded' ORDER BY u.name_sort LIMIT 25",
        "SELECT assessment_id, member_id, indicator, points FROM assessments_councilscore WHERE "
        "assessment_id IN (SELECT a.id FROM assessments_assessment a JOIN units_unit u ON u.id = a.unit_id "
        "WHERE a.period_id = %(period)s AND a.status = 'forwarded' ORDER BY u.name_sort LIMIT 25)",
        *_FRAME_SQL,
        "SELECT COUNT(*) FILTER (WHERE a.status = 'forwarded'), COUNT(r.id), COUNT(*) FILTER (WHERE "
        "a.status = 'forwarded' AND EXISTS(SELECT 1 FROM assessments_councilscore s WHERE "
        "s.assessment_id = a.id AND s.member_id = %(viewer)s)) FROM assessments_assessment a "
        "LEFT JOIN assessments_councilrecommendation r ON r.assessment_id = a.id WHERE a.period_id = %(period)s",
        "SELECT a.id, u.name, a.total, a.recognisable, a.round, "
        "(SELECT COUNT(DISTINCT s.member_id) FROM assessments_councilscore s WHERE s.assessment_id = a.id), "
        "EXISTS(SELECT 1 FROM assessments_councilscore s WHERE s.assessment_id = a.id AND s.member_id = %(viewer)s) "
        "FROM assessments_assessment a JOIN units_unit u ON u.id = a.unit_id WHERE a.period_id = %(period)s AND a.status = 'forwarded' "
        "ORDER BY u.name_sort, a.id LIMIT 25",
        "SELECT m.id, m.kind, m.held_on, m.minutes, m.papers_sent_on, m.chair_signed_at, "
        "m.secretary_signed_at, c.full_name, (SELECT COUNT(*) FROM assessments_councilmeeting_attendees t "
        "WHERE t.councilmeeting_id = m.id), (SELECT COUNT(*) FROM assessments_councilrecommendation r "
        "WHERE r.meeting_id = m.id AND r.recommend), (SELECT COUNT(*) FROM assessments_councilrecommendation "
        "r WHERE r.meeting_id = m.id AND NOT r.recommend) FROM assessments_councilmeeting m LEFT JOIN "
        "accounts_user c ON c.id = m.chaired_by_id WHERE m.period_id = %(period)s ORDER BY m.held_on, m.id",
    ]
    return _timed_best(statements, {"period": period_id, "viewer": viewer_id or 0})


def _minutes_raw_sql_cpu_ms(period_id: int) -> float:
    """Best of five, CPU of this process: everything the minutes page shows. The period, the
    members, the areas; one page of 25 dossiers awaiting a conclusion with their commune and
    recommendation, and the pager's count; the awaiting count; the open meetings with their counts."""
    statements = [
        *_FRAME_SQL,
        "SELECT COUNT(*) FROM assessments_assessment a WHERE a.period_id = %(period)s AND a.status = 'forwarded'",
        "SELECT a.id, a.status, u.name, r.id, r.recommend, r.votes_for, r.votes_against, r.votes_abstain, "
        "r.verdict, r.meeting_id FROM assessments_assessment a JOIN units_unit u ON u.id = a.unit_id "
        "LEFT JOIN assessments_councilrecommendation r ON r.assessment_id = a.id WHERE a.period_id = %(period)s AND a.status = 'forwarded' "
        "ORDER BY u.name_sort, a.id LIMIT 25",
        "SELECT COUNT(*) FROM assessments_assessment a WHERE a.period_id = %(period)s AND a.status = 'forwarded'",
        "SELECT m.id, m.kind, m.held_on, c.full_name, (SELECT COUNT(*) FROM "
        "assessments_councilmeeting_attendees t WHERE t.councilmeeting_id = m.id) FROM "
        "assessments_councilmeeting m LEFT JOIN accounts_user c ON c.id = m.chaired_by_id WHERE "
        "m.period_id = %(period)s AND m.chair_signed_at IS NULL AND m.secretary_signed_at IS NULL",
    ]
    return _timed_best(statements, {"period": period_id})


def _raw_sql_ms(period_id: int) -> tuple[float, float]:
    """Best of five, wall and CPU of this process: the forwarded dossiers with unit name and score,
    and the members' scores."""
    best = best_cpu = float("inf")
    for _ in range(5):
        started, started_cpu = time.perf_counter(), time.process_time()
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT a.id, u.name, a.score, a.total, a.facts, a.unit_class FROM assessments_assessment a "
                "JOIN units_unit u ON u.id = a.unit_id WHERE a.period_id = %s AND a.status = 'forwarded' "
                "ORDER BY u.name_sort",
                [period_id],
            )
            cursor.fetchall()
            cursor.execute(
                "SELECT assessment_id, member_id, indicator, points FROM assessments_councilscore WHERE "
                "assessment_id IN (SELECT id FROM assessments_assessment WHERE period_id = %s AND status = 'forwarded')",
                [period_id],
            )
            cursor.fetchall()
        best = min(best, (time.perf_counter() - started) * 1000)
        best_cpu = min(best_cpu, (time.process_time() - started_cpu) * 1000)
    return best, best_cpu
