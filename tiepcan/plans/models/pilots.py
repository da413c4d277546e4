"""Pilot communes chosen under the plan."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from tiepcan.core import audit
from tiepcan.plans.models.base import PlanOwned


@audit.register
class PilotCommune(PlanOwned):
    """A commune chosen as a pilot (xã điểm chỉ đạo); the seed asks for at least one a year (II.3.2)."""

    year = models.PositiveSmallIntegerField(_("năm"))
    commune = models.ForeignKey(
        "units.Unit", verbose_name=_("xã điểm"), on_delete=models.PROTECT, related_name="+"
    )
    model_name = models.CharField(_("mô hình"), max_length=255)
    targets = models.TextField(_("mục tiêu"), blank=True)
    results = models.TextField(_("kết quả"), blank=True)

    class Meta:
        verbose_name = _("xã điểm chỉ đạo")
        verbose_name_plural = _("xã điểm chỉ đạo")
        ordering = ["-year", "commune__name_sort"]
        constraints = [models.UniqueConstraint(fields=["plan", "year", "commune"], name="pilot_once_a_year")]

    def __str__(self) -> str:
        return f"{self.commune} ({self.year})"
