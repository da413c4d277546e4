"""Reading the plan: the list of plans, importing a plan file and a plan's page."""

from __future__ import annotations

from django.contrib import messages
from django.db.models import Count, Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from tiepcan.accounts.choices import Action
from tiepcan.accounts.permissions import grants_for
from tiepcan.core import rules
from tiepcan.core.scoping import get_for_user_or_404
from tiepcan.core.shortcuts import require_action
from tiepcan.lib import plan_file
from tiepcan.plans import editor, services
from tiepcan.plans.forms import PlanImportForm
from tiepcan.plans.models import (
    Activity,
    ActivityAgency,
    Plan,
    plans_in_force,
)


@require_action(Action.VIEW)
def plan_list(request: HttpRequest) -> HttpResponse:
    plans = (
        Plan.objects.for_user(request.user, Action.VIEW)
        .select_related("province", "issuer")
        .annotate(activity_count=Count("activities", distinct=True))
        .order_by("-start_year", "-issued_on", "id")
    )
    if grants_for(request.user).has_any(Action.MANAGE_PLAN):
        # The province follows lower units' plans on its own plan's page, not in this list.
        plans = plans.filter(parent_plan__isnull=True)
    year = timezone.localdate().year
    in_force = plans_in_force(plans, year)
    return render(
        request,
        "plans/plan_list.html",
        {"plans": plans, "in_force": in_force, "year": year},
    )


@require_action(Action.MANAGE_PLAN)
def plan_import(request: HttpRequest) -> HttpResponse:
    """Load a province's plan from its structured file; every problem is listed with its line."""
    form = PlanImportForm(request.POST or None, request.FILES or None, actor=request.user)
    problems: list[plan_file.Problem] = []
    if request.method == "POST" and form.is_valid():
        province = form.cleaned_data["province"]
        plan, problems = services.load_plan(form.cleaned_data["file"], province)
        if plan is not None:
            # A loaded plan is published at once; a newer plan takes over the years it covers.
            for other in editor._overlapping(plan):
                editor.sync_tasks(other)
            created, _removed = editor.sync_tasks(plan)
            messages.success(
                request, _("Đã nạp kế hoạch và tạo %(n)s nhiệm vụ theo lịch thực hiện.") % {"n": created}
            )
            return redirect("plans:plan_detail", pk=plan.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "plans/plan_import.html", {"form": form, "problems": problems}, status=status)


@require_action(Action.VIEW)
def plan_detail(request: HttpRequest, pk: int) -> HttpResponse:
    plan = get_for_user_or_404(
        Plan.objects.select_related("province", "issuer"), request.user, Action.VIEW, pk=pk
    )
    activities = Prefetch(
        "activities",
        queryset=Activity.objects.prefetch_related(
            Prefetch("agency_links", queryset=ActivityAgency.objects.select_related("agency"))
        ).order_by("number"),
    )
    groups = plan.groups.prefetch_related(activities).order_by("order")
    return render(
        request,
        "plans/plan_detail.html",
        {
            "plan": plan,
            "groups": groups,
            "responsibilities": plan.responsibilities.select_related("agency"),
            "years_in_force": plan.years_in_force(),
            "amendment_count": plan.amendments.count(),
            "unit_plans": editor.unit_plans_overview(plan, timezone.localdate().year)
            if not plan.parent_plan_id and rules.allowed(request.user, "plans.edit", plan)
            else [],
        },
    )
