"""The history of a plan written in the browser: amendments after publication."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from tiepcan.core import audit
from tiepcan.core.models import TimeStampedModel
from tiepcan.core.scoping import ScopedQuerySet


@audit.register
class PlanAmendment(TimeStampedModel):
    """One change to a published plan: what changed, by which document, when, by whom.

    A province amends its plan by a document of its own (a "Kế hoạch sửa đổi, bổ sung"
    or a decision); the rows keep that document and a field-by-field list of the changes
    (``changes``: ``[{"target": "II.2.3", "field": "nội dung", "before": …, "after": …}]``).
    Rows are never edited: the audit trail also records every changed row.
    """

    scope_unit_field = "plan__province"

    plan = models.ForeignKey(
        "plans.Plan", verbose_name=_("kế hoạch"), on_delete=models.CASCADE, related_name="amendments"
    )
    document_number = models.CharField(_("số, ký hiệu văn bản sửa đổi"), max_length=64)
    document_date = models.DateField(_("ngày văn bản sửa đổi"))
    summary = models.TextField(_("nội dung sửa đổi"))
    changes = models.JSONField(_("các thay đổi"), default=list, blank=True)
    made_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người cập nhật"), on_delete=models.PROTECT, related_name="+"
    )

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("sửa đổi kế hoạch")
        verbose_name_plural = _("sửa đổi kế hoạch")
        ordering = ["-document_date", "-id"]

    def __str__(self) -> str:
        return f"{self.document_number} ({self.document_date:%d/%m/%Y})"

    def audit_unit_path(self) -> str:
        return self.plan.province.path
