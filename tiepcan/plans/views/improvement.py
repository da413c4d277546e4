"""Improvement actions: the weak points of a year's results, suggested actions, and follow-up."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tiepcan.accounts.choices import Action
from tiepcan.accounts.http import AuthenticatedHttpRequest
from tiepcan.assessments.choices import Status
from tiepcan.assessments.models import Assessment, AssessmentPeriod
from tiepcan.core import rules
from tiepcan.core.scoping import get_for_user_or_404
from tiepcan.core.shortcuts import flash_errors, require_action
from tiepcan.plans import improvement
from tiepcan.plans.choices import FollowUpStatus
from tiepcan.plans.forms import ImprovementActionForm, ImprovementUpdateForm
from tiepcan.plans.forms.improvement import IMPROVEMENT_AGENCY_CODES
from tiepcan.plans.models import ImprovementAction
from tiepcan.units.models import Agency
from tiepcan.units.widgets import AgencyScope

WEAK_STATES = (Status.NOT_RECOGNISED, Status.NOT_RECOMMENDED, Status.REVOKED)


def weak_points(
    assessments: list[Assessment], assigned: set[tuple[int, str]] | None = None
) -> list[dict[str, Any]]:
    """Communes not recognised, and every commune's indicators below their maximum, weakest first.

    Every indicator not met can be given an action (the engine's suggestions, which recover
    the most points, first); those already given one this period are not offered again.
    """
    assigned = assigned or set()
    rows: list[dict[str, Any]] = []
    for assessment in assessments:
        score = assessment.score or {}
        lost = [i for i in score.get("indicators", []) if not i.get("met")]
        if assessment.status not in WEAK_STATES and not lost:
            continue
        suggestions = score.get("gap", {}).get("suggestions", [])
        offered: list[dict[str, Any]] = []
        seen: set[str] = set()
        for item in [*suggestions, *({"indicator": i["code"], "title": i.get("title", "")} for i in lost)]:
            code = item.get("indicator", "")
            if not code or code in seen or (assessment.unit_id, code) in assigned:
                continue
            seen.add(code)
            offered.append(item)
        rows.append(
            {
                "assessment": assessment,
                "failed": assessment.status in WEAK_STATES,
                "lost": lost,
                "suggested": offered,
            }
        )
    rows.sort(key=lambda r: (not r["failed"], -len(r["lost"])))
    return rows


def improvement_agencies(user: Any, period: AssessmentPeriod) -> Any:
    """The agencies an administrator may give an action to: those of the kinds the activity
    names (``IMPROVEMENT_AGENCY_CODES``) in the period's province, within the units the person
    manages the plan for."""
    return Agency.objects.for_user(user, Action.MANAGE_PLAN).filter(
        code__in=IMPROVEMENT_AGENCY_CODES, unit__path__startswith=period.province.path
    )


def _indicator_label(item: dict[str, Any]) -> str:
    title = str(item.get("title") or "").strip()
    return f"{item['indicator']} – {title[:90]}" if title else str(item["indicator"])


@require_action(Action.VIEW)
def improvement_page(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    period = get_for_user_or_404(
        AssessmentPeriod.objects.select_related("province"), request.user, Action.VIEW, pk=pk
    )
    assessments = list(
        Assessment.objects.for_user(request.user, Action.VIEW)
        .filter(period=period, status__in=[*WEAK_STATES, Status.RECOGNISED])
        .select_related("unit")
        .order_by("unit__name_sort")
    )
    actions = (
        ImprovementAction.objects.for_user(request.user, Action.VIEW)
        .filter(period=period)
        .select_related("unit", "responsible")
    )
    assigned = set(ImprovementAction.objects.filter(period=period).values_list("unit_id", "indicator"))
    rows = weak_points(assessments, assigned)
    if rules.allowed(request.user, "plans.improvement_assign", period):
        _attach_forms(request, period, rows)
    return render(
        request,
        "plans/improvement.html",
        {
            "period": period,
            "rows": rows,
            "actions": [(a, a.next_year_outcome()) for a in actions],
            "statuses": FollowUpStatus.choices,
        },
    )


def _attach_forms(
    request: AuthenticatedHttpRequest, period: AssessmentPeriod, rows: list[dict[str, Any]]
) -> None:
    """One form a commune: its indicators not yet given an action, its own People's Committee
    chosen, any other agency in force the year after found by typing (one signed list for all)."""
    year = period.year + 1
    agencies = improvement_agencies(request.user, period)
    ids = list(agencies.in_force_in(year).values_list("pk", flat=True))
    scope = AgencyScope(ids, request.user.pk, (year, year))
    committees = dict(
        agencies.in_force_in(year)
        .filter(code="ubnd-xa", unit_id__in=[r["assessment"].unit_id for r in rows])
        .values_list("unit_id", "pk")
    )
    scope.preload([str(pk) for pk in committees.values()])
    assessments = Assessment.objects.for_user(request.user, Action.VIEW).filter(period=period)
    for index, row in enumerate(rows):
        if not row["suggested"]:
            continue
        row["form"] = ImprovementActionForm(
            assessments=assessments,
            agencies=agencies,
            actor=request.user,
            year=year,
            scope=scope,
            indicators=[(s["indicator"], _indicator_label(s)) for s in row["suggested"]],
            auto_id=f"giao{index}_%s",
            initial={
                "assessment": row["assessment"].pk,
                "responsible": committees.get(row["assessment"].unit_id),
            },
        )


@require_action(Action.MANAGE_PLAN)
@require_POST
def improvement_create(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    period = get_for_user_or_404(
        AssessmentPeriod.objects.select_related("province"), request.user, Action.MANAGE_PLAN, pk=pk
    )
    form = ImprovementActionForm(
        request.POST,
        assessments=Assessment.objects.for_user(request.user, Action.VIEW).filter(period=period),
        agencies=improvement_agencies(request.user, period),
        actor=request.user,
        year=period.year + 1,
    )
    if not form.is_valid():
        flash_errors(request, form)
        return redirect("plans:improvement", pk=period.pk)
    data = form.cleaned_data
    try:
        improvement.assign(
            period=period,
            unit=data["assessment"].unit,
            indicator=data["indicator"],
            title=data["title"],
            responsible=data["responsible"],
            due_on=data["due_on"],
            actor=request.user,
        )
    except ValidationError as error:
        flash_errors(request, error)
        return redirect("plans:improvement", pk=period.pk)
    messages.success(request, _("Đã giao giải pháp khắc phục."))
    return redirect("plans:improvement", pk=period.pk)


@require_action(Action.VIEW)
@require_POST
def improvement_update(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    action = get_for_user_or_404(
        ImprovementAction.objects.select_related("unit", "responsible"), request.user, Action.VIEW, pk=pk
    )
    rules.check(request.user, "plans.improvement_update", action)
    form = ImprovementUpdateForm(request.POST)
    if form.is_valid():
        action.status = form.cleaned_data["status"]
        action.result = form.cleaned_data["result"]
        action.save(update_fields=["status", "result", "updated_at"])
        messages.success(request, _("Đã cập nhật giải pháp."))
    return redirect("plans:improvement", pk=action.period_id)
