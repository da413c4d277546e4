"""The provincial implementation plan: activities, responsible agencies and yearly tasks."""

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
from tiepcan.plans.choices import OVERDUE, OVERDUE_LABEL, AgencyRole, OutputKind, TaskStatus


class PlanQuerySet(ScopedQuerySet):
    def for_user(self, user: Any, action: str = "view") -> PlanQuerySet:
        """Reading reaches up: a commune's people read their province's plan; acting does not."""
        grants = grants_for(user)
        if grants.is_global(action):
            return self
        if action == "view":
            return self.filter(grants.reach_q(action, "province"))
        return self.filter(grants.unit_q(action, "province"))


@audit.register(exclude=("source", "source_text"))
class Plan(TimeStampedModel):
    """A plan such as Lạng Sơn's 2017 plan carrying out QĐ 619/QĐ-TTg.

    ``source`` keeps the structured plan file as loaded, so the plan can be
    exported again exactly; the rows below it are what the application works on.
    """

    scope_unit_field = "province"

    province = models.ForeignKey(
        "units.Unit", verbose_name=_("tỉnh"), on_delete=models.PROTECT, related_name="+"
    )
    number = models.CharField(_("số, ký hiệu"), max_length=64, blank=True)
    issuer = models.ForeignKey(
        "units.Agency",
        verbose_name=_("cơ quan ban hành"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    issued_on = models.DateField(_("ngày ban hành"), null=True, blank=True)
    signer_name = models.CharField(_("người ký"), max_length=120, blank=True)
    signer_title = models.CharField(_("chức vụ người ký"), max_length=120, blank=True)
    title = models.TextField(_("tên kế hoạch"))
    start_year = models.PositiveSmallIntegerField(_("từ năm"))
    end_year = models.PositiveSmallIntegerField(_("đến năm"))
    purposes = models.JSONField(_("mục đích"), default=list, blank=True)
    requirements = models.JSONField(_("yêu cầu"), default=list, blank=True)
    legal_bases = models.JSONField(_("căn cứ"), default=list, blank=True)
    recipients = models.JSONField(_("nơi nhận"), default=list, blank=True)
    notes = models.TextField(_("ghi chú"), blank=True)
    source = models.JSONField(_("tệp kế hoạch (cấu trúc)"), default=dict, blank=True)
    source_text = models.TextField(_("tệp kế hoạch (văn bản gốc)"), blank=True)

    objects = PlanQuerySet.as_manager()

    class Meta:
        verbose_name = _("kế hoạch")
        verbose_name_plural = _("kế hoạch")
        ordering = ["-start_year", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_year__gte=models.F("start_year")), name="plan_period_order"
            )
        ]

    def __str__(self) -> str:
        label = self.number or _("Kế hoạch")
        return f"{label} ({self.start_year}–{self.end_year})"

    @property
    def years(self) -> range:
        return range(self.start_year, self.end_year + 1)


class ActivityGroup(models.Model):
    """A numbered content group of Section II (e.g. II.2 "Các nhiệm vụ … đánh giá, công nhận")."""

    scope_unit_field = "plan__province"

    plan = models.ForeignKey(
        Plan, verbose_name=_("kế hoạch"), on_delete=models.CASCADE, related_name="groups"
    )
    number = models.CharField(_("số thứ tự"), max_length=16)
    title = models.TextField(_("nội dung"))
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("nhóm hoạt động")
        verbose_name_plural = _("nhóm hoạt động")
        ordering = ["plan", "order"]
        constraints = [models.UniqueConstraint(fields=["plan", "number"], name="group_number_unique")]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"


