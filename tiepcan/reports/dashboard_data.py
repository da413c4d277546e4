"""The dashboards' numbers, each in a fixed number of queries whatever the data size.

Every function takes querysets already scoped by ``for_user`` (or a province the caller has
checked), so a dashboard never shows what its reader may not see. Results per year come from
the summary rows (``aggregates``) where they exist; the open period's funnel and the plan and
budget read their own small tables.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any, NamedTuple

from django.db import connection
from django.db.models import Avg, Count, Q, QuerySet, Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe

from tiepcan.accounts.choices import Role
from tiepcan.accounts.models import RoleAssignment
from tiepcan.assessments import queue
from tiepcan.assessments.choices import Status
from tiepcan.assessments.models import Assessment, AssessmentPeriod
from tiepcan.lib.procedure import DeadlineRule
from tiepcan.lib.text import escape_html
from tiepcan.plans.choices import BudgetStatus, TaskStatus
from tiepcan.reports.models import MinistryReport, ResultSummary
from tiepcan.units.choices import UnitLevel
from tiepcan.units.models import Unit
from tiepcan.workdays.calendar import working_calendar

# The steps of the cycle in order, and the statuses that have reached at least that step.
REACHED = [
    ("total", None),
    (
        Status.APPROVED,
        (
            Status.APPROVED,
            Status.POSTED,
            Status.SUBMITTED,
            Status.FORWARDED,
            Status.RECOMMENDED,
            Status.NOT_RECOMMENDED,
            Status.RECOGNISED,
            Status.NOT_RECOGNISED,
            Status.REVOKED,
        ),
    ),
    (
        Status.POSTED,
        (
            Status.POSTED,
            Status.SUBMITTED,
            Status.FORWARDED,
            Status.RECOMMENDED,
            Status.NOT_RECOMMENDED,
            Status.RECOGNISED,
            Status.NOT_RECOGNISED,
            Status.REVOKED,
        ),
    ),
    (
        Status.SUBMITTED,
        (
            Status.SUBMITTED,
            Status.FORWARDED,
            Status.RECOMMENDED,
            Status.NOT_RECOMMENDED,
            Status.RECOGNISED,
            Status.NOT_RECOGNISED,
            Status.REVOKED,
        ),
    ),
    (
        Status.FORWARDED,
        (
            Status.FORWARDED,
            Status.RECOMMENDED,
            Status.NOT_RECOMMENDED,
            Status.RECOGNISED,
            Status.NOT_RECOGNISED,
            Status.REVOKED,
        ),
    ),
    (Status.RECOMMENDED, (Status.RECOMMENDED, Status.RECOGNISED, Status.REVOKED)),
    (Status.RECOGNISED, (Status.RECOGNISED,)),
]
# The step whose deadline a dossier waiting at a status answers to (queue.STEP_DEADLINES), by funnel step.
WAITING_AT = {
    Status.SUBMITTED: queue.NOT_SENT,
    Status.FORWARDED: (Status.SUBMITTED,),
    Status.RECOMMENDED: (Status.FORWARDED,),
    Status.RECOGNISED: (Status.RECOMMENDED, Status.NOT_RECOMMENDED),
}
FINISHED = (Status.RECOGNISED, Status.NOT_RECOGNISED, Status.REVOKED)


@dataclass
class FunnelStep:
    key: str
    reached: int
    late: int = 0


def funnel(assessments: QuerySet[Assessment], period: AssessmentPeriod, today: date) -> list[FunnelStep]:
    """How many communes reached each step of the open period, and how many are late to reach it
    (waiting at the step before after its deadline): one query."""
    late = queue.late_q(period, today)
    aggregates: dict[str, Any] = {"total": Count("id")}
    for key, statuses in REACHED[1:]:
        aggregates[f"r_{key}"] = Count("id", filter=Q(status__in=statuses))
    for key, waiting in WAITING_AT.items():
        aggregates[f"l_{key}"] = Count("id", filter=late & Q(status__in=waiting))
    row = assessments.order_by().aggregate(**aggregates)
    steps = [FunnelStep("total", row["total"])]
    for key, _statuses in REACHED[1:]:
        steps.append(FunnelStep(key, row[f"r_{key}"], row.get(f"l_{key}", 0) or 0))
    return steps


def not_sent(
    assessments: QuerySet[Assessment], period: AssessmentPeriod, limit: int = 300
) -> list[dict[str, Any]]:
    """Communes that have not sent their dossier, with the responsible officer's name and phone
    (as the review queue shows them) and their former district: four queries (the rows, the
    officers, the province's districts, the communes' predecessors), read as values (up to 300 rows:
    no model instance each)."""
    rows = list(
        assessments.filter(status__in=queue.NOT_SENT)
        .order_by("unit__name_sort")
        .values_list("id", "status", "unit_id", "unit__name", "unit__path")[:limit]
    )
    units = [_UnitPath(unit_id, path) for _pk, _status, unit_id, _name, path in rows]
    officers: dict[int, tuple[str, str]] = {}
    if units:
        for unit_id, full_name, phone in (
            RoleAssignment.objects.active()  # every officer of the communes listed, as the review queue names them
            .filter(role=Role.COMMUNE_OFFICER, unit_id__in=[u.pk for u in units])
            .order_by("id")
            .values_list("unit_id", "user__full_name", "user__phone")
        ):
            officers.setdefault(unit_id, (full_name or "", phone or ""))
    area_of = queue.area_names(units, queue.areas(period)) if units else {}
    # The link reversed once for the whole list (up to 300 rows), not by a template tag per row.
    link = reverse("assessments:assessment_detail", args=[_PK]).split(str(_PK))
    labels = {value: str(label) for value, label in Status.choices}
    return [
        {
            "name": name,
            "status": labels.get(status, status),
            "officer": officers.get(unit_id, ("", "")),
            "area": area_of.get(unit_id, ""),
            "url": str(pk).join(link),
        }
        for pk, status, unit_id, name, _path in rows
    ]


class _UnitPath(NamedTuple):
    """A unit as ``queue.area_names`` reads it: its id and its path."""

    pk: int
    path: str


_PK = 987654321  # stands for an id in a link reversed once per list


def not_sent_html(rows: list[dict[str, Any]]) -> SafeString:
    """The not-sent list's table rows (up to 300), written once per row rather than by template tags
    (escaped by ``escape_html``: what ``format_html`` writes, without its lazy-string checks)."""
    html = []
    for row in rows:
        full_name, phone = row["officer"]
        phone_html = f'<a href="tel:{escape_html(phone)}">{escape_html(phone)}</a>' if phone else "—"
        html.append(
            f'<tr><td><a href="{escape_html(row["url"])}">{escape_html(row["name"])}</a></td>'
            f'<td class="small">{escape_html(row["area"] or "—")}</td>'
            f'<td class="small">{escape_html(row["status"])}</td>'
            f"<td>{escape_html(full_name or '—')}</td><td>{phone_html}</td></tr>"
        )
    return mark_safe("".join(html))  # noqa: S308 - every part escaped above


@dataclass
class Share:
    label: str
    total: int = 0
    recognised: int = 0

    @property
    def percent(self) -> float | None:
        return round(100 * self.recognised / self.total, 1) if self.total else None


def plan_progress(tasks: QuerySet[Any]) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The plan's tasks by activity and by agency: count, done, overdue, average progress (two queries)."""
    today = timezone.localdate()
    open_late = Q(due_on__lt=today) & ~Q(status__in=[TaskStatus.DONE, TaskStatus.CANCELLED])
    counts = {
        "total": Count("id", filter=~Q(status=TaskStatus.CANCELLED)),
        "done": Count("id", filter=Q(status=TaskStatus.DONE)),
        "overdue": Count("id", filter=open_late),
        "progress": Avg("progress", filter=~Q(status=TaskStatus.CANCELLED)),
    }
    by_activity = list(
        tasks.order_by()
        .values("activity_id", "activity__number", "activity__title", "activity__group__number")
        .annotate(**counts)
        .order_by("activity__group__order", "activity__order", "activity__number")
    )
    by_agency = list(
        tasks.order_by()
        .values("agency_id", "agency__name", "agency__name_sort")
        .annotate(**counts)
        .order_by("agency__name_sort")
    )
    return by_activity, by_agency


