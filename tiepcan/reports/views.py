"""The home page: what needs attention in the person's scope. Dashboards of the domain apps join it."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from tiepcan.accounts.choices import Action
from tiepcan.accounts.models import RoleAssignment
from tiepcan.accounts.permissions import grants_for
from tiepcan.accounts.session import current_active_unit
from tiepcan.assessments.choices import PeriodStatus, Status
from tiepcan.assessments.models import Assessment, AssessmentPeriod
from tiepcan.reports import todo
from tiepcan.units.models import Unit


@login_required
def home(request: HttpRequest) -> HttpResponse:
    roles = RoleAssignment.objects.active().filter(user=request.user).select_related("unit", "agency")
    active = current_active_unit(request)
    counts = {}
    if active is not None:
        subtree = Unit.objects.for_user(request.user, Action.VIEW).filter(
            path__startswith=active.path, valid_to__isnull=True
        )
        counts = {
            "communes": subtree.communes().count(),
            "agencies": active.agencies.count(),
        }
    return render(
        request,
        "reports/home.html",
        {
            "roles": roles,
            "counts": counts,
            "grants": grants_for(request.user),
            "work": _work_summary(request),
            "todo": todo.sections_for(request.user),
        },
    )


def _work_summary(request: HttpRequest) -> dict[str, object]:
    """What needs attention in the person's scope: the open period, late dossiers, overdue tasks."""
    today = timezone.localdate()
    period = (
        AssessmentPeriod.objects.for_user(request.user, Action.VIEW)
        .filter(status=PeriodStatus.OPEN)
        .order_by("-year")
        .first()
        if grants_for(request.user).has_any(Action.VIEW_ASSESSMENTS)
        else None
    )
    summary: dict[str, object] = {"period": period}
    if period is not None:
        not_sent = [Status.DRAFT, Status.APPROVED, Status.POSTED, Status.RETURNED]
        stats = (
            Assessment.objects.for_user(request.user, Action.VIEW)
            .filter(period=period)
            .aggregate(
                total=Count("id"),
                not_sent=Count("id", filter=Q(status__in=not_sent)),
                waiting_review=Count("id", filter=Q(status=Status.SUBMITTED)),
                at_council=Count("id", filter=Q(status=Status.FORWARDED)),
                recognised=Count("id", filter=Q(status=Status.RECOGNISED)),
            )
        )
        summary.update(stats)
        summary["late"] = today > period.dossier_due and bool(stats["not_sent"])
    return summary
