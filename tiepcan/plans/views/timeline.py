"""The plan over time: a server-rendered timeline (Gantt) and a calendar of deadlines."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from typing import Any

from django.db.models import Count, Max, Min, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from tiepcan.accounts.choices import Action
from tiepcan.assessments import deadlines
from tiepcan.core.shortcuts import require_action
from tiepcan.plans.choices import TaskStatus
from tiepcan.plans.filters import calendar_filter, timeline_filter
from tiepcan.plans.models import (
    Activity,
    ImprovementAction,
    InspectionFollowUp,
    ReportRequest,
    Task,
    plans_in_force,
)

MONTHS = [f"T{m}" for m in range(1, 13)]


def _position(day: date | None, year: int, default: float) -> float:
    if day is None:
        return default
    if day.year < year:
        return 0.0
    if day.year > year:
        return 100.0
    return round((day.timetuple().tm_yday - 1) / (366 if year % 4 == 0 else 365) * 100, 2)


@require_action(Action.VIEW)
def timeline(request: HttpRequest) -> HttpResponse:
    found = timeline_filter(request)
    found.warn_invalid(request)
    plans = list(found.queryset)
    chosen = str(found.value("ke_hoach"))
    year = timezone.localdate().year
    # By default the plan in force this year (the same rule as tasks and budget), else the newest.
    in_force = plans_in_force(plans, year)
    default = next((p for p in plans if p.pk in in_force), plans[0] if plans else None)
    plan = next((p for p in plans if str(p.pk) == chosen), default)
    rows: list[dict[str, Any]] = []
    if plan is not None:
        year = found.year(min(max(year, plan.start_year), plan.end_year))
        today = timezone.localdate()
        stats = {
            row["activity_id"]: row
            for row in Task.objects.for_user(request.user, Action.VIEW)
            .filter(activity__plan=plan, year=year)
            .values("activity_id")
            .annotate(
                start=Min("starts_on"),
                due=Max("due_on"),
                total=Count("id"),
                done=Count("id", filter=Q(status=TaskStatus.DONE)),
                overdue=Count(
                    "id", filter=Q(due_on__lt=today) & ~Q(status__in=[TaskStatus.DONE, TaskStatus.CANCELLED])
                ),
                on_request=Count("id", filter=Q(on_request=True)),
            )
        }
        for activity in (
            Activity.objects.filter(plan=plan).select_related("group").order_by("group__order", "number")
        ):
            stat = stats.get(activity.pk)
            if stat is None:
                continue
            left = _position(stat["start"], year, 0.0)
            right = _position(stat["due"], year, 100.0)
            width = max(right - left, 1.5)
            rows.append(
                {
                    "activity": activity,
                    # A bar ending on 31 December still fits inside the year.
                    "left": min(left, 100.0 - width),
                    "width": width,
                    "stat": stat,
                    "state": "overdue"
                    if stat["overdue"]
                    else ("done" if stat["done"] == stat["total"] else "open"),
                }
            )
    return render(
        request,
        "plans/timeline.html",
        {
            "plans": plans,
            "plan": plan,
            "year": year,
            "rows": rows,
            "months": MONTHS,
            "years": list(plan.years) if plan else [],
            "today_left": _position(timezone.localdate(), year, -1),
        },
    )


@require_action(Action.VIEW)
def calendar(request: HttpRequest) -> HttpResponse:
    """Every deadline of a year the person may see, month by month."""
    found = calendar_filter(request)
    found.warn_invalid(request)
    year = found.year(timezone.localdate().year)
    events: dict[int, list[dict[str, Any]]] = defaultdict(list)
    task_rows = (
        Task.objects.for_user(request.user, Action.VIEW)
        .filter(due_on__year=year)
        .values("due_on", "activity_id", "activity__number", "activity__group__number", "activity__title")
        .annotate(agencies=Count("id"), done=Count("id", filter=Q(status=TaskStatus.DONE)))
        .order_by("due_on", "activity__group__number", "activity__number")
    )
    for row in task_rows:
        events[row["due_on"].month].append(
            {
                "day": row["due_on"],
                "kind": "task",
                "title": f"II.{row['activity__group__number']}.{row['activity__number']} {row['activity__title'][:120]}",
                "detail": _("%(done)s/%(total)s cơ quan hoàn thành")
                % {"done": row["done"], "total": row["agencies"]},
            }
        )
    # The province's requests, and those asking one of the person's agencies (a commune's People's
    # Committee reads no request of the province's plan with ``view``, but must send this one).
    requests = ReportRequest.objects.for_user(request.user, Action.VIEW) | ReportRequest.objects.for_user(
        request.user, Action.REPORT_PROGRESS
    )
    for request_row in requests.filter(deadline__year=year).order_by("deadline", "pk"):
        events[request_row.deadline.month].append(
            {
                "day": request_row.deadline,
                "kind": "report",
                "title": request_row.title,
                "detail": request_row.get_period_display(),
            }
        )
    for follow_up in InspectionFollowUp.objects.for_user(request.user, Action.VIEW).filter(due_on__year=year):
        assert follow_up.due_on is not None  # the year filter leaves no undated row
        events[follow_up.due_on.month].append(
            {
                "day": follow_up.due_on,
                "kind": "follow_up",
                "title": follow_up.title,
                "detail": follow_up.get_status_display(),
            }
        )
    # Improvement actions (Hoạt động II.2.4) have deadlines too.
    for action in (
        ImprovementAction.objects.for_user(request.user, Action.VIEW)
        .filter(due_on__year=year)
        .select_related("unit", "responsible")
    ):
        assert action.due_on is not None  # the year filter leaves no undated row
        events[action.due_on.month].append(
            {
                "day": action.due_on,
                "kind": "improvement",
                "title": f"{action.unit.name}{' · ' + action.indicator if action.indicator else ''}: {action.title}",
                "detail": f"{action.responsible.name} · {action.get_status_display()}",
            }
        )
    # The assessment's deadlines, of the periods and of the person's own dossiers.
    for event in deadlines.events(request.user, year, timezone.localdate()):
        events[event["day"].month].append(event)
    months = [(month, sorted(events.get(month, []), key=lambda e: e["day"])) for month in range(1, 13)]
    return render(
        request, "plans/calendar.html", {"year": year, "months": months, "today": timezone.localdate()}
    )