@audit.register
class Activity(TimeStampedModel):
    """One activity of the plan with its schedule, outputs and responsible agencies."""

    scope_unit_field = "plan__province"

    plan = models.ForeignKey(
        Plan, verbose_name=_("kế hoạch"), on_delete=models.CASCADE, related_name="activities"
    )
    group = models.ForeignKey(
        ActivityGroup, verbose_name=_("nhóm nhiệm vụ"), on_delete=models.CASCADE, related_name="activities"
    )
    number = models.PositiveSmallIntegerField(_("số hoạt động"))
    title = models.TextField(_("nội dung hoạt động"))
    schedule = models.JSONField(_("thời gian thực hiện"), default=dict)
    schedule_text = models.CharField(_("thời gian (nguyên văn)"), max_length=500, blank=True)
    outputs = models.JSONField(_("kết quả, sản phẩm"), default=list, blank=True)
    outputs_text = models.CharField(_("kết quả (nguyên văn)"), max_length=500, blank=True)
    notes = models.TextField(_("ghi chú"), blank=True)
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("hoạt động")
        verbose_name_plural = _("hoạt động")
        ordering = ["plan", "group__order", "number"]
        constraints = [models.UniqueConstraint(fields=["group", "number"], name="activity_number_unique")]

    def __str__(self) -> str:
        return f"{self.group.number}.{self.number} {self.title[:80]}"

    @property
    def reference(self) -> str:
        return f"II.{self.group.number}.{self.number}"


class ActivityAgency(models.Model):
    """A lead or coordinating agency of an activity: one agency, or a class of agencies.

    ``group_code`` (e.g. "@ubnd-huyen") stands for every agency of a kind, as plans
    write "UBND cấp huyện"; ``label`` keeps the plan's own wording.
    """

    scope_unit_field = "activity__plan__province"
    scope_owner = "activity"

    activity = models.ForeignKey(
        Activity, verbose_name=_("hoạt động"), on_delete=models.CASCADE, related_name="agency_links"
    )
    role = models.CharField(_("vai trò"), max_length=16, choices=AgencyRole.choices)
    agency = models.ForeignKey(
        "units.Agency",
        verbose_name=_("cơ quan"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    group_code = models.CharField(_("mã nhóm cơ quan"), max_length=64, blank=True)
    label = models.CharField(_("tên trong kế hoạch"), max_length=255)
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["activity", "role", "order"]
        constraints = [
            models.CheckConstraint(
                condition=Q(agency__isnull=False) | ~Q(group_code=""), name="activity_agency_target"
            )
        ]

    def __str__(self) -> str:
        return self.label


class Responsibility(models.Model):
    """Section III of a plan: what each agency (or class of agencies) must do."""

    scope_unit_field = "plan__province"
    scope_owner = "plan"

    plan = models.ForeignKey(
        Plan, verbose_name=_("kế hoạch"), on_delete=models.CASCADE, related_name="responsibilities"
    )
    agency = models.ForeignKey(
        "units.Agency",
        verbose_name=_("cơ quan"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    group_code = models.CharField(_("mã nhóm cơ quan"), max_length=64, blank=True)
    label = models.CharField(_("cơ quan"), max_length=255)
    duties = models.JSONField(_("nhiệm vụ"), default=list)
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["plan", "order"]

    def __str__(self) -> str:
        return self.label


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


from tiepcan.plans.models_followup import (  # noqa: E402 - re-exported so Django finds the models
    Award,
    BudgetAllocation,
    BudgetEstimate,
    BudgetTransition,
    Inspection,
    InspectionFollowUp,
    PilotCommune,
    ReportRequest,
    ReportSubmission,
    ReviewConference,
    StaffAssignment,
)
from tiepcan.plans.models_improvement import ImprovementAction  # noqa: E402

__all__ = [
    "Activity",
    "ActivityAgency",
    "ActivityGroup",
    "Award",
    "BudgetAllocation",
    "BudgetEstimate",
    "BudgetTransition",
    "ImprovementAction",
    "Inspection",
    "InspectionFollowUp",
    "OutputDocument",
    "PilotCommune",
    "Plan",
    "ProgressReport",
    "ReportRequest",
    "ReportSubmission",
    "Responsibility",
    "ReviewConference",
    "StaffAssignment",
    "Task",
]
