"""The budget estimate's workflow as the seed plan writes it (§III.2), each step a row.

An agency sends its estimate; the Department of Finance appraises it (thẩm định) and submits it
to the provincial People's Committee; the People's Committee approves it, as sent or adjusted,
or refuses it, by a decision whose number and date are recorded; money is then allocated within
the approved amount. Every step is a ``BudgetTransition`` written in the same atomic block as
the status change, under a row lock and an optimistic version check.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from tiepcan.accounts.choices import Action
from tiepcan.core import audit
from tiepcan.core.scoping import grants_for
from tiepcan.plans.choices import BudgetStatus
from tiepcan.plans.models_followup import BudgetEstimate, BudgetTransition

DECISIONS = (BudgetStatus.APPROVED, BudgetStatus.ADJUSTED, BudgetStatus.REJECTED)


def _locked(pk: int, version: int | None) -> BudgetEstimate:
    estimate = (
        BudgetEstimate.objects.select_for_update(of=("self",))
        .select_related("plan__province", "agency__unit")
        .get(pk=pk)
    )
    if version is not None and estimate.version != version:
        raise ValidationError(_("Dự toán vừa được người khác cập nhật. Hãy tải lại trang."))
    return estimate


def _step(estimate: BudgetEstimate, to: str, user: Any, **details: Any) -> None:
    BudgetTransition.objects.create(
        estimate=estimate, from_status=estimate.status, to_status=to, actor=user, **details
    )
    estimate.status = to
    estimate.version += 1


def record_submission(estimate: BudgetEstimate, user: Any) -> None:
    """The step row of sending (the view keeps its own checks and lock)."""
    BudgetTransition.objects.create(
        estimate=estimate, from_status=BudgetStatus.DRAFT, to_status=BudgetStatus.SUBMITTED, actor=user,
        amount=estimate.requested,
    )  # fmt: skip


def appraise(*, pk: int, user: Any, version: int, amount: int, note: str) -> BudgetEstimate:
    """Sở Tài chính appraises a sent estimate and submits it to the People's Committee."""
    with transaction.atomic():
        estimate = _locked(pk, version)
        if not grants_for(user).allows(Action.MANAGE_BUDGET, estimate.plan.province):
            raise PermissionDenied
        if estimate.status != BudgetStatus.SUBMITTED:
            raise ValidationError(_("Chỉ thẩm định dự toán đã gửi Sở Tài chính."))
        if amount < 0:
            raise ValidationError(_("Số thẩm định không được âm."))
        if amount != estimate.requested and not note.strip():
            raise ValidationError(_("Số thẩm định khác số đề nghị: hãy ghi ý kiến thẩm định."))
        estimate.appraised, estimate.appraisal_note = amount, note.strip()
        _step(estimate, BudgetStatus.APPRAISED, user, amount=amount, reason=note.strip())
        with audit.reason(note.strip()):
            estimate.save()
    return estimate


def approve(
    *,
    pk: int,
    user: Any,
    version: int,
    decision: str,
    amount: int | None,
    reason: str,
    document_number: str,
    document_date: date,
) -> BudgetEstimate:
    """Record the provincial People's Committee's decision on an appraised estimate."""
    if decision not in DECISIONS:
        raise ValidationError(_("Kết quả phê duyệt không hợp lệ."))
    with transaction.atomic():
        estimate = _locked(pk, version)
        if not grants_for(user).allows(Action.MANAGE_BUDGET, estimate.plan.province):
            raise PermissionDenied
        if estimate.status != BudgetStatus.APPRAISED:
            raise ValidationError(_("Chỉ ghi phê duyệt cho dự toán đã thẩm định, trình UBND tỉnh."))
        if not document_number.strip():
            raise ValidationError(_("Hãy ghi số quyết định phê duyệt của UBND tỉnh."))
        if decision == BudgetStatus.APPROVED:
            amount = estimate.appraised
        elif decision == BudgetStatus.REJECTED:
            amount = 0
        if amount is None or amount < 0:
            raise ValidationError(_("Hãy ghi số được duyệt."))
        if decision != BudgetStatus.APPROVED and not reason.strip():
            raise ValidationError(_("Điều chỉnh hoặc không phê duyệt phải ghi lý do."))
        estimate.approved = amount
        estimate.decision_reason = reason.strip()
        estimate.decided_by = user
        estimate.approval_number, estimate.approval_date = document_number.strip(), document_date
        _step(
            estimate, decision, user, amount=amount, document_number=document_number.strip(),
            document_date=document_date, reason=reason.strip(),
        )  # fmt: skip
        with audit.reason(reason.strip() or document_number.strip()):
            estimate.save()
    return estimate
