"""Dashboards: the province's (results, the open period, the plan and the budget) and the nation's.

Every chart comes with its table (``reports/_chart.html``); numbers reach the page's script as
``json_script`` data, never as inline code. Queries are scoped by ``for_user`` and their count
does not grow with the data (tests/test_dashboards.py asserts it).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.cache import cache
from django.db import connection, transaction
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import localize
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tiepcan.accounts.choices import Action
from tiepcan.accounts.http import AuthenticatedHttpRequest
from tiepcan.accounts.permissions import grants_for
from tiepcan.accounts.session import current_active_unit
from tiepcan.assessments.choices import Status
from tiepcan.assessments.models import Assessment, AssessmentPeriod
from tiepcan.core.scoping import get_for_user_or_404
from tiepcan.core.shortcuts import flash_errors, require_action
from tiepcan.core.templatetags.tc import vn_number
from tiepcan.plans.models import BudgetAllocation, BudgetEstimate, Plan, Task
from tiepcan.reports import aggregates, maps, results
from tiepcan.reports import dashboard_data as data
from tiepcan.reports.charts import Chart, Series
from tiepcan.reports.forms import BoundaryImportForm, MinistryReportForm
from tiepcan.reports.models import BoundaryFile, MinistryReport, ResultSummary, ResultsVersion
from tiepcan.reports.summaries import bump
from tiepcan.units.choices import UnitLevel
from tiepcan.units.models import Unit
from tiepcan.workdays.models import CalendarDay

STEP_LABELS = {
    "total": gettext_lazy("Tổng số xã"),
    Status.APPROVED: gettext_lazy("Chủ tịch đã duyệt"),
    Status.POSTED: gettext_lazy("Đã niêm yết"),
    Status.SUBMITTED: gettext_lazy("Đã gửi hồ sơ"),
    Status.FORWARDED: gettext_lazy("Đã chuyển Hội đồng"),
    Status.RECOMMENDED: gettext_lazy("Được đề nghị công nhận"),
    Status.RECOGNISED: gettext_lazy("Được công nhận"),
}
CACHE_SECONDS = 6 * 3600  # a version never changes meaning: old keys just age out
CACHE_LAYOUT = 2  # bumped when what a cached part holds changes shape

# The map of 30/6/2025 is the oldest the unit packages carry (DOMAIN.md §3): results before the
# 2019–2021 mergers sit on the communes that absorbed the merged ones.
MERGER_GAP_YEARS = range(2017, 2022)


def _provinces(request: HttpRequest, action: str) -> list[Unit]:
    """The provinces whose data the person reads with ``action``: those of their scope (the province
    above a district or commune role too, whose pages then show only that part)."""
    grants = grants_for(request.user)
    if grants.is_global(action):
        return list(
            Unit.objects.filter(level=UnitLevel.PROVINCE, valid_to__isnull=True).order_by("name_sort")
        )
    ids = {int(prefix.strip("/").split("/")[0]) for prefix in grants.prefixes(action)}
    return list(Unit.objects.filter(pk__in=ids, level=UnitLevel.PROVINCE).order_by("name_sort"))


def _pick_province(request: HttpRequest, provinces: list[Unit]) -> Unit | None:
    wanted = request.GET.get("tinh", "")
    chosen = next((p for p in provinces if str(p.pk) == wanted), None)
    if chosen is None:
        active = current_active_unit(request)
        if active is not None:
            first = active.ancestor_ids()[0] if active.path else None
            chosen = next((p for p in provinces if p.pk == first), None)
    if chosen is None and provinces:
        with_period = set(
            AssessmentPeriod.objects.filter(province__in=provinces).values_list("province_id", flat=True)[:50]
        )
        chosen = next((p for p in provinces if p.pk in with_period), provinces[0])
    return chosen


@require_action(Action.VIEW_ASSESSMENTS)
def province_dashboard(request: HttpRequest) -> HttpResponse:
    user = request.user
    provinces = _provinces(request, Action.VIEW_ASSESSMENTS)
    province = _pick_province(request, provinces)
    if province is None:
        raise Http404
    # A province's periods are read (``view``) by every role below it: a commune officer's
    # ``view_assessments`` is held at the commune, not at the province the periods belong to; the
    # figures shown in them are scoped by ``view_assessments`` below.
    periods = list(
        AssessmentPeriod.objects.for_user(user, Action.VIEW)
        .filter(province=province)
        .defer("framework__definition")
        .select_related("framework")
        .only(
            "id",
            "year",
            "status",
            "title",
            "dossier_due",
            "review_due",
            "council_due",
            "recognition_due",
            "self_assessment_due",
            "province_id",
            "framework__code",
            "framework__version",
            "framework__title",
            "framework__checksum",  # the key of the deadline rules decoded once per process
        )
        .order_by("year")
    )
    for p in periods:
        p.province = province  # the not-sent list's areas start from it: not read again
    today = timezone.localdate()
    open_period = next((p for p in reversed(periods) if p.status == "open"), None)
    closed = [p for p in periods if p.status != "open"]
    wanted_year = request.GET.get("nam", "")
    period = next((p for p in periods if str(p.year) == wanted_year), None) or (
        closed[-1] if closed else open_period
    )
    assessments = Assessment.objects.for_user(user, Action.VIEW_ASSESSMENTS)
    context: dict[str, Any] = {
        "province": province,
        "provinces": provinces,
        "periods": periods,
        "period": period,
        "open_period": open_period,
        "today": today,
    }
    charts: dict[str, Chart] = {}
    if open_period is not None:
        in_open = assessments.filter(period=open_period)
        context["not_sent"] = data.not_sent(in_open, open_period)
        context["not_sent_rows"] = data.not_sent_html(context["not_sent"])
        steps = data.funnel(in_open, open_period, today)
        charts["funnel"] = Chart(
            "pheu",
            _("Kỳ %(y)s: số xã đã qua từng bước") % {"y": open_period.year},
            [str(STEP_LABELS[s.key]) for s in steps],
            [
                Series(_("Đã qua bước"), [s.reached for s in steps]),
                Series(_("Trễ hạn, chưa qua bước"), [s.late for s in steps], "#D55E00"),
            ],
            kind="hbar",
            label_heading=_("Bước"),
        )
    summaries = ResultSummary.objects.for_user(user, Action.VIEW_ASSESSMENTS)
    boundary = (
        BoundaryFile.objects.for_user(user, Action.VIEW)
        .filter(province=province)
        .only("id", "feature_count")
        .first()
        if period is not None
        else None
    )
    grants = grants_for(user)
    can_import = grants.allows(Action.MANAGE_UNITS, province)

    def build() -> dict[str, Any]:
        part_charts, part = _results_part(summaries, province, period, closed, boundary)
        part.update(period=period, province=province, charts=part_charts, can_import_boundaries=can_import)
        return {
            "results_html": render_to_string("reports/_dashboard_province_results.html", part),
            "has_trend": bool(part.get("trend")),
        }

    part = _cached_results(user, province, period, closed, boundary, can_import, build)
    context["results_html"] = mark_safe(part["results_html"])  # noqa: S308 - our template's output
    context["has_trend"] = part["has_trend"]
    if grants.allows(Action.VIEW, province):
        plan = (
            Plan.objects.for_user(user, Action.VIEW)
            .filter(province=province, status="published")
            .order_by("-start_year", "-id")
            .only("id", "title", "number", "start_year", "end_year")
            .first()
        )
        if plan is not None:
            by_activity, by_agency = data.plan_progress(
                Task.objects.for_user(user, Action.VIEW).filter(activity__plan=plan)
            )
            context["plan"] = plan
            charts["plan_activity"] = Chart(
                "ke-hoach-hoat-dong",
                _("Tiến độ kế hoạch theo hoạt động (bình quân % các nhiệm vụ)"),
                [f"{_activity_code(r)} {r['activity__title']}" for r in by_activity],
                [Series(_("Tiến độ bình quân"), [round(r["progress"] or 0, 1) for r in by_activity])],
                kind="hbar",
                unit="%",
                label_heading=_("Hoạt động"),
                chart_labels=[_activity_code(r) for r in by_activity],
            )
            charts["plan_agency"] = Chart(
                "ke-hoach-co-quan",
                _("Nhiệm vụ kế hoạch theo cơ quan"),
                [r["agency__name"] for r in by_agency],
                [
                    Series(_("Hoàn thành"), [r["done"] for r in by_agency], "#009E73"),
                    Series(
                        _("Chưa hoàn thành"),
                        [r["total"] - r["done"] - r["overdue"] for r in by_agency],
                        "#0072B2",
                    ),
                    Series(_("Quá hạn"), [r["overdue"] for r in by_agency], "#D55E00"),
                ],
                kind="stacked",
                label_heading=_("Cơ quan"),
            )
        budget = data.budget_by_year(
            BudgetEstimate.objects.for_user(user, Action.VIEW).filter(plan__province=province),
            BudgetAllocation.objects.for_user(user, Action.VIEW).filter(estimate__plan__province=province),
        )
        charts["budget"] = Chart(
            "kinh-phi",
            _("Kinh phí theo năm (đồng)"),
            [str(r["year"]) for r in budget],
            [
                Series(_("Đề nghị"), [r["requested"] for r in budget]),
                Series(_("Được duyệt"), [r["approved"] for r in budget]),
                Series(_("Đã cấp"), [r["allocated"] for r in budget]),
            ],
            unit="đ",
            label_heading=_("Năm"),
            places=0,
        )
    reports = list(
        MinistryReport.objects.for_user(user, Action.VIEW).filter(province=province).order_by("-year")
    )
    dues = data.ministry_deadlines(r.year for r in reports)
    context["ministry_reports"] = [(r, r.sent_on > dues[r.year]) for r in reports]
    if grants.allows(Action.MANAGE_PERIODS, province):
        context["ministry_form"] = MinistryReportForm(
            initial={"year": (period.year if period else today.year - 1)}
        )
    context["charts"] = charts
    return render(request, "reports/dashboard_province.html", context)


def _results_part(
    summaries: Any,
    province: Unit,
    period: AssessmentPeriod | None,
    closed: list[AssessmentPeriod],
    boundary: Any,
) -> tuple[dict[str, Chart], dict[str, Any]]:
    """The parts read from the result summary rows: the year's shares, weakest criteria and
    indicators, the map, and the trend."""
    charts: dict[str, Chart] = {}
    context: dict[str, Any] = {}
    if period is not None:
        year = period.year
        by_area = aggregates.shares(summaries, "district", province=province, year=year)
        area_series = [
            Series(_("Tỷ lệ được công nhận"), [_float(r["share"]) for r in by_area]),
            Series(_("Số xã"), [r["communes"] for r in by_area], "#6c757d"),
        ]
        area_note = ""
        if any(r["shared"] for r in by_area):
            # aggregates.DISTRICT_RULE: what a provincial justice officer reads in a district's row is
            # every commune whose territory lies (wholly or partly) in that former district.
            area_series.append(
                Series(_("Trong đó xã gồm nhiều huyện cũ"), [r["shared"] for r in by_area], "#6c757d")
            )
            area_note = _(
                "Xã, phường hình thành từ ngày 01/7/2025 được tính vào mỗi huyện cũ có xã (toàn bộ hoặc "
                "một phần) đã nhập vào nó, qua mọi lần sắp xếp đã ghi nhận; vì vậy cộng các huyện có thể "
                "lớn hơn tổng số xã của tỉnh (cột “Trong đó xã gồm nhiều huyện cũ”)."
            )
        elif year >= 2025:
            area_note = _(
                "Xã, phường hình thành từ ngày 01/7/2025 được tính vào mỗi huyện cũ có xã đã nhập vào nó."
            )
        charts["area"] = Chart(
            "dia-ban",
            _("Năm %(y)s: tỷ lệ xã được công nhận theo địa bàn (huyện cũ)") % {"y": year},
            [r["district_name"] or _("(không rõ huyện cũ)") for r in by_area],
            area_series,
            kind="hbar",
            unit="%",
            label_heading=_("Địa bàn"),
            drawn=1,
            note=area_note,
        )
        if year < 2025:  # since the merger a commune is its own current commune: nothing to show
            by_current = aggregates.shares(summaries, "current_unit", province=province, year=year)
            charts["current"] = Chart(
                "xa-moi",
                _("Năm %(y)s: tỷ lệ xã được công nhận theo xã, phường hiện nay (các xã cũ đã nhập vào)")
                % {"y": year},
                [r["current_unit_name"] or _("(chưa rõ)") for r in by_current],
                [
                    Series(_("Tỷ lệ được công nhận"), [_float(r["share"]) for r in by_current]),
                    Series(_("Số xã cũ"), [r["communes"] for r in by_current], "#6c757d"),
                ],
                kind="table",
                label_heading=_("Xã, phường hiện nay"),
            )
        by_kind = aggregates.shares(summaries, "kind", province=province, year=year)
        charts["kind"] = Chart(
            "loai",
            _("Năm %(y)s: tỷ lệ được công nhận theo loại đơn vị") % {"y": year},
            [r["kind_label"] for r in by_kind],
            [Series(_("Tỷ lệ được công nhận"), [_float(r["share"]) for r in by_kind])],
            unit="%",
            label_heading=_("Loại đơn vị"),
        )
        weak_criteria, weak_indicators = results.weakest(summaries, province, year)
        charts["weak_criteria"] = Chart(
            "tieu-chi-yeu",
            _("Năm %(y)s: tỷ lệ xã đạt từng tiêu chí (thấp nhất trước)") % {"y": year},
            [f"{c.code} {c.title}" for c in weak_criteria],
            [Series(_("Tỷ lệ xã đạt"), [c.percent for c in weak_criteria])],
            kind="hbar",
            unit="%",
            label_heading=_("Tiêu chí"),
            chart_labels=[c.code for c in weak_criteria],
        )
        charts["weak_indicators"] = Chart(
            "chi-tieu-yeu",
            _("Năm %(y)s: các chỉ tiêu nhiều xã không đạt nhất") % {"y": year},
            [f"{i.code} {i.title}" for i in weak_indicators],
            [Series(_("Tỷ lệ xã không đạt"), [i.percent for i in weak_indicators], "#D55E00")],
            kind="hbar",
            unit="%",
            label_heading=_("Chỉ tiêu"),
            chart_labels=[i.code for i in weak_indicators],
        )
        context["result_map"] = maps.ResultMap(
            "ket-qua",
            _("Bản đồ kết quả năm %(y)s") % {"y": year},
            year,
            points=maps.points(summaries.filter(province=province, year=year)),
            boundaries_url=reverse("dashboards:boundary_geojson", args=[province.pk]) if boundary else "",
            commune_url=reverse("units:unit_detail", args=[0]),
            file_name=f"ban-do-{year}",
            note=(
                _("Ranh giới %(n)s xã, phường do quản trị viên nhập.") % {"n": boundary.feature_count}
                if boundary
                else _(
                    "Mỗi điểm là trụ sở một xã, phường theo tọa độ đã nhập; đường nét đứt bao quanh các điểm "
                    "(chưa nhập ranh giới)."
                )
            ),
        )
        if year < 2025:
            context["result_map"].note = " ".join(
                [
                    str(context["result_map"].note),
                    _(
                        "Các xã trước ngày 01/7/2025 chưa có tọa độ riêng được vẽ tại vị trí của xã mới đã tiếp nhận chúng."
                    ),
                ]
            )
    trend = results.trend(summaries, province, [p.year for p in closed])
    if trend.years:
        years = [str(y) for y in trend.years]
        charts["trend"] = Chart(
            "xu-huong",
            _("Tỷ lệ xã được công nhận qua các năm"),
            years,
            [
                Series(_("Tỷ lệ được công nhận"), [trend.overall.get(y) for y in trend.years]),
                Series(_("Số xã được đánh giá"), [trend.counts[y][1] for y in trend.years], "#6c757d"),
            ],
            kind="line",
            unit="%",
            label_heading=_("Năm"),
            drawn=1,
        )
        charts["trend_criteria"] = Chart(
            "xu-huong-tieu-chi",
            _("Tỷ lệ xã đạt từng tiêu chí qua các năm (theo bảng đối chiếu giữa các bộ tiêu chí)"),
            years,
            [Series(line.label, [line.values.get(y) for y in trend.years]) for line in trend.criteria],
            kind="line",
            unit="%",
            label_heading=_("Năm"),
            note=trend.criteria_note,
        )
        if trend.indicators:
            charts["trend_indicators"] = Chart(
                "xu-huong-chi-tieu",
                _("Chỉ tiêu tương đương qua các thế hệ bộ tiêu chí: tỷ lệ xã đạt"),
                years,
                [Series(line.label, [line.values.get(y) for y in trend.years]) for line in trend.indicators],
                kind="line",
                unit="%",
                label_heading=_("Năm"),
                note=trend.indicators_note,
            )
        context["trend"] = trend
        context["merger_gap"] = any(y in MERGER_GAP_YEARS for y in trend.years)
    return charts, context


def _cached_results(
    user: Any,
    province: Unit,
    period: AssessmentPeriod | None,
    closed: list[AssessmentPeriod],
    boundary: Any,
    can_import: bool,
    build: Callable[[], dict[str, Any]],
) -> dict[str, Any]:
    """``build()`` (the results sections' HTML) cached under the province's results version (bumped
    by the services in the transaction of every change to one of its result rows, so right after a
    decision it is built afresh), the year (its period, status and framework), the closed years, the
    person's scope, whether they may import boundaries, the boundaries and the language: one small
    query when warm."""
    grants = grants_for(user)
    action = Action.VIEW_ASSESSMENTS
    scope = "*" if grants.is_global(action) else ",".join(sorted(grants.prefixes(action)))
    version = ResultsVersion.objects.filter(province=province).values_list("version", flat=True).first() or 0
    params = (
        province.pk,
        version,
        (period.pk, period.year, period.status, period.framework.checksum, period.framework.title)
        if period
        else None,
        tuple(p.year for p in closed),
        can_import,
        scope,
        (boundary.pk, boundary.feature_count) if boundary else None,
        get_language(),
    )
    key = f"dashboard:{CACHE_LAYOUT}:province:{hashlib.sha256(repr(params).encode()).hexdigest()[:24]}"
    found = cache.get(key)
    if found is None:
        found = build()
        cache.set(key, found, CACHE_SECONDS)
    return found


def _activity_code(row: dict[str, Any]) -> str:
    """ "II.3": the activity's number under its group, as the plan numbers it."""
    group = row.get("activity__group__number") or ""
    return f"{group}.{row['activity__number']}" if group else str(row["activity__number"])


def _float(value: Any) -> float | None:
    return float(value) if value is not None else None


def _current_year() -> int:
    return timezone.localdate().year


@require_action(Action.VIEW_NATIONAL)
def national_dashboard(request: HttpRequest) -> HttpResponse:
    """Every province's share per year and its reports to the Ministry: aggregates only.

    The body is cached as HTML under the sum of the provinces' results versions (bumped in the
    transaction of every decision and revocation), the provinces' reports to the Ministry (their
    number and latest change), the current year and the language: warm, one small statement."""
    # A year's results are complete after its recognition decisions, in the next January: the
    # current year is left out so no province looks like 0 % while it is still assessing.
    year = _current_year()
    params = (_national_stamp(), year, get_language())
    key = f"dashboard:{CACHE_LAYOUT}:national:{hashlib.sha256(repr(params).encode()).hexdigest()[:24]}"
    body = cache.get(key)
    if body is None:
        body = render_to_string("reports/_dashboard_national_body.html", _national_context(year))
        cache.set(key, body, CACHE_SECONDS)
    return render(request, "reports/dashboard_national.html", {"body": mark_safe(body)})  # noqa: S308 - our template's output


def _national_stamp() -> tuple[Any, ...]:
    """What the national dashboard's body depends on besides the year: one constant statement."""
    versions = ResultsVersion._meta.db_table
    reports = MinistryReport._meta.db_table
    days = CalendarDay._meta.db_table  # the working calendar moves a report's last day off a holiday
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT (SELECT SUM(version) FROM {versions}), (SELECT COUNT(*) FROM {reports}), "  # noqa: S608
            f"(SELECT MAX(updated_at) FROM {reports}), (SELECT COUNT(*) FROM {days}), "
            f"(SELECT MAX(updated_at) FROM {days})"
        )
        row = cursor.fetchone()
    return tuple(str(value) for value in row) if row else ()


