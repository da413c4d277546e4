"""What the dashboards need beyond the assessments: the province's yearly report to the Ministry of
Justice (received on time or late against 20 February), and commune boundaries for the map."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from tiepcan.core import audit
from tiepcan.core.models import TimeStampedModel
from tiepcan.core.scoping import ScopedQuerySet


@audit.register
class MinistryReport(TimeStampedModel):
    """A province's report of a year's results to Bộ Tư pháp (TT 09/2021/TT-BTP Điều 6 khoản 2:
    before 20 February of the following year), recorded by the province when it is sent."""

    scope_unit_field = "province"

    province = models.ForeignKey(
        "units.Unit", verbose_name=_("tỉnh"), on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("năm đánh giá"))
    sent_on = models.DateField(_("ngày gửi"))
    number = models.CharField(_("số, ký hiệu văn bản"), max_length=64)
    note = models.CharField(_("ghi chú"), max_length=255, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người ghi"), on_delete=models.PROTECT, related_name="+"
    )

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("báo cáo gửi Bộ Tư pháp")
        verbose_name_plural = _("báo cáo gửi Bộ Tư pháp")
        ordering = ["-year", "province__name_sort"]
        constraints = [models.UniqueConstraint(fields=["province", "year"], name="one_ministry_report_per_year")]

    def __str__(self) -> str:
        return f"{self.number} ({self.year})"


@audit.register
class BoundaryFile(TimeStampedModel):
    """Commune boundaries of a province, imported by an administrator from a GeoJSON file.

    Only the features that name a commune of the province (by its official code) are kept, each
    with its code in ``properties.code``; the map draws them under the communes' points.
    """

    scope_unit_field = "province"

    province = models.OneToOneField(
        "units.Unit", verbose_name=_("tỉnh"), on_delete=models.PROTECT, related_name="+"
    )
    geojson = models.JSONField(_("ranh giới (GeoJSON)"))
    feature_count = models.PositiveIntegerField(_("số vùng"))
    file_name = models.CharField(_("tệp gốc"), max_length=255)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người nhập"), on_delete=models.PROTECT, related_name="+"
    )

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("ranh giới đơn vị hành chính")
        verbose_name_plural = _("ranh giới đơn vị hành chính")

    def __str__(self) -> str:
        return f"{self.province}: {self.feature_count}"
