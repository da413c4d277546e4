"""Yearly tasks of a plan, their progress reports and output documents."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tiepcan.core import audit
from tiepcan.core.models import TimeStampedModel
from tiepcan.core.scoping import ScopedQuerySet, grants_for
from tiepcan.core.uploads import safe_file_name
from tiepcan.plans.choices import (
    OVERDUE,
    OVERDUE_LABEL,
    OutputKind,
    TaskStatus,
)
from tiepcan.plans.models.plan import Activity


class TaskQuerySet(ScopedQuerySet):
    def for_user(self, user: Any, action: str = "view") -> TaskQuerySet:
        """Tasks of the user's agencies, or of agencies serving units in the user's scope."""
        grants = grants_for(user)
        if grants.is_global(action):
            return self
        return self.filter(grants.agency_q(action, "agency"))

    def overdue(self, on: date | None = None) -> TaskQuerySet:
        on = on or timezone.localdate()
        return self.filter(due_on__lt=on).exclude(status__in=[TaskStatus.DONE, TaskStatus.CANCELLED])

    def open(self) -> TaskQuerySet:
        return self.exclude(status__in=[TaskStatus.DONE, TaskStatus.CANCELLED])

    def of_plans_in_force(self, year: int | None = None) -> TaskQuerySet:
        """Tasks of plans whose period has not ended (``end_year`` this year or later)."""
        return self.filter(activity__plan__end_year__gte=year or timezone.localdate().year)

    def of_ended_plans(self, year: int | None = None) -> TaskQuerySet:
        """Tasks of plans whose period has ended (``end_year`` before this year)."""
        return self.filter(activity__plan__end_year__lt=year or timezone.localdate().year)


@audit.register
class Task(TimeStampedModel):
    """What one agency must do for one activity in one occurrence of its schedule.

    Generated from the activity's schedule (``services.generate_tasks``). "Overdue"
    is not stored: it is a task past its due date that is neither done nor cancelled.
    ``version`` guards against two people saving the same task at once.
    """

    scope_unit_field = "agency__unit"

    activity = models.ForeignKey(
        Activity, verbose_name=_("hoạt động"), on_delete=models.CASCADE, related_name="tasks"
    )
    agency = models.ForeignKey(
        "units.Agency", verbose_name=_("cơ quan chủ trì"), on_delete=models.PROTECT, related_name="tasks"
    )
    year = models.PositiveSmallIntegerField(_("năm"))
    label = models.CharField(_("kỳ thực hiện"), max_length=120)
    starts_on = models.DateField(_("bắt đầu"), null=True, blank=True)
    due_on = models.DateField(_("hạn hoàn thành"), null=True, blank=True)
    on_request = models.BooleanField(_("theo yêu cầu"), default=False)
    status = models.CharField(
        _("trạng thái"), max_length=16, choices=TaskStatus.choices, default=TaskStatus.NOT_STARTED
    )
    progress = models.PositiveSmallIntegerField(_("tiến độ (%)"), default=0)
    completed_on = models.DateField(_("ngày hoàn thành"), null=True, blank=True)
    version = models.PositiveIntegerField(_("phiên bản"), default=1)

    objects = TaskQuerySet.as_manager()

    class Meta:
        verbose_name = _("nhiệm vụ")
        verbose_name_plural = _("nhiệm vụ")
        ordering = ["due_on", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["activity", "agency", "year", "label"], name="task_occurrence_unique"
            ),
            models.CheckConstraint(condition=Q(progress__lte=100), name="task_progress_max_100"),
            models.CheckConstraint(
                condition=Q(starts_on__isnull=True)
                | Q(due_on__isnull=True)
                | Q(due_on__gte=models.F("starts_on")),
                name="task_due_after_start",
            ),
        ]
        indexes = [models.Index(fields=["agency", "year", "status"], name="task_agency_year_status")]

    def __str__(self) -> str:
        return f"{self.activity.reference} – {self.agency} – {self.label}"

    def clean(self) -> None:
        if self.starts_on and self.due_on and self.due_on < self.starts_on:
            raise ValidationError({"due_on": _("Hạn hoàn thành không được trước ngày bắt đầu.")})

    def is_overdue(self, on: date | None = None) -> bool:
        on = on or timezone.localdate()
        return bool(
            self.due_on and self.due_on < on and self.status not in {TaskStatus.DONE, TaskStatus.CANCELLED}
        )

    @property
    def display_status(self) -> str:
        return OVERDUE if self.is_overdue() else self.status

    @property
    def display_status_label(self) -> Any:
        return OVERDUE_LABEL if self.is_overdue() else self.get_status_display()


class TaskOwnedQuerySet(ScopedQuerySet):
    """Rows that belong to a task are visible exactly when their task is."""

    task_lookup = "task"

    def for_user(self, user: Any, action: str = "view") -> TaskOwnedQuerySet:
        grants = grants_for(user)
        if grants.is_global(action):
            return self
        return self.filter(grants.agency_q(action, f"{self.task_lookup}__agency"))


class OutputQuerySet(TaskOwnedQuerySet):
    task_lookup = "report__task"


@audit.register
class ProgressReport(TimeStampedModel):
    """A focal point's report on a task: progress, status after it, and output documents."""

    scope_unit_field = "task__agency__unit"

    task = models.ForeignKey(
        Task, verbose_name=_("nhiệm vụ"), on_delete=models.CASCADE, related_name="reports"
    )
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người báo cáo"), on_delete=models.PROTECT, related_name="+"
    )
    progress = models.PositiveSmallIntegerField(_("tiến độ (%)"))
    status = models.CharField(_("trạng thái sau báo cáo"), max_length=16, choices=TaskStatus.choices)
    note = models.TextField(_("nội dung báo cáo"))

    objects = TaskOwnedQuerySet.as_manager()

    class Meta:
        verbose_name = _("báo cáo tiến độ")
        verbose_name_plural = _("báo cáo tiến độ")
        ordering = ["-created_at", "-id"]
        constraints = [models.CheckConstraint(condition=Q(progress__lte=100), name="report_progress_max_100")]

    def __str__(self) -> str:
        return f"{self.task} – {self.progress}%"


