"""Difficulties raised to the province while carrying out the plan, tracked to closed.

The seed plan's closing paragraph: agencies and districts report problems "về UBND tỉnh (qua Sở
Tư pháp) để xem xét, giải quyết". A unit or agency raises one against an activity or a task; the
justice department answers it or forwards it to the agency that can solve it; each step is a
row of its own (``DifficultyStep``), written with the status change.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from tiepcan.core import audit
from tiepcan.core.models import TimeStampedModel
from tiepcan.core.scoping import ScopedQuerySet


class DifficultyStatus(models.TextChoices):
    OPEN = "open", _("Chờ xử lý")
    FORWARDED = "forwarded", _("Đã chuyển cơ quan giải quyết")
    ANSWERED = "answered", _("Đã trả lời")
    CLOSED = "closed", _("Đã đóng")


@audit.register
class Difficulty(TimeStampedModel):
    """A problem (khó khăn, vướng mắc) raised by an agency or unit about an activity or a task."""

    scope_unit_field = "unit"

    unit = models.ForeignKey(
        "units.Unit", verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="+"
    )
    agency = models.ForeignKey(
        "units.Agency", verbose_name=_("cơ quan nêu"), on_delete=models.PROTECT, related_name="+"
    )
    activity = models.ForeignKey(
        "plans.Activity", verbose_name=_("hoạt động"), on_delete=models.PROTECT, related_name="difficulties"
    )
    task = models.ForeignKey(
        "plans.Task",
        verbose_name=_("nhiệm vụ"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="difficulties",
    )
    title = models.CharField(_("vấn đề"), max_length=300)
    description = models.TextField(_("nội dung khó khăn, vướng mắc"))
    status = models.CharField(
        _("trạng thái"), max_length=16, choices=DifficultyStatus.choices, default=DifficultyStatus.OPEN
    )
    forwarded_to = models.ForeignKey(
        "units.Agency",
        verbose_name=_("chuyển cơ quan"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người nêu"), on_delete=models.PROTECT, related_name="+"
    )

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("khó khăn, vướng mắc")
        verbose_name_plural = _("khó khăn, vướng mắc")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.title

    def audit_unit_path(self) -> str:
        return self.unit.path


class DifficultyStep(models.Model):
    """One step of a difficulty (raised, answered, forwarded, closed): never edited."""

    scope_unit_field = "difficulty__unit"

    difficulty = models.ForeignKey(
        Difficulty, verbose_name=_("khó khăn, vướng mắc"), on_delete=models.CASCADE, related_name="steps"
    )
    from_status = models.CharField(
        _("từ trạng thái"), max_length=16, choices=DifficultyStatus.choices, blank=True
    )
    to_status = models.CharField(_("sang trạng thái"), max_length=16, choices=DifficultyStatus.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người thực hiện"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    note = models.TextField(_("nội dung"), blank=True)
    forwarded_to = models.ForeignKey(
        "units.Agency",
        verbose_name=_("chuyển đến cơ quan"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.from_status} → {self.to_status}"
