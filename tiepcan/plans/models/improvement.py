"""Improvement actions (Hoạt động II.2.4): from one year's results, targeted work for the next."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from tiepcan.assessments.models import Assessment
from tiepcan.core import audit
from tiepcan.core.models import TimeStampedModel
from tiepcan.core.scoping import ScopedQuerySet
from tiepcan.plans.choices import FollowUpStatus


@audit.register
class ImprovementAction(TimeStampedModel):
    """Work planned for a commune on a weak indicator, after a year's assessment."""

    scope_unit_field = "unit"

    period = models.ForeignKey(
        "assessments.AssessmentPeriod",
        verbose_name=_("kỳ đánh giá"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    unit = models.ForeignKey(
        "units.Unit", verbose_name=_("xã, phường, đặc khu"), on_delete=models.PROTECT, related_name="+"
    )
    indicator = models.CharField(_("chỉ tiêu"), max_length=32, blank=True)
    title = models.CharField(_("giải pháp"), max_length=500)
    responsible = models.ForeignKey(
        "units.Agency", verbose_name=_("cơ quan thực hiện"), on_delete=models.PROTECT, related_name="+"
    )
    due_on = models.DateField(_("hạn"), null=True, blank=True)
    status = models.CharField(
        _("trạng thái"), max_length=16, choices=FollowUpStatus.choices, default=FollowUpStatus.OPEN
    )
    result = models.TextField(_("kết quả"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người giao"), on_delete=models.PROTECT, related_name="+"
    )

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("giải pháp khắc phục")
        verbose_name_plural = _("giải pháp khắc phục")
        ordering = ["-period__year", "unit__name_sort", "indicator"]
        constraints = [
            # One action per commune and indicator a period ("Giao" twice used to create two).
            models.UniqueConstraint(
                fields=["period", "unit", "indicator"],
                condition=~models.Q(indicator=""),
                name="improvement_one_per_indicator",
            )
        ]

    def __str__(self) -> str:
        return f"{self.unit} – {self.indicator}: {self.title[:60]}"

    def next_year_outcome(self) -> dict[str, Any] | None:
        """The indicator's result in the following year's assessment of the commune (or its successor)."""
        units = [self.unit_id, *self.unit.successors.values_list("pk", flat=True)]
        following = (
            Assessment.objects.filter(
                unit_id__in=units,
                period__year=self.period.year + 1,
                period__province_id=self.period.province_id,
            )
            .order_by("-round")
            .first()
        )
        if following is None:
            return None
        result = next((i for i in following.score.get("indicators", []) if i["code"] == self.indicator), None)
        return {"assessment": following, "indicator": result, "status": following.get_status_display()}
