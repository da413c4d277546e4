"""The provincial implementation plan, its activities and the agencies responsible for them."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from tiepcan.core import audit
from tiepcan.core.models import TimeStampedModel
from tiepcan.core.scoping import ScopedQuerySet, grants_for
from tiepcan.plans.choices import (
    AgencyRole,
    PlanRules,
    PlanStatus,
)


class PlanQuerySet(ScopedQuerySet):
    def for_user(self, user: Any, action: str = "view") -> PlanQuerySet:
        """Reading reaches up: a commune's people read their province's plan; acting does not."""
        grants = grants_for(user)
        if grants.is_global(action):
            return self
        if action == "view":
            # A draft is read only by those who may write it.
            visible = Q(status=PlanStatus.PUBLISHED) | grants.unit_q("manage_plan", "province")
            return self.filter(grants.reach_q(action, "province")).filter(visible)
        return self.filter(grants.unit_q(action, "province"))

    def published(self) -> PlanQuerySet:
        return self.filter(status=PlanStatus.PUBLISHED)

    def covering(self, year: int) -> PlanQuerySet:
        """Published plans whose period includes ``year`` (the newest first: it is the one in force)."""
        return self.published().filter(start_year__lte=year, end_year__gte=year).order_by(*IN_FORCE_ORDER)


# Several published plans may cover a year (a new plan issued before the old one's period ends):
# the newest (latest period start, then latest issue date) is the plan in force for that year.
IN_FORCE_ORDER = ("-start_year", "-issued_on", "-id")


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
    status = models.CharField(
        _("trạng thái"), max_length=16, choices=PlanStatus.choices, default=PlanStatus.PUBLISHED
    )
    rules = models.CharField(_("thực hiện quy định"), max_length=32, choices=PlanRules.choices, blank=True)
    based_on = models.ForeignKey(
        "self",
        verbose_name=_("sao từ kế hoạch"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="copies",
    )
    published_at = models.DateTimeField(_("thời điểm ban hành trên hệ thống"), null=True, blank=True)
    is_demo = models.BooleanField(_("dữ liệu minh hoạ"), default=False)
    # A lower unit's plan carrying out the province's (seed §III.4): ``province`` is then the
    # issuing unit (a commune), its activities link to the provincial ones (``source_activity``)
    # and their work is the unit's tasks of the provincial activities, not tasks of its own.
    parent_plan = models.ForeignKey(
        "self",
        verbose_name=_("thực hiện kế hoạch"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="unit_plans",
    )

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

    @property
    def is_draft(self) -> bool:
        return self.status == PlanStatus.DRAFT

    def years_in_force(self) -> list[int]:
        """The years of the period for which this plan is the province's plan in force.

        A published plan is in force for each year of its period unless a newer published
        plan of the province covers that year too (see ``IN_FORCE_ORDER``). This one rule
        gives the years tasks are generated for and the years budget estimates, pilots,
        conferences and periodic reports may be recorded against.
        """
        if self.status != PlanStatus.PUBLISHED:
            return []
        others = list(
            Plan.objects.published()
            .filter(
                province_id=self.province_id, start_year__lte=self.end_year, end_year__gte=self.start_year
            )
            .exclude(pk=self.pk)
            .values_list("pk", "start_year", "end_year", "issued_on")
        )
        mine = _force_key(self.start_year, self.issued_on, self.pk)
        years = []
        for year in self.years:
            newer = [o for o in others if o[1] <= year <= o[2] and _force_key(o[1], o[3], o[0]) > mine]
            if not newer:
                years.append(year)
        return years

    def allows_year(self, year: int) -> bool:
        return year in self.years_in_force()

    def year_problem(self, year: int) -> str | None:
        """The Vietnamese reason ``year`` cannot be recorded against this plan, or None."""
        if self.allows_year(year):
            return None
        if self.status != PlanStatus.PUBLISHED:
            return str(_("Kế hoạch chưa ban hành."))
        if not self.start_year <= year <= self.end_year:
            return str(
                _("Năm nằm ngoài giai đoạn của kế hoạch (%(a)s–%(b)s).")
                % {"a": self.start_year, "b": self.end_year}
            )
        newer = Plan.objects.covering(year).filter(province_id=self.province_id).first()
        return str(_("Năm %(year)s thực hiện theo kế hoạch %(plan)s.") % {"year": year, "plan": newer})

    @classmethod
    def in_force(cls, province: Any, year: int) -> Plan | None:
        """The plan of ``province`` in force in ``year`` (None if no published plan covers it)."""
        return cls.objects.covering(year).filter(province=province).first()


def plans_in_force(plans: Any, year: int) -> set[int]:
    """Ids of the plans in force in ``year`` among ``plans`` (one per province), without a query."""
    best: dict[int, Plan] = {}
    for plan in plans:
        if plan.status != PlanStatus.PUBLISHED or not plan.start_year <= year <= plan.end_year:
            continue
        current = best.get(plan.province_id)
        key = _force_key(plan.start_year, plan.issued_on, plan.pk)
        if current is None or key > _force_key(current.start_year, current.issued_on, current.pk):
            best[plan.province_id] = plan
    return {plan.pk for plan in best.values()}


def _force_key(start_year: int, issued_on: date | None, pk: int | None) -> tuple[int, date, int]:
    return (start_year, issued_on or date.min, pk or 0)


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
    source_activity = models.ForeignKey(
        "self",
        verbose_name=_("sao từ hoạt động"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="copies",
    )

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
