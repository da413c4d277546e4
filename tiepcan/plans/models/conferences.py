"""Review conferences of the plan and the awards given at them."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from tiepcan.core import audit
from tiepcan.core.models import TimeStampedModel
from tiepcan.core.scoping import ScopedQuerySet
from tiepcan.plans.choices import (
    AwardeeKind,
    ConferenceKind,
)
from tiepcan.plans.models.base import PlanOwned


@audit.register
class ReviewConference(PlanOwned):
    """A mid-term or final review (sơ kết 2018, tổng kết 2020 in the seed, II.3.3)."""

    kind = models.CharField(_("loại hội nghị"), max_length=16, choices=ConferenceKind.choices)
    year = models.PositiveSmallIntegerField(_("năm"))
    held_on = models.DateField(_("ngày tổ chức"), null=True, blank=True)
    report_number = models.CharField(_("số báo cáo"), max_length=64, blank=True)
    summary = models.TextField(_("tóm tắt kết quả"), blank=True)

    class Meta:
        verbose_name = _("hội nghị sơ kết, tổng kết")
        verbose_name_plural = _("sơ kết, tổng kết")
        ordering = ["-year", "-id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.year}"


@audit.register
class Award(TimeStampedModel):
    """A collective or individual commended at a review."""

    scope_unit_field = "conference__plan__province"

    conference = models.ForeignKey(
        ReviewConference,
        verbose_name=_("hội nghị sơ kết, tổng kết"),
        on_delete=models.CASCADE,
        related_name="awards",
    )
    awardee_kind = models.CharField(_("đối tượng"), max_length=16, choices=AwardeeKind.choices)
    awardee = models.CharField(_("tập thể, cá nhân"), max_length=255)
    unit = models.ForeignKey(
        "units.Unit",
        verbose_name=_("đơn vị"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    form = models.CharField(_("hình thức khen thưởng"), max_length=255)
    deciding_body = models.CharField(_("cấp quyết định"), max_length=255)
    decision_number = models.CharField(_("số quyết định"), max_length=64, blank=True)
    decided_on = models.DateField(_("ngày quyết định"), null=True, blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("khen thưởng")
        verbose_name_plural = _("khen thưởng")
        ordering = ["conference", "awardee_kind", "id"]

    def __str__(self) -> str:
        return f"{self.awardee}: {self.form}"