def _national_context(year: int) -> dict[str, Any]:
    """The national dashboard's body: aggregates only (counts per province and year; no row itself)."""
    table = data.province_years(year)
    sent = data.ministry_report_counts(year)
    years = table.years
    rows = []
    for province in table.provinces:
        cells = [table.cells.get((province.pk, y)) for y in years]
        if province.valid_to is not None and not any(cells):
            continue
        rows.append((province, cells))
    charts = {
        "national": Chart(
            "toan-quoc",
            _("Cả nước: tỷ lệ xã đạt chuẩn theo năm"),
            [str(y) for y in years],
            [Series(_("Tỷ lệ đạt chuẩn"), [table.national[y].percent for y in years])],
            kind="line",
            unit="%",
            label_heading=_("Năm"),
        ),
    }
    report_rows: list[dict[str, Any]] = []
    dues = data.ministry_deadlines(years)  # one read of the working calendar
    for report_year in years:
        on_time, late = sent.get(report_year, (0, 0))
        expected = sum(1 for p, _cells in rows if table.cells.get((p.pk, report_year)))
        report_rows.append(
            {
                "year": report_year,
                "due": dues[report_year],
                "expected": expected,
                "on_time": on_time,
                "late": late,
                "missing": max(expected - on_time - late, 0),
            }
        )
    charts["reports"] = Chart(
        "bao-cao-bo",
        _("Báo cáo kết quả của các tỉnh gửi Bộ Tư pháp (hạn trước ngày 20/02 năm sau)"),
        [str(r["year"]) for r in report_rows],
        [
            Series(_("Đúng hạn"), [r["on_time"] for r in report_rows], "#009E73"),
            Series(_("Trễ hạn"), [r["late"] for r in report_rows], "#D55E00"),
            Series(_("Chưa nhận"), [r["missing"] for r in report_rows], "#6c757d"),
        ],
        kind="stacked",
        label_heading=_("Năm đánh giá"),
    )
    latest = years[-1] if years else None
    if latest is not None:
        ranked = sorted(
            [(p, share) for p, _c in rows if (share := table.cells.get((p.pk, latest)))],
            key=lambda item: item[1].percent or 0,
        )
        charts["latest"] = Chart(
            "theo-tinh",
            _("Năm %(y)s: tỷ lệ xã đạt chuẩn theo tỉnh") % {"y": latest},
            [p.name for p, _s in ranked],
            [Series(_("Tỷ lệ đạt chuẩn"), [s.percent for _p, s in ranked])],
            kind="hbar",
            unit="%",
            label_heading=_("Tỉnh"),
        )
    return {
        "years": years,
        "rows": rows,
        "table_rows": _province_year_rows(rows),
        "charts": charts,
        "report_rows": report_rows,
        "merger_gap": any(y in MERGER_GAP_YEARS for y in years),
    }


