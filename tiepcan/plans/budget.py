"""The budget estimate's workflow: submit, appraise, approve, allocate.

As the seed plan writes it (§III.2): the Department of Finance appraises (thẩm định) a sent
estimate and submits it to the provincial People's Committee, which approves it — as appraised,
adjusted, or not — by a decision whose number and date are recorded on the step's row.

Like the assessment's (``assessments.services.STEPS``), every step is a row of a table over the
status choices; taking one locks the estimate, checks the grant, changes the status and writes a
:class:`BudgetTransition` in the same atomic block. Allocation changes no status: it adds money
against an approved estimate, within what was approved.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from tiepcan.accounts.choices import Action
from tiepcan.accounts.permissions import grants_for
from tiepcan.core import audit, rules
from tiepcan.plans.choices import BudgetStatus
from tiepcan.plans.models import BudgetAllocation, BudgetEstimate, BudgetTransition

S = BudgetStatus


@dataclass(frozen=True)
class Step:
    """A move from one status to another and who may make it."""

    action: str
    needs_reason: bool = False


# The province's plan managers, or the agency that drafted it, send an estimate to the finance
# department; the finance officer (``manage_budget``) appraises it and submits it to the People's
# Committee, whose decision (approved, with or without changes, or not) the finance officer records.
STEPS: dict[tuple[str, str], Step] = {
    (S.DRAFT, S.SUBMITTED): Step(Action.REPORT_PROGRESS),
    (S.SUBMITTED, S.APPRAISED): Step(Action.MANAGE_BUDGET),
    (S.APPRAISED, S.APPROVED): Step(Action.MANAGE_BUDGET),
    (S.APPRAISED, S.ADJUSTED): Step(Action.MANAGE_BUDGET, needs_reason=True),
    (S.APPRAISED, S.REJECTED): Step(Action.MANAGE_BUDGET, needs_reason=True),
}
DECISIONS = frozenset({S.APPROVED, S.ADJUSTED, S.REJECTED})
ALLOCATABLE = frozenset({S.APPROVED, S.ADJUSTED})


def may(user: Any, step: Step, estimate: BudgetEstimate) -> bool:
    """Whether ``user`` holds the grant ``step`` needs for this estimate."""
    grants = grants_for(user)
    if step.action == Action.REPORT_PROGRESS:
        # Submitting: the province's plan managers, or a focal point of the estimate's agency.
        return grants.allows(Action.MANAGE_PLAN, estimate.plan.province) or grants.allows_agency(
            Action.REPORT_PROGRESS, estimate.agency
        )
    return grants.allows(step.action, estimate.plan.province)


def available(user: Any, estimate: BudgetEstimate) -> set[str]:
    """The statuses this person may move the estimate to now."""
    return {
        to for (source, to), step in STEPS.items() if source == estimate.status and may(user, step, estimate)
    }


def _locked(pk: int, version: int | None = None) -> BudgetEstimate:
    estimate = (
        BudgetEstimate.objects.select_for_update(of=("self",))
        .select_related("plan__province", "agency__unit")
        .get(pk=pk)
    )
    if version is not None and estimate.version != version:
        raise ValidationError(_("Dự toán vừa được người khác cập nhật. Hãy tải lại trang."))
    return estimate


def _move(estimate: BudgetEstimate, user: Any, to: str, reason: str = "", **details: Any) -> None:
    """Save the estimate at ``to`` and write the step's row (inside the caller's atomic block)."""
    source = estimate.status
    estimate.status = to
    estimate.version += 1
    with audit.reason(reason or details.get("document_number", "")):
        estimate.save()
        BudgetTransition.objects.create(
            estimate=estimate, from_status=source, to_status=to, actor=user, reason=reason, **details
        )


def submit(*, estimate_id: int, user: Any) -> BudgetEstimate:
    """Send a draft estimate to the finance department."""
    with transaction.atomic():
        estimate = _locked(estimate_id)
        rules.check(user, "plans.budget_submit", estimate)
        _move(estimate, user, S.SUBMITTED)
    return estimate


def appraise(*, estimate_id: int, user: Any, version: int, amount: int, note: str = "") -> BudgetEstimate:
    """The finance department appraises a sent estimate and submits it to the People's Committee."""
    note = (note or "").strip()
    with transaction.atomic():
        estimate = _locked(estimate_id, version)
        rules.check(user, "plans.budget_appraise", estimate)
        if amount is None or amount < 0:
            raise ValidationError(_("Hãy ghi số thẩm định."))
        if amount != estimate.requested and not note:
            raise ValidationError(_("Số thẩm định khác số đề nghị: hãy ghi ý kiến thẩm định."))
        estimate.appraised, estimate.appraisal_note = amount, note
        _move(estimate, user, S.APPRAISED, note, amount=amount)
    return estimate


def decide(
    *,
    estimate_id: int,
    user: Any,
    version: int,
    decision: str,
    approved: int | None,
    reason: str = "",
    document_number: str = "",
    document_date: date | None = None,
) -> BudgetEstimate:
    """Record the People's Committee's decision on an appraised estimate, with its document:
    approved as appraised (``approved``), with changes (``adjusted``) or not (``rejected``)."""
    reason = (reason or "").strip()
    document_number = (document_number or "").strip()
    with transaction.atomic():
        estimate = _locked(estimate_id, version)
        step = STEPS.get((estimate.status, decision))
        if decision not in DECISIONS or step is None:
            raise ValidationError(_("Chỉ ghi phê duyệt cho dự toán đã thẩm định, trình UBND tỉnh."))
        rules.check(user, "plans.budget_decide", estimate)
        if not document_number or document_date is None:
            raise ValidationError(_("Hãy ghi số và ngày quyết định phê duyệt của UBND tỉnh."))
        if step.needs_reason and not reason:
            raise ValidationError(_("Điều chỉnh hoặc không phê duyệt phải ghi lý do."))
        if decision == S.APPROVED:
            approved = estimate.appraised
        elif decision == S.REJECTED:
            approved = 0
        if approved is None or approved < 0:
            raise ValidationError(_("Hãy ghi số được duyệt."))
        estimate.approved = approved
        estimate.decision_reason = reason
        estimate.decided_by = user
        estimate.approval_number, estimate.approval_date = document_number, document_date
        _move(
            estimate,
            user,
            decision,
            reason,
            amount=approved,
            document_number=document_number,
            document_date=document_date,
        )
    return estimate


def allocate(*, estimate_id: int, user: Any, allocation: BudgetAllocation) -> BudgetAllocation:
    """Record money allotted against an approved estimate, never beyond the approved amount."""
    with transaction.atomic():
        estimate = _locked(estimate_id)
        rules.check(user, "plans.budget_allocate", estimate)
        already = sum(a.amount for a in estimate.allocations.all())
        if already + allocation.amount > (estimate.approved or 0):
            raise ValidationError(_("Tổng số cấp phát vượt số được duyệt."))
        allocation.estimate = estimate
        allocation.save()
    return allocation
