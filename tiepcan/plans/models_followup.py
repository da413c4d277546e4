"""Following the plan beyond tasks: inspections, pilot communes, reviews and awards,
staff, budget and periodic reports (seed plan, Sections II.3, II.4 and III)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tiepcan.accounts.choices import Action
from tiepcan.core import audit
from tiepcan.core.fields import VndAmountField
from tiepcan.core.models import TimeStampedModel
from tiepcan.core.scoping import ScopedQuerySet, grants_for
from tiepcan.core.uploads import safe_file_name
from tiepcan.lib.money import group_vnd
from tiepcan.plans.choices import (
    AwardeeKind,
    BudgetStatus,
    ConferenceKind,
    FollowUpStatus,
    InspectionForm,
    InspectionKind,
    ReportPeriod,
)


class PlanOwned(TimeStampedModel):
    """A row of a plan, scoped like its plan's province."""

    scope_unit_field = "plan__province"

    plan = models.ForeignKey(
        "plans.Plan", verbose_name=_("kế hoạch"), on_delete=models.CASCADE, related_name="+"
    )

    objects = ScopedQuerySet.as_manager()

    class Meta:
        abstract = True


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


@audit.register
class StaffAssignment(TimeStampedModel):
    """The officer following the programme at a unit or agency (II.4.1), with contacts."""

    scope_unit_field = "unit"

    unit = models.ForeignKey(
        "units.Unit", verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="+"
    )
    agency = models.ForeignKey(
        "units.Agency",
        verbose_name=_("cơ quan"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("tài khoản"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    full_name = models.CharField(_("họ và tên"), max_length=150)
    position = models.CharField(_("chức vụ"), max_length=150, blank=True)
    phone = models.CharField(_("điện thoại"), max_length=20, blank=True)
    email = models.EmailField(_("thư điện tử"), blank=True)
    valid_from = models.DateField(_("từ ngày"), null=True, blank=True)
    valid_to = models.DateField(_("đến ngày"), null=True, blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("phân công công chức theo dõi")
        verbose_name_plural = _("phân công công chức theo dõi")
        ordering = ["unit__name_sort", "id"]

    def __str__(self) -> str:
        return f"{self.full_name} – {self.agency or self.unit}"


class BudgetQuerySet(ScopedQuerySet):
    def for_user(self, user: Any, action: str = "view") -> BudgetQuerySet:
        """An agency's own estimates, or every estimate of the plans of the units a person serves
        without an agency (the finance officer, the province): a focal point holds the role at the
        province *for* their agency, and reads only their agency's estimates."""
        grants = grants_for(user)
        if grants.is_global(action):
            return self
        return self.filter(
            grants.agency_q(action, "agency") | grants.unbound_unit_q(action, "plan__province")
        )


@audit.register
class BudgetEstimate(PlanOwned):
    """An agency's yearly estimate (dự toán) for the plan, reviewed by the Department of Finance.

    Amounts are whole đồng (VND has no minor unit in practice).
    """

    year = models.PositiveSmallIntegerField(_("năm"))
    agency = models.ForeignKey(
        "units.Agency", verbose_name=_("cơ quan lập dự toán"), on_delete=models.PROTECT, related_name="+"
    )
    activity = models.ForeignKey(
        "plans.Activity",
        verbose_name=_("hoạt động"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    requested = VndAmountField(_("số đề nghị (đồng)"))
    approved = VndAmountField(_("số được duyệt (đồng)"), null=True, blank=True)
    status = models.CharField(
        _("trạng thái"), max_length=16, choices=BudgetStatus.choices, default=BudgetStatus.DRAFT
    )
    description = models.TextField(_("thuyết minh"), blank=True)
    decision_reason = models.TextField(_("lý do điều chỉnh, không duyệt"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người xét duyệt"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    version = models.PositiveIntegerField(_("phiên bản"), default=1)

    objects = BudgetQuerySet.as_manager()

    class Meta:
        verbose_name = _("dự toán kinh phí")
        verbose_name_plural = _("dự toán kinh phí")
        ordering = ["-year", "agency__name_sort", "id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status__in=["adjusted", "rejected"]) | ~Q(decision_reason=""),
                name="budget_decision_needs_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.agency} – {self.year}"


@audit.register
class BudgetTransition(models.Model):
    """One step of an estimate's life (submitted, approved…): from, to, who, when, why. Never edited."""

    scope_unit_field = "estimate__plan__province"
    scope_owner = "estimate"

    estimate = models.ForeignKey(
        BudgetEstimate, verbose_name=_("dự toán"), on_delete=models.CASCADE, related_name="transitions"
    )
    from_status = models.CharField(_("từ trạng thái"), max_length=16, choices=BudgetStatus.choices)
    to_status = models.CharField(_("sang trạng thái"), max_length=16, choices=BudgetStatus.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người thực hiện"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    reason = models.TextField(_("lý do"), blank=True)
    created_at = models.DateTimeField(_("thời điểm"), default=timezone.now, db_index=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("bước xử lý dự toán")
        verbose_name_plural = _("lịch sử xử lý dự toán")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.get_from_status_display()} → {self.get_to_status_display()}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise ValueError("A budget transition is a record: it is never edited.")
        super().save(*args, **kwargs)


@audit.register
class BudgetAllocation(TimeStampedModel):
    """Money actually allotted against an approved estimate."""

    scope_unit_field = "estimate__plan__province"

    estimate = models.ForeignKey(
        BudgetEstimate, verbose_name=_("dự toán"), on_delete=models.CASCADE, related_name="allocations"
    )
    amount = VndAmountField(_("số tiền (đồng)"))
    allocated_on = models.DateField(_("ngày cấp"))
    decision_number = models.CharField(_("số quyết định"), max_length=64, blank=True)
    note = models.CharField(_("ghi chú"), max_length=255, blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("cấp phát kinh phí")
        verbose_name_plural = _("cấp phát kinh phí")
        ordering = ["allocated_on", "id"]

    def __str__(self) -> str:
        return f"{self.estimate}: {group_vnd(self.amount)} đ"


class ReportRequestQuerySet(ScopedQuerySet):
    def for_user(self, user: Any, action: str = "view") -> ReportRequestQuerySet:
        """The province's requests by its plan; for ``report_progress``, the requests that ask one
        of the person's agencies (or an agency of a unit where they hold the role without one)."""
        if action != Action.REPORT_PROGRESS:
            return super().for_user(user, action)
        asked = ReportRequest.objects.filter(grants_for(user).agency_q(action, "agencies"))
        return self.filter(pk__in=asked.values("pk"))


@audit.register
class ReportRequest(PlanOwned):
    """The province asks districts (or communes after 2025) and agencies for a periodic report."""

    period = models.CharField(_("loại báo cáo"), max_length=16, choices=ReportPeriod.choices)
    year = models.PositiveSmallIntegerField(_("năm"))
    title = models.CharField(_("tiêu đề"), max_length=255)
    deadline = models.DateField(_("hạn gửi"))
    agencies = models.ManyToManyField(
        "units.Agency", verbose_name=_("cơ quan phải báo cáo"), related_name="+"
    )
    instructions = models.TextField(_("yêu cầu nội dung"), blank=True)

    objects = ReportRequestQuerySet.as_manager()

    class Meta:
        verbose_name = _("yêu cầu báo cáo định kỳ")
        verbose_name_plural = _("báo cáo định kỳ")
        ordering = ["-deadline", "-id"]

    def __str__(self) -> str:
        return self.title


def submission_upload_to(instance: ReportSubmission, filename: str) -> str:
    return f"plans/reports/{instance.request_id}/{instance.agency_id}/{safe_file_name(filename)}"


class ReportSubmissionQuerySet(ScopedQuerySet):
    def for_user(self, user: Any, action: str = "view") -> ReportSubmissionQuerySet:
        """The province reads every answer to its requests; an agency reads the answers it gave."""
        grants = grants_for(user)
        if grants.is_global(action):
            return self
        if action != Action.VIEW:
            return self.filter(grants.agency_q(action, "agency"))
        own = grants.agency_q(Action.REPORT_PROGRESS, "agency") & Q(
            request__in=ReportRequest.objects.for_user(user, Action.REPORT_PROGRESS)
        )
        return self.filter(Q(request__in=ReportRequest.objects.for_user(user, action)) | own)


@audit.register
class ReportSubmission(TimeStampedModel):
    """One agency's answer to a report request."""

    scope_unit_field = "agency__unit"

    request = models.ForeignKey(
        ReportRequest, verbose_name=_("yêu cầu báo cáo"), on_delete=models.CASCADE, related_name="submissions"
    )
    agency = models.ForeignKey(
        "units.Agency", verbose_name=_("cơ quan"), on_delete=models.PROTECT, related_name="+"
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người gửi"), on_delete=models.PROTECT, related_name="+"
    )
    content = models.TextField(_("nội dung báo cáo"))
    file = models.FileField(_("tệp báo cáo"), upload_to=submission_upload_to, blank=True, max_length=300)
    content_type = models.CharField(_("kiểu tệp"), max_length=100, blank=True, editable=False)

    objects = ReportSubmissionQuerySet.as_manager()

    class Meta:
        verbose_name = _("báo cáo đã gửi")
        verbose_name_plural = _("báo cáo đã gửi")
        ordering = ["request", "agency__name_sort"]
        constraints = [
            models.UniqueConstraint(fields=["request", "agency"], name="one_submission_per_agency")
        ]

    def __str__(self) -> str:
        return f"{self.agency} – {self.request}"