def output_upload_to(instance: OutputDocument, filename: str) -> str:
    today = timezone.localdate()
    return f"plans/outputs/{today:%Y/%m}/{instance.report.task_id}/{safe_file_name(filename)}"


@audit.register
class OutputDocument(TimeStampedModel):
    """A document produced by a task (văn bản, tin bài, quyết định…), optionally with its file."""

    scope_unit_field = "report__task__agency__unit"

    report = models.ForeignKey(
        ProgressReport, verbose_name=_("báo cáo tiến độ"), on_delete=models.CASCADE, related_name="documents"
    )
    kind = models.CharField(
        _("loại sản phẩm"), max_length=32, choices=OutputKind.choices, default=OutputKind.OTHER
    )
    number = models.CharField(_("số, ký hiệu"), max_length=64, blank=True)
    issued_on = models.DateField(_("ngày ban hành"), null=True, blank=True)
    issuer = models.CharField(_("cơ quan ban hành"), max_length=255, blank=True)
    title = models.CharField(_("trích yếu"), max_length=500)
    file = models.FileField(_("tệp"), upload_to=output_upload_to, blank=True, max_length=300)
    content_type = models.CharField(_("kiểu tệp"), max_length=100, blank=True, editable=False)

    objects = OutputQuerySet.as_manager()

    class Meta:
        verbose_name = _("sản phẩm đầu ra")
        verbose_name_plural = _("sản phẩm đầu ra")
        ordering = ["report", "id"]

    def __str__(self) -> str:
        return f"{self.number} {self.title}".strip()