def _province_year_rows(rows: list[tuple[data.ProvinceRow, list[Any]]]) -> SafeString:
    """The province × year table's rows (about 100 provinces × the years), written here once per
    cell rather than by the template engine's tags and filters per cell."""
    former = format_html(' <span class="small text-muted">({})</span>', _("trước sắp xếp"))
    html = []
    for province, cells in rows:
        html.append(
            format_html(
                '<tr><th scope="row" class="fw-normal">{}{}</th>',
                province.name,
                former if province.valid_to else "",
            )
        )
        for cell in cells:
            if cell:
                percent = cell.percent
                html.append(
                    format_html(
                        '<td class="text-end" data-value="{}">{} %<br><span class="small text-muted">{}/{}</span></td>',
                        "" if percent is None else localize(percent),
                        vn_number(percent, 1),
                        cell.recognised,
                        cell.total,
                    )
                )
            else:
                html.append(mark_safe('<td class="text-end" data-value="">–</td>'))
        html.append(mark_safe("</tr>"))
    return mark_safe("".join(html))  # noqa: S308 - every part escaped above


@require_action(Action.MANAGE_PERIODS)
@require_POST
def ministry_report_record(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The province records that it sent a year's report to the Ministry (number and date)."""
    province = get_for_user_or_404(
        Unit.objects.filter(level=UnitLevel.PROVINCE), request.user, Action.MANAGE_PERIODS, pk=pk
    )
    form = MinistryReportForm(request.POST)
    if form.is_valid():
        with transaction.atomic():
            MinistryReport.objects.update_or_create(
                province=province,
                year=form.cleaned_data["year"],
                defaults={
                    "sent_on": form.cleaned_data["sent_on"],
                    "number": form.cleaned_data["number"].strip(),
                    "note": form.cleaned_data["note"].strip(),
                    "recorded_by": request.user,
                },
            )
        messages.success(
            request, _("Đã ghi báo cáo gửi Bộ Tư pháp năm %(y)s.") % {"y": form.cleaned_data["year"]}
        )
    else:
        flash_errors(request, form)
    return redirect(f"{_province_url()}?tinh={province.pk}#bao-cao-bo")


def _province_url() -> str:
    return reverse("dashboards:province")


@require_action(Action.MANAGE_UNITS)
def boundary_import(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """An administrator imports the communes' boundaries (GeoJSON) for the map."""
    province = get_for_user_or_404(
        Unit.objects.filter(level=UnitLevel.PROVINCE), request.user, Action.MANAGE_UNITS, pk=pk
    )
    form = BoundaryImportForm(request.POST or None, request.FILES or None, province=province)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            BoundaryFile.objects.update_or_create(
                province=province,
                defaults={
                    "geojson": form.cleaned_data["geojson"],
                    "feature_count": len(form.cleaned_data["geojson"]["features"]),
                    "file_name": form.cleaned_data["file"].name[:255],
                    "imported_by": request.user,
                },
            )
            bump([province.pk])  # the portal's cached pages then offer the boundaries
        messages.success(
            request,
            _("Đã nhập ranh giới của %(n)s xã, phường.")
            % {"n": len(form.cleaned_data["geojson"]["features"])},
        )
        return redirect(f"{_province_url()}?tinh={province.pk}#ban-do")
    return render(request, "reports/boundary_import.html", {"province": province, "form": form})


@require_action(Action.VIEW_ASSESSMENTS)
def boundary_geojson(request: HttpRequest, pk: int) -> HttpResponse:
    """The imported boundaries as GeoJSON, for the map's script (same origin, signed in)."""
    province = get_for_user_or_404(
        Unit.objects.filter(level=UnitLevel.PROVINCE), request.user, Action.VIEW_ASSESSMENTS, pk=pk
    )
    boundary = (
        BoundaryFile.objects.for_user(request.user, Action.VIEW_ASSESSMENTS).filter(province=province).first()
    )
    if boundary is None:
        raise Http404
    response = JsonResponse(boundary.geojson, json_dumps_params={"ensure_ascii": False})
    response["Content-Type"] = "application/geo+json"
    return response
