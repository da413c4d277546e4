"""Budget estimates of the plan, their workflow transitions and allocations."""

from __future__ import annotations

from typing import Any, ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tiepcan.accounts.choices import Action
from tiepcan.core import audit
from tiepcan.core.fields import VndAmountField
from tiepcan.core.models import TimeStampedModel
from tiepcan.core.scoping import ScopedQuerySet, grants_for
from tiepcan.lib.money import group_vnd
from tiepcan.plans.choices import (
    BudgetStatus,
)
from tiepcan.plans.models.base import PlanOwned


class BudgetQuerySet(ScopedQuerySet):
    def for_user(self, user: Any, action: str = "view") -> BudgetQuerySet:
        """An agency's own estimates, or every estimate of the plans of the units a person serves
        without an agency (the finance officer, the province): a focal point holds the role at the
        province *for* their agency, and reads only their agency's estimates."""
        grants = grants_for(user)
        if grants.is_global(action):
            return self
        query = grants.agency_q(action, "agency") | grants.unbound_unit_q(action, "plan__province")
        if action == Action.VIEW:
            # Who appraises the province's estimates reads them all (the Department of Finance).
            query |= grants.unbound_unit_q(Action.MANAGE_BUDGET, "plan__province")
        return self.filter(query)


# Named, so that the estimate can declare its ``objects`` as the class variable PlanOwned's is.
BudgetManager = models.Manager.from_queryset(BudgetQuerySet)


@audit.register
class BudgetEstimate(PlanOwned):
    """An agency's yearly estimate (dự toán) for the plan, reviewed by the Department of Finance.

    Amounts are whole đồng (VND has no minor unit in practice).
    """

    year = models.PositiveSmallIntegerField(_("năm"))
    agency = models.ForeignKey(
        "units.Agency", verbose_name=_("cơ quan lập dự toán"), on_delete=models.PROTECT, related_name="+"
    )
    activity = models.ForeignKey(
        "plans.Activity",
        verbose_name=_("hoạt động"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    requested = VndAmountField(_("số đề nghị (đồng)"))
    approved = VndAmountField(_("số được duyệt (đồng)"), null=True, blank=True)
    status = models.CharField(
        _("trạng thái"), max_length=16, choices=BudgetStatus.choices, default=BudgetStatus.DRAFT
    )
    description = models.TextField(_("thuyết minh"), blank=True)
    decision_reason = models.TextField(_("lý do điều chỉnh, không duyệt"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người xét duyệt"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    appraised = VndAmountField(_("số thẩm định (đồng)"), null=True, blank=True)
    appraisal_note = models.TextField(_("ý kiến thẩm định"), blank=True)
    approval_number = models.CharField(_("số quyết định phê duyệt"), max_length=64, blank=True)
    approval_date = models.DateField(_("ngày quyết định phê duyệt"), null=True, blank=True)
    version = models.PositiveIntegerField(_("phiên bản"), default=1)

    objects: ClassVar[BudgetManager[BudgetEstimate]] = BudgetManager()
    # Not stored: the sum allocated so far (None before the first allocation), for the budget
    # list and its export.
    allocated_total: int | None

    class Meta:
        verbose_name = _("dự toán kinh phí")
        verbose_name_plural = _("dự toán kinh phí")
        ordering = ["-year", "agency__name_sort", "id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status__in=["adjusted", "rejected"]) | ~Q(decision_reason=""),
                name="budget_decision_needs_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.agency} – {self.year}"


@audit.register
class BudgetTransition(models.Model):
    """One step of an estimate's life (submitted, approved…): from, to, who, when, why. Never edited."""

    scope_unit_field = "estimate__plan__province"
    scope_owner = "estimate"

    estimate = models.ForeignKey(
        BudgetEstimate, verbose_name=_("dự toán"), on_delete=models.CASCADE, related_name="transitions"
    )
    from_status = models.CharField(_("từ trạng thái"), max_length=16, choices=BudgetStatus.choices)
    to_status = models.CharField(_("sang trạng thái"), max_length=16, choices=BudgetStatus.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người thực hiện"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    reason = models.TextField(_("lý do"), blank=True)
    # The appraised or approved amount, and the document of the step (the People's Committee's
    # approving decision, seed plan §III.2).
    amount = VndAmountField(_("số tiền (đồng)"), null=True, blank=True)
    document_number = models.CharField(_("số văn bản"), max_length=64, blank=True)
    document_date = models.DateField(_("ngày văn bản"), null=True, blank=True)
    created_at = models.DateTimeField(_("thời điểm"), default=timezone.now, db_index=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("bước xử lý dự toán")
        verbose_name_plural = _("lịch sử xử lý dự toán")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.get_from_status_display()} → {self.get_to_status_display()}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise ValueError("A budget transition is a record: it is never edited.")
        super().save(*args, **kwargs)


@audit.register
class BudgetAllocation(TimeStampedModel):
    """Money actually allotted against an approved estimate."""

    scope_unit_field = "estimate__plan__province"

    estimate = models.ForeignKey(
        BudgetEstimate, verbose_name=_("dự toán"), on_delete=models.CASCADE, related_name="allocations"
    )
    amount = VndAmountField(_("số tiền (đồng)"))
    allocated_on = models.DateField(_("ngày cấp"))
    decision_number = models.CharField(_("số quyết định"), max_length=64, blank=True)
    note = models.CharField(_("ghi chú"), max_length=255, blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("cấp phát kinh phí")
        verbose_name_plural = _("cấp phát kinh phí")
        ordering = ["allocated_on", "id"]

    def __str__(self) -> str:
        return f"{self.estimate}: {group_vnd(self.amount)} đ"