def budget_by_year(estimates: QuerySet[Any], allocations: QuerySet[Any]) -> list[dict[str, Any]]:
    """Requested, approved and allocated (whole đồng) per year: two queries."""
    rows: dict[int, dict[str, Any]] = defaultdict(lambda: {"requested": 0, "approved": 0, "allocated": 0})
    for row in (
        estimates.order_by()
        .exclude(status=BudgetStatus.DRAFT)
        .values("year")
        .annotate(
            requested=Sum("requested"),
            approved=Sum("approved", filter=Q(status__in=[BudgetStatus.APPROVED, BudgetStatus.ADJUSTED])),
        )
    ):
        rows[row["year"]].update(requested=row["requested"] or 0, approved=row["approved"] or 0)
    for row in allocations.order_by().values("estimate__year").annotate(total=Sum("amount")):
        rows[row["estimate__year"]]["allocated"] = row["total"] or 0
    return [{"year": year, **values} for year, values in sorted(rows.items())]


class ProvinceRow(NamedTuple):
    """A province as the national dashboard names it (today's, or a former one that has results)."""

    pk: int
    name: str
    valid_to: date | None


@dataclass
class ProvinceYears:
    """Every province's share per year (the national dashboard)."""

    years: list[int] = field(default_factory=list)
    provinces: list[ProvinceRow] = field(default_factory=list)
    cells: dict[tuple[int, int], Share] = field(default_factory=dict)
    national: dict[int, Share] = field(default_factory=dict)


