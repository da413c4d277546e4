"""The plan's steps that depend on more than a grant: whose agency, which province, the object's
status. One rule per step (see :mod:`tiepcan.core.rules`): the services check it before they act
(inside their lock, where they hold one), the pages ask it through ``{% can "plans.…" obj as x %}``.

Where a service used to test the object's state before the grant, its rule keeps that order, so
the person is told the same thing as before.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from tiepcan.accounts.choices import Action
from tiepcan.accounts.permissions import grants_for
from tiepcan.assessments.models import AssessmentPeriod
from tiepcan.core.rules import require, rule
from tiepcan.core.scoping import user_can
from tiepcan.plans import budget, difficulties
from tiepcan.plans.choices import BudgetStatus, PlanStatus, TaskStatus
from tiepcan.plans.models import BudgetEstimate, Difficulty, ImprovementAction, Plan, Task

# --- The plan ------------------------------------------------------------------------------------


@rule("plans.edit")
def edit(user: Any, plan: Plan) -> None:
    """Edit a plan's text, groups, activities and part III: the plan managers over its province."""
    require(user_can(user, Action.MANAGE_PLAN, plan))


@rule("plans.issue_unit_plan")
def issue_unit_plan(user: Any, plan: Plan) -> None:
    """Record a lower unit's plan carrying out the province's (seed §III.4): the people who report
    for a committee, on a province's plan once it is published. Which committee is the form's
    choice; the service checks the person reports for that one."""
    require(grants_for(user).has_any(Action.REPORT_PROGRESS))
    if plan.parent_plan_id or plan.status != PlanStatus.PUBLISHED:
        raise ValidationError(_("Chỉ lập kế hoạch thực hiện kế hoạch của tỉnh đã ban hành."))


@rule("plans.edit_unit_plan")
def edit_unit_plan(user: Any, plan: Plan) -> None:
    """Correct a recorded lower unit's plan: whoever reports for the committee that issued it."""
    if not plan.parent_plan_id:
        raise ValidationError(_("Đây không phải kế hoạch của đơn vị cấp dưới."))
    require(bool(plan.issuer_id) and grants_for(user).allows_agency(Action.REPORT_PROGRESS, plan.issuer))


# --- Tasks ---------------------------------------------------------------------------------------


@rule("plans.report_progress")
def report_progress(user: Any, task: Task) -> None:
    """Report a task's progress: the people who report for its agency, unless the task was cancelled."""
    require(grants_for(user).allows_agency(Action.REPORT_PROGRESS, task.agency))
    if task.status == TaskStatus.CANCELLED:
        raise ValidationError(_("Nhiệm vụ đã huỷ, không nhận báo cáo tiến độ."))


# --- Improvement actions (Hoạt động II.2.4) ------------------------------------------------------


@rule("plans.improvement_assign")
def improvement_assign(user: Any, period: AssessmentPeriod) -> None:
    """Give a weak commune's indicator to an agency: the plan managers of the period's province."""
    require(grants_for(user).allows(Action.MANAGE_PLAN, period.province))


@rule("plans.improvement_update")
def improvement_update(user: Any, action: ImprovementAction) -> None:
    """Record an action's progress: the plan's managers at its commune, or the people who report
    for the agency responsible for it (through the agencies' scoped queryset)."""
    require(
        user_can(user, Action.MANAGE_PLAN, action)
        or user_can(user, Action.REPORT_PROGRESS, action.responsible)
    )


# --- Difficulties raised to the province ---------------------------------------------------------


def _open_for(kind: str, difficulty: Difficulty) -> None:
    """Whether the step leads from the difficulty's state (``difficulties.STEPS``)."""
    if difficulty.status not in difficulties.STEPS[kind][0]:
        raise ValidationError(_("Khó khăn này đã được xử lý, không thể thực hiện thao tác này."))


def _handles(user: Any, difficulty: Difficulty) -> bool:
    """The justice department (plan managers of the province) handles every difficulty."""
    return grants_for(user).allows(Action.MANAGE_PLAN, difficulty.activity.plan.province)


@rule("plans.difficulty_answer")
def difficulty_answer(user: Any, difficulty: Difficulty) -> None:
    """Answer a difficulty: the province's justice department, or the agency it was forwarded to."""
    require(
        _handles(user, difficulty)
        or bool(
            difficulty.forwarded_to_id
            and grants_for(user).allows_agency(Action.REPORT_PROGRESS, difficulty.forwarded_to)
        )
    )
    _open_for("answer", difficulty)


@rule("plans.difficulty_forward")
def difficulty_forward(user: Any, difficulty: Difficulty) -> None:
    """Forward a difficulty to the agency that settles it: the province's justice department."""
    require(_handles(user, difficulty))
    _open_for("forward", difficulty)


@rule("plans.difficulty_close")
def difficulty_close(user: Any, difficulty: Difficulty) -> None:
    """Close a difficulty: the province's justice department, or the person who raised it."""
    require(difficulty.raised_by_id == user.pk or _handles(user, difficulty))
    _open_for("close", difficulty)


# --- Budget estimates (seed plan §III.2) ---------------------------------------------------------


@rule("plans.budget_submit")
def budget_submit(user: Any, estimate: BudgetEstimate) -> None:
    """Send a draft to the Department of Finance: the province's plan managers or the estimate's agency."""
    require(budget.may(user, budget.STEPS[(BudgetStatus.DRAFT, BudgetStatus.SUBMITTED)], estimate))
    if estimate.status != BudgetStatus.DRAFT:
        raise ValidationError(_("Dự toán đã được gửi trước đó."))


@rule("plans.budget_appraise")
def budget_appraise(user: Any, estimate: BudgetEstimate) -> None:
    """The Department of Finance appraises a sent estimate (state first, as the service always did)."""
    step = budget.STEPS.get((estimate.status, BudgetStatus.APPRAISED))
    if step is None:
        raise ValidationError(_("Chỉ thẩm định dự toán đã gửi Sở Tài chính."))
    require(budget.may(user, step, estimate))


@rule("plans.budget_decide")
def budget_decide(user: Any, estimate: BudgetEstimate) -> None:
    """Record the People's Committee's decision on an appraised estimate: the finance officer."""
    if estimate.status != BudgetStatus.APPRAISED:
        raise ValidationError(_("Chỉ ghi phê duyệt cho dự toán đã thẩm định, trình UBND tỉnh."))
    require(grants_for(user).allows(Action.MANAGE_BUDGET, estimate.plan.province))


@rule("plans.budget_allocate")
def budget_allocate(user: Any, estimate: BudgetEstimate) -> None:
    """Allot money against an approved estimate: the finance officer of the province."""
    require(grants_for(user).allows(Action.MANAGE_BUDGET, estimate.plan.province))
    if estimate.status not in budget.ALLOCATABLE:
        raise ValidationError(_("Chỉ cấp phát cho dự toán đã được phê duyệt."))
