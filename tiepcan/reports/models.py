"""Result summary rows: one row per commune and year, the only table dashboards and the portal read.

A row is written by :mod:`tiepcan.reports.summaries` in the same transaction as the change that
affects it (a rescore of a returned dossier, a step of the cycle, a decision, a revocation, a move
to a corrected framework), or by the import of past results (``source = imported``). A nightly job
(``check-result-summaries``) recomputes every row from the assessments and reports (and fixes) any
drift. Aggregates (:mod:`tiepcan.reports.aggregates`) read these rows only, never the JSON of an
assessment.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from tiepcan.assessments.choices import Status
from tiepcan.core import audit
from tiepcan.core.models import TimeStampedModel
from tiepcan.core.scoping import ScopedQuerySet


class Source(models.TextChoices):
    ASSESSMENT = "assessment", _("Từ hồ sơ đánh giá")
    IMPORTED = "imported", _("Nhập từ bảng tính")


class ScoreKind(models.TextChoices):
    CRITERION = "criterion", _("Tiêu chí")
    INDICATOR = "indicator", _("Chỉ tiêu")


class ResultSummaryQuerySet(ScopedQuerySet):
    def public(self) -> ResultSummaryQuerySet:
        """Rows the public may read: posted self-assessments with every later step, and imported results."""
        return self.filter(public=True)


class ResultSummary(models.Model):
    """One commune's result in one year, as it stands now (after any decision or revocation).

    ``unit`` is the commune as it was in that year; ``province`` and ``district`` the units above
    it then (a commune formed in the 2025 merger has no district: ``district`` is then the former
    district of its first predecessor; aggregates by former district read :class:`ResultDistrict`,
    which counts such a commune in every former district it descends from).
    ``current_unit`` is the commune that holds the territory today (the unit itself while it is in
    force; else its successor), so a trend can be read by today's communes.
    """

    scope_unit_field = "unit"
    scope_view_action = "view_assessments"

    source = models.CharField(_("nguồn"), max_length=16, choices=Source.choices, default=Source.ASSESSMENT)
    assessment = models.OneToOneField(
        "assessments.Assessment",
        verbose_name=_("hồ sơ đánh giá"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="summary",
    )
    unit = models.ForeignKey(
        "units.Unit", verbose_name=_("xã, phường, đặc khu"), on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("năm"))
    province = models.ForeignKey(
        "units.Unit", verbose_name=_("tỉnh"), on_delete=models.PROTECT, related_name="+"
    )
    district = models.ForeignKey(
        "units.Unit",
        verbose_name=_("huyện (trước 1/7/2025)"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    current_unit = models.ForeignKey(
        "units.Unit",
        verbose_name=_("xã, phường hiện nay"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    kind = models.CharField(_("loại đơn vị"), max_length=16)
    framework = models.ForeignKey(
        "frameworks.FrameworkVersion",
        verbose_name=_("bộ tiêu chí"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # Met/not-met frameworks count indicators met ("9/13 chỉ tiêu đạt") rather than points.
    pass_fail = models.BooleanField(_("chấm đạt/không đạt"), default=False)
    status = models.CharField(_("trạng thái hồ sơ"), max_length=20, blank=True)
    public = models.BooleanField(_("công khai"), default=True)
    total = models.DecimalField(_("tổng điểm"), max_digits=6, decimal_places=2, null=True, blank=True)
    max_total = models.DecimalField(_("điểm tối đa"), max_digits=6, decimal_places=2, null=True, blank=True)
    met = models.BooleanField(_("đạt chuẩn theo điểm"), default=False)
    recognised = models.BooleanField(_("được công nhận"), default=False)
    revoked = models.BooleanField(_("bị thu hồi"), default=False)
    decision = models.ForeignKey(
        "assessments.RecognitionDecision",
        verbose_name=_("quyết định công nhận"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decision_number = models.CharField(_("số quyết định"), max_length=64, blank=True)
    decision_date = models.DateField(_("ngày quyết định"), null=True, blank=True)
    revoked_on = models.DateField(_("ngày thu hồi"), null=True, blank=True)
    revocation_number = models.CharField(_("số quyết định thu hồi"), max_length=64, blank=True)
    criteria = models.JSONField(_("điểm theo tiêu chí"), default=dict, blank=True)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    objects = ResultSummaryQuerySet.as_manager()

    class Meta:
        verbose_name = _("kết quả tổng hợp")
        verbose_name_plural = _("kết quả tổng hợp")
        ordering = ["-year", "province", "unit"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "year"], name="one_result_per_commune_year"),
            models.CheckConstraint(
                condition=Q(source="imported") | Q(assessment__isnull=False), name="result_has_its_assessment"
            ),
        ]
        indexes = [
            models.Index(fields=["year", "province"], name="result_year_province"),
            models.Index(fields=["province", "year", "recognised"], name="result_province_recognised"),
            models.Index(fields=["current_unit", "year"], name="result_current_unit"),
            # The portal's list of self-assessments open for comments (portal.queries.open_postings)
            # reads only these few rows (hundreds of the country's 85,000), by province or all.
            models.Index(fields=["province"], condition=Q(status=Status.POSTED), name="result_posted"),
        ]

    def __str__(self) -> str:
        return f"{self.unit} – {self.year}"


class ResultDistrict(models.Model):
    """A former district (before 1/7/2025) a result counts toward, one row per district.

    A commune of the map before 1/7/2025 counts toward its own district. A commune formed by the
    2025 merger counts toward **every** former district whose communes (wholly or in part) were
    merged into it, following the lineage back through every recorded merger to the nearest
    communes that had a district: a commune formed from communes of two former districts counts,
    whole, in both, and ``shared`` marks it so a table can say so (the districts' rows then add
    up to more than the province's). ``ResultSummary.district`` keeps one of them (the district
    of its first whole predecessor) for lists and open data that show a single district.
    """

    scope_unit_field = "summary__unit"
    scope_owner = "summary"

    summary = models.ForeignKey(
        ResultSummary, on_delete=models.CASCADE, related_name="former_districts", verbose_name=_("kết quả")
    )
    district = models.ForeignKey(
        "units.Unit", verbose_name=_("huyện (trước 1/7/2025)"), on_delete=models.PROTECT, related_name="+"
    )
    shared = models.BooleanField(_("xã gồm nhiều huyện cũ"), default=False)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("huyện cũ của kết quả")
        verbose_name_plural = _("huyện cũ của kết quả")
        constraints = [
            models.UniqueConstraint(fields=["summary", "district"], name="one_result_district"),
        ]
        indexes = [models.Index(fields=["district", "summary"], name="result_district")]

    def __str__(self) -> str:
        return f"{self.summary_id}: {self.district_id}"


class ResultScore(models.Model):
    """A criterion's points in a result, or an indicator the commune did not meet.

    Every criterion of a result has a row; indicators only when not met (``met`` False), which is
    what "the weakest indicators" counts, and keeps the table small at national scale.
    """

    scope_unit_field = "summary__unit"
    scope_owner = "summary"

    summary = models.ForeignKey(
        ResultSummary, on_delete=models.CASCADE, related_name="scores", verbose_name=_("kết quả")
    )
    kind = models.CharField(_("loại"), max_length=10, choices=ScoreKind.choices)
    code = models.CharField(_("mã"), max_length=32)
    points = models.DecimalField(_("điểm"), max_digits=6, decimal_places=2, null=True, blank=True)
    max_points = models.DecimalField(_("điểm tối đa"), max_digits=6, decimal_places=2, null=True, blank=True)
    met = models.BooleanField(_("đạt"), default=False)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("điểm trong kết quả tổng hợp")
        verbose_name_plural = _("điểm trong kết quả tổng hợp")
        constraints = [
            models.UniqueConstraint(fields=["summary", "kind", "code"], name="one_score_per_code"),
        ]
        indexes = [models.Index(fields=["kind", "code"], name="result_score_code")]

    def __str__(self) -> str:
        return f"{self.summary}: {self.code}"


class ResultsVersion(models.Model):
    """A counter per province, bumped in the transaction that changes one of its result rows.

    Cached public pages and open data are keyed on the sum of the counters (one small query),
    so they are correct right after a decision or a revocation commits, without a timer.
    """

    scope_unit_field = "province"

    province = models.OneToOneField(
        "units.Unit", on_delete=models.CASCADE, related_name="+", verbose_name=_("tỉnh")
    )
    version = models.PositiveBigIntegerField(_("phiên bản"), default=0)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("phiên bản kết quả")
        verbose_name_plural = _("phiên bản kết quả")

    def __str__(self) -> str:
        return f"{self.province_id}: {self.version}"


# What the dashboards need beyond the results: the province's yearly report to the Ministry of
# Justice (received on time or late against 20 February), and commune boundaries for the map.


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
        constraints = [
            models.UniqueConstraint(fields=["province", "year"], name="one_ministry_report_per_year")
        ]

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
