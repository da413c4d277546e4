"""Inspections and supervisions of the plan (Hoạt động II.3.1) and their follow-ups."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from tiepcan.core import audit
from tiepcan.core.models import TimeStampedModel
from tiepcan.core.scoping import ScopedQuerySet
from tiepcan.plans.choices import (
    FollowUpStatus,
    InspectionForm,
    InspectionKind,
)
from tiepcan.plans.models.base import PlanOwned


@audit.register
class Inspection(PlanOwned):
    """A planned or ad hoc inspection or supervision (Hoạt động II.3.1)."""

    kind = models.CharField(_("hình thức"), max_length=16, choices=InspectionKind.choices)
    form = models.CharField(
        _("loại"), max_length=16, choices=InspectionForm.choices, default=InspectionForm.INSPECTION
    )
    inspecting_agency = models.ForeignKey(
        "units.Agency", verbose_name=_("cơ quan kiểm tra"), on_delete=models.PROTECT, related_name="+"
    )
    units = models.ManyToManyField("units.Unit", verbose_name=_("đơn vị được kiểm tra"), related_name="+")
    held_on = models.DateField(_("ngày kiểm tra"))
    findings = models.TextField(_("kết quả, phát hiện"), blank=True)
    recommendations = models.TextField(_("kiến nghị"), blank=True)

    # Not stored: counted by the inspections list and its export.
    open_follow_ups: int
    all_follow_ups: int

    class Meta:
        verbose_name = _("đợt kiểm tra, giám sát")
        verbose_name_plural = _("kiểm tra, giám sát")
        ordering = ["-held_on", "-id"]

    def __str__(self) -> str:
        return f"{self.get_form_display()} {self.held_on:%d/%m/%Y}"


@audit.register
class InspectionFollowUp(TimeStampedModel):
    """A recommendation of an inspection turned into a task tracked to done."""

    scope_unit_field = "inspection__plan__province"

    inspection = models.ForeignKey(
        Inspection, verbose_name=_("đợt kiểm tra"), on_delete=models.CASCADE, related_name="follow_ups"
    )
    title = models.CharField(_("việc phải làm"), max_length=500)
    responsible = models.ForeignKey(
        "units.Agency", verbose_name=_("cơ quan thực hiện"), on_delete=models.PROTECT, related_name="+"
    )
    due_on = models.DateField(_("hạn"), null=True, blank=True)
    status = models.CharField(
        _("trạng thái"), max_length=16, choices=FollowUpStatus.choices, default=FollowUpStatus.OPEN
    )
    done_on = models.DateField(_("ngày hoàn thành"), null=True, blank=True)
    result = models.TextField(_("kết quả"), blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("việc sau kiểm tra")
        verbose_name_plural = _("việc sau kiểm tra")
        ordering = ["due_on", "id"]

    def __str__(self) -> str:
        return self.title
