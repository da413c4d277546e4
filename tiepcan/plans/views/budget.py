"""Budget estimates: list, write, submit, appraise, decide and allocate."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Sum
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tiepcan.accounts.choices import Action
from tiepcan.accounts.permissions import grants_for
from tiepcan.core.crud import scope_form_choices
from tiepcan.core.forms import field_of, require_valid
from tiepcan.core.scoping import get_for_user_or_404
from tiepcan.core.shortcuts import flash_errors, require_action
from tiepcan.jobs import exports
from tiepcan.plans import budget
from tiepcan.plans import exports as plan_exports
from tiepcan.plans.filters import budget_filter
from tiepcan.plans.forms import (
    AllocationForm,
    BudgetAppraisalForm,
    BudgetDecisionForm,
    BudgetEstimateForm,
)
from tiepcan.plans.models import (
    BudgetAllocation,
    BudgetEstimate,
    Plan,
)
from tiepcan.units.models import Agency


@require_action(Action.VIEW)
def budget_list(request: HttpRequest) -> HttpResponseBase:
    found = budget_filter(request)
    estimates = found.qs
    totals = (
        estimates.values("year", "agency__name")
        .annotate(requested=Sum("requested"), approved=Sum("approved"))
        .order_by("-year", "agency__name")
    )
    grand = estimates.aggregate(requested=Sum("requested"), approved=Sum("approved"))
    # Allocations summed on their own: joined to the estimates they would repeat each estimate's sums.
    allocations = BudgetAllocation.objects.filter(estimate__in=estimates.values("pk"))
    grand["allocated"] = allocations.aggregate(total=Sum("amount"))["total"]
    allocated_by = {
        (row["estimate__year"], row["estimate__agency__name"]): row["total"]
        for row in allocations.values("estimate__year", "estimate__agency__name").annotate(
            total=Sum("amount")
        )
    }
    totals = [{**row, "allocated": allocated_by.get((row["year"], row["agency__name"]))} for row in totals]
    if exports.requested(request):
        return exports.respond(
            request, plan_exports.BUDGET, estimates.order_by("-year", "agency__name_sort", "pk")
        )
    found.warn_invalid(request)
    return render(
        request,
        "plans/budget_list.html",
        {
            "estimates": estimates.annotate(allocated_total=Sum("allocations__amount")).order_by(
                "-year", "agency__name_sort"
            ),
            "totals": totals,
            "grand": grand,
        },
    )


def _budget_writer_action(user: Any) -> str:
    grants = grants_for(user)
    return Action.MANAGE_PLAN if grants.has_any(Action.MANAGE_PLAN) else Action.REPORT_PROGRESS


@require_action(Action.VIEW)
def budget_create(request: HttpRequest) -> HttpResponse:
    action = _budget_writer_action(request.user)
    if not grants_for(request.user).has_any(action):
        raise PermissionDenied
    form = BudgetEstimateForm(request.POST or None, actor=request.user)
    scope_form_choices(form, request.user, action)
    if action == Action.REPORT_PROGRESS:
        # A focal point drafts estimates for their own agency only.
        field_of(form, "agency", forms.ModelChoiceField).queryset = Agency.objects.represented_by(
            request.user, action
        )
        field_of(form, "plan", forms.ModelChoiceField).queryset = Plan.objects.for_user(
            request.user, Action.VIEW
        )
    if request.method == "POST" and form.is_valid():
        estimate = form.save()
        messages.success(request, _("Đã lập dự toán (dự thảo). Gửi Sở Tài chính khi hoàn tất."))
        return redirect("plans:budget_detail", pk=estimate.pk)
    return render(
        request,
        "generic_form.html",
        {
            "form": form,
            "page_title": _("Lập dự toán kinh phí"),
            "back_url": reverse("plans:budget_list"),
            "back_label": _("Kinh phí"),
        },
        status=400 if form.errors else 200,
    )


@require_action(Action.VIEW)
def budget_detail(request: HttpRequest, pk: int) -> HttpResponse:
    estimate = get_for_user_or_404(
        BudgetEstimate.objects.select_related("agency", "plan__province", "activity__group"),
        request.user,
        Action.VIEW,
        pk=pk,
    )
    # Each form shows only to whom its step is open ({% can "plans.budget_…" estimate %}).
    return render(
        request,
        "plans/budget_detail.html",
        {
            "estimate": estimate,
            "allocations": estimate.allocations.all(),
            "appraisal_form": BudgetAppraisalForm(
                initial={"version": estimate.version, "amount": estimate.requested}
            ),
            "decision_form": BudgetDecisionForm(initial={"version": estimate.version}),
            "transitions": estimate.transitions.select_related("actor"),
            "allocation_form": AllocationForm(),
        },
    )


def _take_step(
    request: HttpRequest, pk: int, action: str, step: Callable[[], object], done: str
) -> HttpResponse:
    """Scope the estimate for ``action`` (404 outside, 403 inside without it), take the step (its
    form read inside ``step``); a refusal is flashed, success said; back to the estimate's page."""
    get_for_user_or_404(BudgetEstimate.objects.all(), request.user, action, pk=pk)
    try:
        step()
    except ValidationError as error:
        flash_errors(request, error)
    else:
        messages.success(request, done)
    return redirect("plans:budget_detail", pk=pk)


@require_action(Action.VIEW)
@require_POST
def budget_submit(request: HttpRequest, pk: int) -> HttpResponse:
    return _take_step(
        request,
        pk,
        Action.VIEW,
        lambda: budget.submit(estimate_id=pk, user=request.user),
        _("Đã gửi dự toán tới Sở Tài chính."),
    )


@require_action(Action.MANAGE_BUDGET)
@require_POST
def budget_decide(request: HttpRequest, pk: int) -> HttpResponse:
    """Sở Tài chính appraises a sent estimate and submits it to the People's Committee (§III.2)."""

    def appraise() -> None:
        data = require_valid(BudgetAppraisalForm(request.POST))
        budget.appraise(
            estimate_id=pk,
            user=request.user,
            version=data["version"],
            amount=data["amount"],
            note=data.get("note") or "",
        )

    return _take_step(
        request, pk, Action.MANAGE_BUDGET, appraise, _("Đã ghi kết quả thẩm định, trình UBND tỉnh phê duyệt.")
    )


@require_action(Action.MANAGE_BUDGET)
@require_POST
def budget_approve(request: HttpRequest, pk: int) -> HttpResponse:
    """Record the provincial People's Committee's decision on an appraised estimate, with its document."""

    def decide() -> None:
        data = require_valid(BudgetDecisionForm(request.POST))
        budget.decide(
            estimate_id=pk,
            user=request.user,
            version=data["version"],
            decision=data["decision"],
            approved=data.get("approved"),
            reason=data.get("reason") or "",
            document_number=data["document_number"],
            document_date=data["document_date"],
        )

    return _take_step(
        request, pk, Action.MANAGE_BUDGET, decide, _("Đã ghi quyết định phê duyệt dự toán của UBND tỉnh.")
    )


@require_action(Action.MANAGE_BUDGET)
@require_POST
def budget_allocate(request: HttpRequest, pk: int) -> HttpResponse:
    def allocate() -> None:
        form = AllocationForm(request.POST)
        require_valid(form)
        budget.allocate(estimate_id=pk, user=request.user, allocation=form.save(commit=False))

    return _take_step(request, pk, Action.MANAGE_BUDGET, allocate, _("Đã ghi cấp phát kinh phí."))
