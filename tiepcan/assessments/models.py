"""The yearly cycle: periods, each commune's assessment, its evidence and every transition."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tiepcan.assessments.choices import (
    EDITABLE,
    AttendeeGroup,
    ChairRole,
    CouncilRole,
    MeetingKind,
    PeriodStatus,
    PostingMode,
    RegistrationStatus,
    ReportStep,
    Status,
    SubmissionKind,
)
from tiepcan.core import audit
from tiepcan.core.models import TimeStampedModel
from tiepcan.core.scoping import ScopedQuerySet, grants_for
from tiepcan.core.uploads import safe_file_name
from tiepcan.lib.engine.numbers import to_decimal, vn

if TYPE_CHECKING:
    from tiepcan.assessments.procedure import Due


class PeriodQuerySet(ScopedQuerySet):
    def for_user(self, user: Any, action: str = "view") -> PeriodQuerySet:
        """A province's period is read by the communes below it; managed by the province."""
        grants = grants_for(user)
        if grants.is_global(action):
            return self
        if action == "view":
            return self.filter(grants.reach_q(action, "province"))
        return self.filter(grants.unit_q(action, "province"))


@audit.register
class AssessmentPeriod(TimeStampedModel):
    """One year's assessment in a province, with its framework and the deadline of every step."""

    scope_unit_field = "province"

    province = models.ForeignKey(
        "units.Unit", verbose_name=_("tỉnh"), on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("năm đánh giá"))
    framework = models.ForeignKey(
        "frameworks.FrameworkVersion",
        verbose_name=_("bộ tiêu chí"),
        on_delete=models.PROTECT,
        related_name="periods",
    )
    title = models.CharField(_("tên kỳ đánh giá"), max_length=255)
    registration_required = models.BooleanField(_("yêu cầu đăng ký"), default=False)
    self_assessment_due = models.DateField(_("hạn tự đánh giá"))
    posting_days = models.PositiveSmallIntegerField(_("số ngày niêm yết"), default=5)
    dossier_due = models.DateField(_("hạn gửi hồ sơ"))
    review_due = models.DateField(_("hạn thẩm định"), null=True, blank=True)
    council_due = models.DateField(_("hạn họp Hội đồng"), null=True, blank=True)
    recognition_due = models.DateField(_("hạn công nhận"), null=True, blank=True)
    status = models.CharField(
        _("trạng thái"), max_length=16, choices=PeriodStatus.choices, default=PeriodStatus.OPEN
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người mở kỳ"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = PeriodQuerySet.as_manager()

    class Meta:
        verbose_name = _("kỳ đánh giá")
        verbose_name_plural = _("kỳ đánh giá")
        ordering = ["-year", "province"]
        constraints = [
            models.UniqueConstraint(fields=["province", "year"], name="one_period_per_province_year"),
            models.CheckConstraint(
                condition=Q(dossier_due__gte=models.F("self_assessment_due")),
                name="dossier_after_self_assessment",
            ),
        ]

    def __str__(self) -> str:
        return self.title


@audit.register(exclude=("report",))
class FrameworkMove(models.Model):
    """An open period moved onto a corrected version of its framework. Never edited.

    ``report`` lists, commune by commune, every value carried over (by indicator code and field
    name) and every value dropped with the reason, so the administrator can follow up.
    """

    scope_unit_field = "period__province"
    scope_owner = "period"

    period = models.ForeignKey(
        AssessmentPeriod,
        verbose_name=_("kỳ đánh giá"),
        on_delete=models.PROTECT,
        related_name="framework_moves",
    )
    from_version = models.ForeignKey(
        "frameworks.FrameworkVersion",
        verbose_name=_("từ phiên bản"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    to_version = models.ForeignKey(
        "frameworks.FrameworkVersion",
        verbose_name=_("sang phiên bản"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    moved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người chuyển"), on_delete=models.PROTECT, related_name="+"
    )
    reason = models.TextField(_("lý do"))
    report = models.JSONField(_("kết quả chuyển"), default=dict)
    created_at = models.DateTimeField(_("chuyển lúc"), default=timezone.now)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("chuyển phiên bản bộ tiêu chí")
        verbose_name_plural = _("chuyển phiên bản bộ tiêu chí")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.period}: v{self.from_version.version} → v{self.to_version.version}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise ValueError("A framework move is a record: it is never edited.")
        super().save(*args, **kwargs)


@audit.register
class Registration(TimeStampedModel):
    """A commune's registration to be assessed, where the period requires it."""

    scope_unit_field = "unit"
    scope_view_action = "view_assessments"

    period = models.ForeignKey(
        AssessmentPeriod,
        verbose_name=_("kỳ đánh giá"),
        on_delete=models.CASCADE,
        related_name="registrations",
    )
    unit = models.ForeignKey(
        "units.Unit", verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(
        _("trạng thái"), max_length=16, choices=RegistrationStatus.choices, default=RegistrationStatus.PENDING
    )
    reason = models.TextField(_("lý do"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người xét"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("đăng ký đánh giá")
        verbose_name_plural = _("đăng ký đánh giá")
        constraints = [
            models.UniqueConstraint(fields=["period", "unit"], name="one_registration_per_commune")
        ]

    def __str__(self) -> str:
        return f"{self.unit} – {self.period}"


@audit.register(exclude=("score",))
class Assessment(TimeStampedModel):
    """One commune's assessment in one period: its values, its state, and the last computed score.

    ``version`` is bumped by every save of the values: an edit made from a stale
    page is refused instead of silently overwriting someone else's work.
    """

    scope_unit_field = "unit"
    # Reading a commune's assessment, and through it its evidence, dossiers, notes, comments
    # and council scores (their querysets go through this one), needs ``view_assessments``.
    scope_view_action = "view_assessments"

    period = models.ForeignKey(
        AssessmentPeriod, verbose_name=_("kỳ đánh giá"), on_delete=models.PROTECT, related_name="assessments"
    )
    unit = models.ForeignKey(
        "units.Unit",
        verbose_name=_("xã, phường, đặc khu"),
        on_delete=models.PROTECT,
        related_name="assessments",
    )
    status = models.CharField(
        _("trạng thái"), max_length=20, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    values = models.JSONField(_("số liệu"), default=dict, blank=True)
    not_arisen = models.JSONField(_("chỉ tiêu không phát sinh"), default=list, blank=True)
    facts = models.JSONField(_("điều kiện"), default=dict, blank=True)
    unit_class = models.CharField(_("phân loại"), max_length=3, blank=True)
    score = models.JSONField(_("kết quả chấm"), default=dict, blank=True)
    total = models.DecimalField(_("tổng điểm"), max_digits=6, decimal_places=2, null=True, blank=True)
    recognisable = models.BooleanField(_("đủ điều kiện"), default=False)
    round = models.PositiveSmallIntegerField(_("lần gửi"), default=0)
    version = models.PositiveIntegerField(_("phiên bản"), default=1)
    posted_at = models.DateTimeField(_("niêm yết lúc"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("gửi hồ sơ lúc"), null=True, blank=True)
    # Set at each sending from the verdict (TT 09/2021 Điều 3 khoản 1 điểm e); empty until sent.
    submission_kind = models.CharField(
        _("loại hồ sơ gửi"), max_length=16, choices=SubmissionKind.choices, blank=True, default=""
    )

    objects = ScopedQuerySet.as_manager()
    # Not stored: the score before an autosave, for the page's answer (services.save_values).
    previous_score: dict[str, Any]

    class Meta:
        verbose_name = _("hồ sơ đánh giá")
        verbose_name_plural = _("hồ sơ đánh giá")
        ordering = ["period", "unit__name_sort"]
        constraints = [
            models.UniqueConstraint(fields=["period", "unit"], name="one_assessment_per_commune_period")
        ]
        indexes = [models.Index(fields=["period", "status"], name="assessment_period_status")]

    def __str__(self) -> str:
        return f"{self.unit} – {self.period.year}"

    @property
    def editable(self) -> bool:
        return self.status in EDITABLE

    @property
    def pass_fail(self) -> bool:
        """Whether the framework judges indicators met / not met rather than by points."""
        return self.period.framework.compiled().pass_fail


@audit.register
class Transition(models.Model):
    """One step of an assessment's life: from, to, who, when, why. Never edited."""

    scope_unit_field = "assessment__unit"
    scope_owner = "assessment"

    assessment = models.ForeignKey(
        Assessment, verbose_name=_("hồ sơ đánh giá"), on_delete=models.CASCADE, related_name="transitions"
    )
    from_status = models.CharField(_("từ trạng thái"), max_length=20, choices=Status.choices)
    to_status = models.CharField(_("sang trạng thái"), max_length=20, choices=Status.choices)
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
        verbose_name = _("bước chuyển trạng thái")
        verbose_name_plural = _("lịch sử trạng thái")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.get_from_status_display()} → {self.get_to_status_display()}"


def evidence_upload_to(instance: Evidence, filename: str) -> str:
    return (
        f"evidence/{instance.assessment.period.year}/{instance.assessment.unit_id}/{instance.indicator}/"
        f"{safe_file_name(filename)}"
    )


@audit.register
class Evidence(TimeStampedModel):
    """A document proving an indicator: a private file or a link, attached in a given round."""

    scope_unit_field = "assessment__unit"
    scope_owner = "assessment"

    assessment = models.ForeignKey(
        Assessment, verbose_name=_("hồ sơ đánh giá"), on_delete=models.CASCADE, related_name="evidence"
    )
    indicator = models.CharField(_("chỉ tiêu"), max_length=32)
    title = models.CharField(_("tên tài liệu"), max_length=255)
    file = models.FileField(_("tệp"), upload_to=evidence_upload_to, blank=True, max_length=300)
    link = models.URLField(_("đường dẫn"), blank=True)
    content_type = models.CharField(_("kiểu tệp"), max_length=100, blank=True)
    size = models.PositiveIntegerField(_("dung lượng (byte)"), default=0)
    round = models.PositiveSmallIntegerField(_("lần gửi"), default=0)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người tải lên"), on_delete=models.PROTECT, related_name="+"
    )

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("tài liệu minh chứng")
        verbose_name_plural = _("tài liệu minh chứng")
        ordering = ["indicator", "id"]
        constraints = [
            models.CheckConstraint(condition=~Q(file="") | ~Q(link=""), name="evidence_file_or_link"),
        ]

    def __str__(self) -> str:
        return self.title


@audit.register(exclude=("score",))
class DossierSnapshot(models.Model):
    """What the commune sent in one round, frozen: values, score, evidence list, comment summary."""

    scope_unit_field = "assessment__unit"
    scope_owner = "assessment"

    assessment = models.ForeignKey(
        Assessment, verbose_name=_("hồ sơ đánh giá"), on_delete=models.CASCADE, related_name="snapshots"
    )
    round = models.PositiveSmallIntegerField(_("lần gửi"))
    values = models.JSONField(_("số liệu"), default=dict)
    not_arisen = models.JSONField(_("chỉ tiêu không phát sinh"), default=list)
    facts = models.JSONField(_("điều kiện"), default=dict)
    score = models.JSONField(_("kết quả chấm"), default=dict)
    evidence = models.JSONField(_("danh mục minh chứng"), default=list)
    comment_summary = models.TextField(_("tổng hợp ý kiến"), blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người gửi"), on_delete=models.PROTECT, related_name="+"
    )
    submitted_at = models.DateTimeField(_("gửi lúc"), default=timezone.now)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("hồ sơ đã gửi")
        verbose_name_plural = _("hồ sơ đã gửi")
        ordering = ["assessment", "round"]
        constraints = [models.UniqueConstraint(fields=["assessment", "round"], name="one_snapshot_per_round")]

    def __str__(self) -> str:
        return f"{self.assessment} – lần {self.round}"


@audit.register
class ReviewNote(TimeStampedModel):
    """A reviewer's note on one indicator in one round, and the commune's explanation of it."""

    scope_unit_field = "assessment__unit"
    scope_owner = "assessment"

    assessment = models.ForeignKey(
        Assessment, verbose_name=_("hồ sơ đánh giá"), on_delete=models.CASCADE, related_name="notes"
    )
    round = models.PositiveSmallIntegerField(_("lần gửi"))
    indicator = models.CharField(_("chỉ tiêu"), max_length=32)
    text = models.TextField(_("yêu cầu bổ sung"))
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người thẩm định"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    explanation = models.TextField(_("giải trình"), blank=True)
    explained_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người giải trình"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    explained_at = models.DateTimeField(_("giải trình lúc"), null=True, blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("ý kiến thẩm định")
        verbose_name_plural = _("ý kiến thẩm định")
        ordering = ["assessment", "round", "indicator", "id"]

    def __str__(self) -> str:
        return f"{self.indicator}: {self.text[:60]}"


@audit.register(exclude=("ip_hash",))
class PublicComment(models.Model):
    """A citizen's comment on a posted self-assessment, and the commune's answer."""

    scope_unit_field = "assessment__unit"
    scope_owner = "assessment"

    assessment = models.ForeignKey(
        Assessment, verbose_name=_("hồ sơ đánh giá"), on_delete=models.CASCADE, related_name="comments"
    )
    author_name = models.CharField(_("họ tên"), max_length=120)
    text = models.TextField(_("ý kiến"))
    created_at = models.DateTimeField(_("gửi lúc"), default=timezone.now)
    ip_hash = models.CharField(_("dấu vết địa chỉ IP"), max_length=64, blank=True)
    answer = models.TextField(_("trả lời"), blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người trả lời"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    answered_at = models.DateTimeField(_("trả lời lúc"), null=True, blank=True)
    hidden = models.BooleanField(_("ẩn (vi phạm nội quy)"), default=False)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("ý kiến người dân")
        verbose_name_plural = _("ý kiến người dân")
        ordering = ["assessment", "created_at", "id"]

    def __str__(self) -> str:
        return f"{self.author_name}: {self.text[:60]}"


@audit.register
class CouncilMembership(models.Model):
    """A person sitting on the assessment council of a period (member or secretary)."""

    scope_unit_field = "period__province"
    scope_owner = "period"

    period = models.ForeignKey(
        AssessmentPeriod, verbose_name=_("kỳ đánh giá"), on_delete=models.CASCADE, related_name="council"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("thành viên"), on_delete=models.PROTECT, related_name="+"
    )
    is_secretary = models.BooleanField(_("thư ký"), default=False)
    # TT 09/2021 Điều 5 khoản 2; ``is_secretary`` follows it (save()).
    role = models.CharField(
        _("vai trò"), max_length=16, choices=CouncilRole.choices, default=CouncilRole.MEMBER
    )
    position = models.CharField(_("chức danh trong Hội đồng"), max_length=120, blank=True)
    area = models.ForeignKey(
        "units.Unit",
        verbose_name=_("khu vực phụ trách"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        help_text=_("Để trống: cả tỉnh. Thành viên chỉ chấm hồ sơ của các xã thuộc khu vực này."),
    )

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("thành viên Hội đồng")
        verbose_name_plural = _("thành viên Hội đồng")
        constraints = [models.UniqueConstraint(fields=["period", "user"], name="one_seat_per_period")]

    def __str__(self) -> str:
        return f"{self.user} – {self.period}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.is_secretary and self.role == CouncilRole.MEMBER:
            self.role = CouncilRole.SECRETARY  # rows written before roles existed
        self.is_secretary = self.role == CouncilRole.SECRETARY
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "is_secretary", "role"}
        super().save(*args, **kwargs)


@audit.register
class CouncilScore(TimeStampedModel):
    """One member's proposed points for one indicator of one dossier, with the reason."""

    scope_unit_field = "assessment__unit"
    scope_owner = "assessment"

    assessment = models.ForeignKey(
        Assessment, verbose_name=_("hồ sơ đánh giá"), on_delete=models.CASCADE, related_name="council_scores"
    )
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("thành viên Hội đồng"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    indicator = models.CharField(_("chỉ tiêu"), max_length=32)
    points = models.DecimalField(_("điểm"), max_digits=6, decimal_places=2)
    reason = models.TextField(_("lý do"), blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("điểm thành viên Hội đồng")
        verbose_name_plural = _("điểm thành viên Hội đồng")
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "member", "indicator"], name="one_score_per_member_indicator"
            )
        ]

    def __str__(self) -> str:
        return f"{self.assessment} {self.indicator}: {vn(to_decimal(self.points))}"


@audit.register
class CouncilMeeting(TimeStampedModel):
    """The council's meeting: date, attendees, minutes; its recommendations hang off it."""

    scope_unit_field = "period__province"
    scope_owner = "period"

    period = models.ForeignKey(
        AssessmentPeriod, verbose_name=_("kỳ đánh giá"), on_delete=models.CASCADE, related_name="meetings"
    )
    kind = models.CharField(
        _("hình thức"), max_length=16, choices=MeetingKind.choices, default=MeetingKind.MEETING
    )
    held_on = models.DateField(_("ngày họp"))
    place = models.CharField(_("địa điểm"), max_length=255, blank=True)
    papers_sent_on = models.DateField(_("ngày gửi tài liệu cho thành viên"), null=True, blank=True)
    chaired_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người chủ trì"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    # TT 09/2021 Điều 5 khoản 5: the minutes bear the signatures of the person chairing and the secretary.
    chair_signed_at = models.DateTimeField(_("người chủ trì ký lúc"), null=True, blank=True)
    secretary_signed_at = models.DateTimeField(_("thư ký ký lúc"), null=True, blank=True)
    attendees = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("thành viên dự họp"), related_name="+"
    )
    minutes = models.TextField(_("biên bản"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người ghi biên bản"),
        on_delete=models.PROTECT,
        related_name="+",
    )

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("phiên họp Hội đồng")
        verbose_name_plural = _("phiên họp Hội đồng")
        ordering = ["-held_on", "-id"]

    def __str__(self) -> str:
        return f"{self.period} – {self.held_on:%d/%m/%Y}"

    @property
    def signed(self) -> bool:
        return self.chair_signed_at is not None and self.secretary_signed_at is not None


@audit.register
class CouncilRecommendation(models.Model):
    """The council's conclusion on one commune, with the consolidated points and the vote."""

    scope_unit_field = "assessment__unit"
    scope_owner = "assessment"

    meeting = models.ForeignKey(
        CouncilMeeting, verbose_name=_("phiên họp"), on_delete=models.CASCADE, related_name="recommendations"
    )
    assessment = models.OneToOneField(
        Assessment, verbose_name=_("hồ sơ đánh giá"), on_delete=models.CASCADE, related_name="recommendation"
    )
    recommend = models.BooleanField(_("đề nghị công nhận"))
    votes_for = models.PositiveSmallIntegerField(_("tán thành"), default=0)
    votes_against = models.PositiveSmallIntegerField(_("không tán thành"), default=0)
    votes_abstain = models.PositiveSmallIntegerField(_("không biểu quyết"), default=0)
    criterion_points = models.JSONField(_("điểm theo tiêu chí"), default=dict)
    total = models.DecimalField(_("tổng điểm"), max_digits=6, decimal_places=2)
    verdict = models.TextField(_("kết luận theo bộ tiêu chí"))

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("kiến nghị của Hội đồng")
        verbose_name_plural = _("kiến nghị của Hội đồng")

    def __str__(self) -> str:
        return f"{self.assessment}: {'đề nghị' if self.recommend else 'không đề nghị'}"


@audit.register
class RecognitionDecision(TimeStampedModel):
    """A decision recognising a set of communes (Quyết định công nhận), with its annex rows."""

    scope_unit_field = "period__province"
    scope_owner = "period"

    period = models.ForeignKey(
        AssessmentPeriod, verbose_name=_("kỳ đánh giá"), on_delete=models.PROTECT, related_name="decisions"
    )
    number = models.CharField(_("số, ký hiệu"), max_length=64)
    signed_on = models.DateField(_("ngày ký"))
    issuer_name = models.CharField(_("cơ quan ban hành"), max_length=255)
    place = models.CharField(_("địa danh"), max_length=120)
    signer_name = models.CharField(_("người ký"), max_length=120)
    signer_title = models.CharField(_("chức vụ người ký"), max_length=120)
    # TT 09/2021 Điều 3 khoản 2 điểm d: published on the portal within 2 working days of signing.
    published_on = models.DateField(_("ngày công bố trên Cổng thông tin điện tử"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người lập"), on_delete=models.PROTECT, related_name="+"
    )

    objects = ScopedQuerySet.as_manager()
    # Not stored: which of the decision's files are made, for the decisions page.
    files_ready: dict[str, bool]
    # Not stored: when the decision must be published by, for the decisions page.
    publication_due: Due | None
    # Not stored: signed after the recognition limit (the day it ends), for the decisions page.
    signed_late: bool

    class Meta:
        verbose_name = _("quyết định công nhận")
        verbose_name_plural = _("quyết định công nhận")
        ordering = ["-signed_on", "-id"]
        constraints = [models.UniqueConstraint(fields=["period", "number"], name="decision_number_unique")]

    def __str__(self) -> str:
        return f"{self.number} ({self.signed_on:%d/%m/%Y})"


@audit.register
class DecisionEntry(models.Model):
    """One commune in a decision's annex; revocation is recorded here, never by deleting it."""

    scope_unit_field = "assessment__unit"
    scope_owner = "assessment"

    decision = models.ForeignKey(
        RecognitionDecision, verbose_name=_("quyết định"), on_delete=models.PROTECT, related_name="entries"
    )
    assessment = models.OneToOneField(
        Assessment, verbose_name=_("hồ sơ đánh giá"), on_delete=models.PROTECT, related_name="decision_entry"
    )
    total = models.DecimalField(_("tổng điểm"), max_digits=6, decimal_places=2)
    criterion_points = models.JSONField(_("điểm theo tiêu chí"), default=dict)
    revoked_on = models.DateField(_("ngày thu hồi"), null=True, blank=True)
    revocation_number = models.CharField(_("số quyết định thu hồi"), max_length=64, blank=True)
    revocation_reason = models.TextField(_("lý do thu hồi"), blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("đơn vị được công nhận")
        verbose_name_plural = _("đơn vị được công nhận")
        ordering = ["decision", "assessment__unit__name_sort"]

    def __str__(self) -> str:
        return f"{self.assessment.unit} – {self.decision}"


@audit.register
class Posting(TimeStampedModel):
    """How and when the draft result was made public (TT 09/2021/TT-BTP Điều 3 khoản 1 điểm c).

    At the commune office for at least the framework's days, **and** either on the portal for at
    least its days or announced on the commune radio at least its number of times over at least
    its days: ``mode`` says which, ``mode_from``/``mode_until`` when, ``radio_dates`` the broadcasts.
    """

    scope_unit_field = "assessment__unit"
    scope_owner = "assessment"

    assessment = models.OneToOneField(
        Assessment, verbose_name=_("hồ sơ đánh giá"), on_delete=models.CASCADE, related_name="posting"
    )
    office_from = models.DateField(_("niêm yết tại trụ sở từ ngày"))
    office_until = models.DateField(_("niêm yết tại trụ sở đến ngày"), null=True, blank=True)
    mode = models.CharField(_("hình thức công khai kèm theo"), max_length=16, choices=PostingMode.choices)
    mode_from = models.DateField(_("đăng tải, thông báo từ ngày"))
    mode_until = models.DateField(_("đăng tải, thông báo đến ngày"), null=True, blank=True)
    portal_url = models.URLField(_("địa chỉ trang đăng tải"), blank=True)
    radio_dates = models.JSONField(_("các ngày thông báo trên Đài truyền thanh"), default=list, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người ghi"), on_delete=models.PROTECT, related_name="+"
    )

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("niêm yết công khai")
        verbose_name_plural = _("niêm yết công khai")
        constraints = [
            models.CheckConstraint(
                condition=Q(office_until__isnull=True) | Q(office_until__gte=models.F("office_from")),
                name="posting_office_period_ordered",
            ),
            models.CheckConstraint(
                condition=Q(mode_until__isnull=True) | Q(mode_until__gte=models.F("mode_from")),
                name="posting_mode_period_ordered",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.assessment} – {self.office_from:%d/%m/%Y}"


@audit.register
class CommuneMeeting(TimeStampedModel):
    """The commune meeting that reviews and agrees the result before it is sent (TT 09/2021 Điều 3.1.đ)."""

    scope_unit_field = "assessment__unit"
    scope_owner = "assessment"

    assessment = models.OneToOneField(
        Assessment, verbose_name=_("hồ sơ đánh giá"), on_delete=models.CASCADE, related_name="commune_meeting"
    )
    held_on = models.DateField(_("ngày họp"))
    chair_role = models.CharField(_("người chủ trì là"), max_length=16, choices=ChairRole.choices)
    chair_name = models.CharField(_("họ tên người chủ trì"), max_length=120)
    attendee_groups = models.JSONField(_("thành phần dự họp"), default=list)
    attendees = models.TextField(_("danh sách người dự họp"))
    outcome = models.TextField(_("kết quả cuộc họp"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người ghi"), on_delete=models.PROTECT, related_name="+"
    )

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("cuộc họp thống nhất kết quả cấp xã")
        verbose_name_plural = _("cuộc họp thống nhất kết quả cấp xã")

    def __str__(self) -> str:
        return f"{self.assessment} – {self.held_on:%d/%m/%Y}"

    def group_labels(self) -> list[str]:
        return [str(AttendeeGroup(g).label) for g in self.attendee_groups if g in AttendeeGroup.values]


@audit.register
class ResultReport(TimeStampedModel):
    """A yearly report on the period's results, as sent (TT 09/2021/TT-BTP Điều 6 khoản 2, 3).

    The district reports to the province before 15 February, the province to the Ministry of
    Justice before 20 February of the next year: the limits are the framework's deadlines
    (``report_to_province``, ``report_to_ministry``); the row records the day it was sent.
    """

    scope_unit_field = "unit"

    period = models.ForeignKey(
        AssessmentPeriod,
        verbose_name=_("kỳ đánh giá"),
        on_delete=models.CASCADE,
        related_name="result_reports",
    )
    unit = models.ForeignKey(
        "units.Unit", verbose_name=_("đơn vị gửi"), on_delete=models.PROTECT, related_name="+"
    )
    step = models.CharField(_("báo cáo"), max_length=24, choices=ReportStep.choices)
    sent_on = models.DateField(_("ngày gửi"))
    number = models.CharField(_("số văn bản"), max_length=100, blank=True)
    note = models.TextField(_("ghi chú"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người ghi"), on_delete=models.PROTECT, related_name="+"
    )

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("báo cáo kết quả đã gửi")
        verbose_name_plural = _("báo cáo kết quả đã gửi")
        ordering = ["period", "step", "unit__name_sort"]
        constraints = [
            models.UniqueConstraint(fields=["period", "unit", "step"], name="one_result_report_per_unit_step")
        ]

    def __str__(self) -> str:
        return f"{self.unit} – {self.get_step_display()} {self.period.year}"
