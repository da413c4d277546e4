"""The working-day calendar: public holidays, days off in exchange and bridge days, worked weekends."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from tiepcan.core import audit
from tiepcan.core.models import TimeStampedModel
from tiepcan.workdays.choices import DaySource


@audit.register
class CalendarDay(TimeStampedModel):
    """One day that is not as a plain week makes it: a weekday off, or a weekend day worked.

    Public holidays come from the ``holidays`` library (Bộ luật Lao động 2019, Điều 112); the days
    swapped or bridged around them are decided each year (a Prime Minister's notice for civil
    servants), so system administrators add, correct or delete rows here. A row entered by an
    administrator is never overwritten by a later seeding from the library.
    """

    day = models.DateField(_("ngày"), unique=True)
    day_off = models.BooleanField(
        _("ngày nghỉ"), default=True, help_text=_("Bỏ chọn để ghi một ngày thứ Bảy, Chủ nhật phải đi làm bù.")
    )
    name = models.CharField(_("tên ngày"), max_length=255)
    source = models.CharField(_("nguồn"), max_length=16, choices=DaySource.choices, default=DaySource.ADMIN)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người sửa"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("ngày nghỉ, ngày làm bù")
        verbose_name_plural = _("lịch ngày nghỉ, ngày làm bù")
        ordering = ["day"]

    def __str__(self) -> str:
        return f"{self.day:%d/%m/%Y} – {self.name}"

    def audit_unit_path(self) -> str:
        return ""