def province_years(before: int) -> ProvinceYears:
    """Results and recognitions per province and year before ``before``, from the summary rows: two
    constant statements (the national viewer reads every province: nothing to scope).

    The grouped count is the dashboard's whole aggregate, written as its raw SQL would be: the ORM's
    ``aggregates.shares`` joined every row's province for its name and counted five things of which
    this page shows two."""
    summary, unit = ResultSummary._meta.db_table, Unit._meta.db_table
    out = ProvinceYears()
    seen: set[int] = set()
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT province_id, year, COUNT(*), SUM(CASE WHEN recognised THEN 1 ELSE 0 END) "  # noqa: S608
            f"FROM {summary} WHERE year < %s GROUP BY province_id, year",
            [before],
        )
        for province, year, communes, recognised in cursor.fetchall():
            seen.add(province)
            out.cells[(province, year)] = Share("", communes, int(recognised or 0))
            national = out.national.setdefault(year, Share(str(year)))
            national.total += communes
            national.recognised += int(recognised or 0)
        cursor.execute(
            f"SELECT id, name, valid_to, name_sort FROM {unit} WHERE level = %s",  # noqa: S608
            [UnitLevel.PROVINCE],
        )
        provinces = cursor.fetchall()
    out.years = sorted(out.national)
    # Today's provinces first, then the former ones that have results, each by name (the same order
    # on both databases: PostgreSQL sorts a null ``valid_to`` last, SQLite first).
    kept = [p for p in provinces if p[2] is None or p[0] in seen]
    kept.sort(key=lambda p: (p[2] is not None, _day(p[2]), p[3], p[0]))
    out.provinces = [
        ProvinceRow(pk, name, _day(valid_to) if valid_to else None) for pk, name, valid_to, _s in kept
    ]
    return out


# TT 09/2021/TT-BTP Điều 6 khoản 2: the province reports to the Ministry "trước ngày 20 tháng 02"
# of the next year, the 19th being the last day allowed (as the frameworks' ``report_to_ministry``).
MINISTRY_REPORT = DeadlineRule("report_to_ministry", "", month=2, day=19, year_offset=1)


def ministry_deadlines(years: Iterable[int]) -> dict[int, date]:
    """The last day a province's report of each year is on time: before 20 February of the next
    year, carried over to the next working day when the 19th is a day off (Bộ luật Dân sự 2015
    Điều 148 khoản 5; ``DeadlineRule.due``). One read of the working calendar."""
    years = sorted(set(years))
    if not years:
        return {}
    calendar = working_calendar(date(years[0] + 1, 1, 1), date(years[-1] + 1, 12, 31))
    found = {}
    for year in years:
        fixed = MINISTRY_REPORT.due(year, calendar)
        assert fixed is not None  # a fixed day
        found[year] = fixed.effective
    return found


def _day(value: Any) -> date:
    """A date column as a date (SQLite's driver hands raw SQL a text)."""
    if value is None:
        return date.min
    return value if isinstance(value, date) else date.fromisoformat(str(value)[:10])


def ministry_report_counts(before: int) -> dict[int, tuple[int, int]]:
    """Per year before ``before``: the provinces' reports received on time and late (one statement)."""
    found: dict[int, list[int]] = defaultdict(lambda: [0, 0])
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT year, sent_on FROM {MinistryReport._meta.db_table} WHERE year < %s",  # noqa: S608
            [before],
        )
        rows = cursor.fetchall()
    dues = ministry_deadlines(year for year, _sent_on in rows)  # one read of the working calendar
    for year, sent_on in rows:
        found[year][_day(sent_on) > dues[year]] += 1
    return {year: (on_time, late) for year, (on_time, late) in found.items()}


def ministry_deadline(year: int) -> date:
    return ministry_deadlines([year])[year]


def ministry_reports_of(year: int) -> dict[str, int]:
    """The provinces' reports of ``year`` to Bộ Tư pháp: expected (provinces with results that
    year, as the national dashboard counts them), received on time, late, not yet. Two queries."""
    expected = ResultSummary.objects.filter(year=year).order_by().values("province_id").distinct().count()
    due = ministry_deadline(year)
    sent = MinistryReport.objects.filter(year=year).aggregate(
        on_time=Count("id", filter=Q(sent_on__lte=due)), late=Count("id", filter=Q(sent_on__gt=due))
    )
    on_time, late = sent["on_time"] or 0, sent["late"] or 0
    return {
        "expected": expected,
        "on_time": on_time,
        "late": late,
        "missing": max(expected - on_time - late, 0),
    }
