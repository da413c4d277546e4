"""The filters of the plan's lists: tasks, inspections, budget estimates and difficulties.

One function per list (``task_filter``, ``inspection_filter``, ``budget_filter``,
``difficulty_filter``) gives the person's scoped rows filtered by the query string; the page,
its spreadsheet export and the API call it (docs/development.md, "List filters").
"""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import Q, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from tiepcan.accounts.choices import Action
from tiepcan.core.filters import IdFilter, ScopedFilterSet, YearFilter
from tiepcan.plans.choices import OVERDUE, OVERDUE_LABEL, BudgetStatus, TaskStatus
from tiepcan.plans.models import BudgetEstimate, Difficulty, DifficultyStatus, Inspection, Plan, Task
from tiepcan.plans.models.tasks import TaskQuerySet

STATUS_FILTERS = [*TaskStatus.choices, (OVERDUE, OVERDUE_LABEL)]
# Whether a task's plan is still in effect (its period ends this year or later) or has ended: the
# home counts overdue tasks of the plans in effect and lists the ended plans' open ones apart.
PLAN_IN_FORCE, PLAN_ENDED = "con-hieu-luc", "da-ket-thuc"
PLAN_FILTERS = [(PLAN_IN_FORCE, _("Kế hoạch còn hiệu lực")), (PLAN_ENDED, _("Kế hoạch đã kết thúc"))]


class TaskFilter(ScopedFilterSet):
    nam = YearFilter(label=_("Năm"), field_name="year")
    trang_thai = django_filters.ChoiceFilter(
        label=_("Trạng thái"), choices=STATUS_FILTERS, method="filter_status"
    )
    co_quan = IdFilter(label=_("Cơ quan"), field_name="agency_id")
    ke_hoach = django_filters.ChoiceFilter(label=_("Kế hoạch"), choices=PLAN_FILTERS, method="filter_plan")
    q = django_filters.CharFilter(label=_("Tìm"), method="filter_text")

    class Meta:
        model = Task
        fields = ["nam", "trang_thai", "co_quan", "ke_hoach", "q"]

    def filter_status(self, queryset: TaskQuerySet, name: str, value: str) -> TaskQuerySet:
        if value == OVERDUE:
            return queryset.overdue()
        return queryset.filter(status=value)

    def filter_plan(self, queryset: TaskQuerySet, name: str, value: str) -> TaskQuerySet:
        return queryset.of_ended_plans() if value == PLAN_ENDED else queryset.of_plans_in_force()

    def filter_text(self, queryset: QuerySet[Task], name: str, value: str) -> QuerySet[Task]:
        return queryset.filter(Q(activity__title__icontains=value) | Q(label__icontains=value))

    def raw(self) -> dict[str, str]:
        """The filters as the template compares them: cleaned values as text ('' when absent or invalid)."""
        return {name: str(self.value(name)) for name in self.filters}


def task_filter(request: HttpRequest, action: str = Action.VIEW) -> TaskFilter:
    """Tasks the person may see (``Action.VIEW``) or report on (``Action.REPORT_PROGRESS``)."""
    tasks = Task.objects.for_user(request.user, action).select_related("activity__group", "agency")
    return TaskFilter(request.GET, queryset=tasks.order_by("due_on", "agency__name_sort", "id"))


class InspectionFilter(ScopedFilterSet):
    nam = YearFilter(label=_("Năm"), field_name="held_on__year")

    class Meta:
        model = Inspection
        fields = ["nam"]


def inspection_filter(request: HttpRequest) -> InspectionFilter:
    return InspectionFilter(request.GET, queryset=Inspection.objects.for_user(request.user, Action.VIEW))


class BudgetFilter(ScopedFilterSet):
    nam = YearFilter(label=_("Năm"), field_name="year")
    # The finance officer's home links here for the estimates waiting at one step.
    trang_thai = django_filters.ChoiceFilter(
        label=_("Bước"), field_name="status", choices=BudgetStatus.choices
    )

    class Meta:
        model = BudgetEstimate
        fields = ["nam", "trang_thai"]


def budget_filter(request: HttpRequest) -> BudgetFilter:
    estimates = BudgetEstimate.objects.for_user(request.user, Action.VIEW).select_related(
        "agency", "activity__group"
    )
    return BudgetFilter(request.GET, queryset=estimates)


class DifficultyFilter(ScopedFilterSet):
    trang_thai = django_filters.ChoiceFilter(
        label=_("Trạng thái"), field_name="status", choices=DifficultyStatus.choices
    )

    class Meta:
        model = Difficulty
        fields = ["trang_thai"]


def difficulty_filter(request: HttpRequest) -> DifficultyFilter:
    rows = Difficulty.objects.for_user(request.user, Action.VIEW).select_related("agency", "activity__group")
    return DifficultyFilter(request.GET, queryset=rows)


__all__: list[Any] = [
    "PLAN_ENDED",
    "PLAN_FILTERS",
    "PLAN_IN_FORCE",
    "STATUS_FILTERS",
    "budget_filter",
    "difficulty_filter",
    "inspection_filter",
    "task_filter",
]


class PlanYearFilter(ScopedFilterSet):
    """The year a calendar or a timeline shows; it picks columns, not rows."""

    nam = YearFilter(label=_("Năm"), low=2000, high=2100, method="keep")

    class Meta:
        model = Plan
        fields = ["nam"]

    def keep(self, queryset: QuerySet[Any], name: str, value: Any) -> QuerySet[Any]:
        return queryset

    def year(self, default: int) -> int:
        value = self.value("nam")
        return default if value == "" else int(value)


class TimelineFilter(PlanYearFilter):
    """The plan (one of the person's, by id) and the year of the timeline."""

    ke_hoach = IdFilter(label=_("Kế hoạch"), method="keep")

    class Meta:
        model = Plan
        fields = ["nam", "ke_hoach"]


def timeline_filter(request: HttpRequest) -> TimelineFilter:
    """The person's top-level plans, newest first, and the plan and year the query string asks for."""
    plans = (
        Plan.objects.for_user(request.user, Action.VIEW)
        .filter(parent_plan__isnull=True)
        .order_by("-start_year")
    )
    return TimelineFilter(request.GET, queryset=plans)


def calendar_filter(request: HttpRequest) -> PlanYearFilter:
    return PlanYearFilter(request.GET, queryset=Plan.objects.none())
