"""The plan's periodic report (seed plan §III.4), drafted from the data: a .docx and its .xlsx tables.

Districts — and since 1/7/2025 communes — report to the province every six months and every
year, and the province reports to the Ministry of Justice. The officer downloads the draft,
completes what only people know (difficulties, proposals), and sends the edited file through
the report request it answers (``plans:report_submit``).

:func:`collect` reads everything in a fixed number of queries (one per table), scoped to the
person: the plan's tasks of the year by activity and agency, the assessment results from the
summary rows (``reports.aggregates``), the pilot communes, the inspections, the awards and the
budget. :func:`report_docx` lays it out as Decree 30/2020/NĐ-CP does for a report (issuing
body and national motto, number, place and date, "BÁO CÁO", sections, recipients, signer);
:func:`report_xlsx` gives the same tables, one sheet each, with Vietnamese headers.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from io import BytesIO
from typing import Any

from django.db.models import Count, Q, Sum
from django.utils import timezone
from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Pt
from openpyxl import Workbook
from openpyxl.styles import Font

from tiepcan.accounts.choices import Action
from tiepcan.assessments.documents import FONT, _cell, _paragraph, vn_date
from tiepcan.assessments.dossier import spreadsheet_safe
from tiepcan.lib.money import group_vnd
from tiepcan.plans.choices import ReportPeriod, TaskStatus
from tiepcan.plans.models import (
    Award,
    BudgetAllocation,
    BudgetEstimate,
    Inspection,
    PilotCommune,
    ReportRequest,
    Task,
)
from tiepcan.reports import aggregates
from tiepcan.reports.models import ResultSummary


@dataclass
class Table:
    title: str
    headers: list[str]
    rows: list[list[Any]] = field(default_factory=list)
    money: tuple[int, ...] = ()  # columns in đồng
    note: str = ""  # read under the table


@dataclass
class PeriodicReport:
    request: ReportRequest
    issuer: str
    starts: date
    ends: date
    span: str
    tables: dict[str, Table]
    totals: dict[str, Any]


def span_of(report_request: ReportRequest) -> tuple[date, date, str]:
    """The months the report covers: the first half-year, or the whole year (an ad hoc one: to today)."""
    year = report_request.year
    if report_request.period == ReportPeriod.HALF_YEAR:
        return date(year, 1, 1), date(year, 6, 30), f"6 tháng đầu năm {year}"
    if report_request.period == ReportPeriod.YEAR:
        return date(year, 1, 1), date(year, 12, 31), f"năm {year}"
    return (
        date(year, 1, 1),
        min(timezone.localdate(), date(year, 12, 31)),
        f"năm {year} (đến thời điểm báo cáo)",
    )


STATUS_TEXT = {value: str(label) for value, label in TaskStatus.choices}


def collect(report_request: ReportRequest, user: Any, agency: Any = None) -> PeriodicReport:
    """Every table of the report, from the data the person may read."""
    plan = report_request.plan
    starts, ends, span = span_of(report_request)
    year = report_request.year
    tasks = Task.objects.for_user(user, Action.VIEW).filter(activity__plan=plan, year=year)
    # A district or commune reports on its own tasks and on its own area, whoever drafts it: the
    # province administrator's (or an officer of several communes') scope is wider than the report's.
    area = agency.unit.path if agency is not None and agency.unit_id != plan.province_id else None
    if area is not None:
        tasks = tasks.filter(agency=agency)
    progress = Table(
        "Tiến độ theo hoạt động và cơ quan",
        ["Hoạt động", "Nội dung", "Cơ quan chủ trì", "Hạn", "Trạng thái", "Tiến độ (%)", "Ngày hoàn thành"],
    )
    for task in tasks.select_related("activity__group", "agency").order_by(
        "activity__group__order", "activity__number", "agency__name_sort", "due_on"
    ):
        progress.rows.append(
            [
                f"II.{task.activity.group.number}.{task.activity.number}",
                task.activity.title,
                task.agency.name,
                task.due_on,
                STATUS_TEXT.get(task.status, task.status),
                task.progress,
                task.completed_on,
            ]
        )
    task_totals = tasks.aggregate(
        total=Count("id"),
        done=Count("id", filter=Q(status=TaskStatus.DONE)),
        overdue=Count(
            "id", filter=Q(due_on__lt=ends) & ~Q(status__in=[TaskStatus.DONE, TaskStatus.CANCELLED])
        ),
    )

    results_rows = ResultSummary.objects.for_user(user, "view")
    if area is not None:
        results_rows = results_rows.filter(unit__path__startswith=area)
    by_area = aggregates.shares(results_rows, ("district",), year=year - 1, province=plan.province_id)
    results = Table(
        f"Kết quả đánh giá, công nhận năm {year - 1}",
        [
            "Khu vực (huyện cũ)",
            "Số xã có kết quả",
            "Đạt điểm theo bộ tiêu chí",
            "Được công nhận",
            "Tỷ lệ (%)",
        ],
    )
    # aggregates.DISTRICT_RULE: a commune formed on 1/7/2025 from communes of several former
    # districts counts in each of them; say so, in the dashboard's words (reports/dashboards.py).
    shared = any(row["shared"] for row in by_area)
    if shared:
        results.headers.append("Trong đó xã gồm nhiều huyện cũ")
        results.note = (
            "Xã, phường hình thành từ ngày 01/7/2025 được tính vào mỗi huyện cũ có xã (toàn bộ hoặc "
            "một phần) đã nhập vào nó, qua mọi lần sắp xếp đã ghi nhận; vì vậy cộng các huyện có thể "
            "lớn hơn tổng số xã của tỉnh (cột “Trong đó xã gồm nhiều huyện cũ”)."
        )
    elif year - 1 >= 2025:
        results.note = (
            "Xã, phường hình thành từ ngày 01/7/2025 được tính vào mỗi huyện cũ có xã đã nhập vào nó."
        )
    for row in by_area:
        results.rows.append(
            [
                row.get("district_name") or "—",
                row["communes"],
                row["met"],
                row["recognised"],
                row["share"],
                *([row["shared"]] if shared else []),
            ]
        )
    result_totals = aggregates.totals(results_rows, year=year - 1, province=plan.province_id)

    pilots = Table("Xã điểm chỉ đạo", ["Năm", "Xã", "Mô hình", "Mục tiêu", "Kết quả"])
    pilot_rows = PilotCommune.objects.for_user(user, Action.VIEW).filter(plan=plan, year=year)
    if area is not None:
        pilot_rows = pilot_rows.filter(commune__path__startswith=area)
    for pilot in pilot_rows.select_related("commune"):
        pilots.rows.append([pilot.year, pilot.commune.name, pilot.model_name, pilot.targets, pilot.results])

    inspections = Table(
        "Kiểm tra, giám sát", ["Ngày", "Hình thức", "Cơ quan kiểm tra", "Kết quả, phát hiện", "Kiến nghị"]
    )
    inspection_rows = Inspection.objects.for_user(user, Action.VIEW).filter(
        plan=plan, held_on__gte=starts, held_on__lte=ends
    )
    if area is not None:  # the area's own inspections: of its units, or made by the agency itself
        # (the through table narrows the person's scoped inspections above; it reads nothing of its own)
        inspection_rows = inspection_rows.filter(
            Q(
                pk__in=Inspection.units.through.objects.filter(unit__path__startswith=area).values(
                    "inspection_id"
                )
            )
            | Q(inspecting_agency=agency)
        )
    for inspection in inspection_rows.select_related("inspecting_agency").order_by("held_on"):
        inspections.rows.append(
            [
                inspection.held_on,
                inspection.get_kind_display(),
                inspection.inspecting_agency.name,
                inspection.findings,
                inspection.recommendations,
            ]
        )

    awards = Table(
        "Khen thưởng", ["Tập thể, cá nhân", "Hình thức", "Cấp quyết định", "Số quyết định", "Ngày"]
    )
    award_rows = Award.objects.for_user(user, Action.VIEW).filter(
        conference__plan=plan, conference__year=year
    )
    if area is not None:
        award_rows = award_rows.filter(unit__path__startswith=area)
    for award in award_rows.order_by("decided_on", "id"):
        awards.rows.append(
            [award.awardee, award.form, award.deciding_body, award.decision_number, award.decided_on]
        )

    estimates = BudgetEstimate.objects.for_user(user, Action.VIEW).filter(plan=plan, year=year)
    if area is not None:
        estimates = estimates.filter(agency=agency)
    allocated = dict(
        BudgetAllocation.objects.filter(estimate__in=estimates.values("pk"))
        .values("estimate__agency__name")
        .annotate(total=Sum("amount"))
        .values_list("estimate__agency__name", "total")
    )
    budget = Table("Kinh phí (đồng)", ["Cơ quan", "Đề nghị", "Được duyệt", "Đã cấp"], money=(1, 2, 3))
    for row in (
        estimates.values("agency__name")
        .annotate(requested=Sum("requested"), approved=Sum("approved"))
        .order_by("agency__name")
    ):
        budget.rows.append(
            [
                row["agency__name"],
                row["requested"] or 0,
                row["approved"] or 0,
                allocated.get(row["agency__name"]) or 0,
            ]
        )

    issuer = agency.name if agency is not None else plan.province.name
    return PeriodicReport(
        report_request,
        issuer,
        starts,
        ends,
        span,
        {
            "progress": progress,
            "results": results,
            "pilots": pilots,
            "inspections": inspections,
            "awards": awards,
            "budget": budget,
        },
        {"tasks": task_totals, "results": result_totals},
    )


def _text(value: Any) -> str:
    if value is None or value == "":
        return ""
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    return str(value)


def report_docx(report: PeriodicReport) -> bytes:
    """The editable draft, in the Decree 30/2020 layout (A4, Times New Roman 14)."""
    document = Document()
    section = document.sections[0]
    section.page_height, section.page_width = Cm(29.7), Cm(21)
    section.top_margin, section.bottom_margin = Cm(2), Cm(2)
    section.left_margin, section.right_margin = Cm(3), Cm(2)
    style = document.styles["Normal"]
    style.font.name, style.font.size = FONT, Pt(14)
    plan = report.request.plan
    place = plan.province.name.removeprefix("Tỉnh ").removeprefix("Thành phố ")
    header = document.add_table(rows=1, cols=2)
    header.alignment = WD_TABLE_ALIGNMENT.CENTER
    _cell(
        header.rows[0].cells[0],
        [(report.issuer.upper(), True, False), ("", False, False), ("Số:        /BC-", False, False)],
    )
    _cell(
        header.rows[0].cells[1],
        [
            ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", True, False),
            ("Độc lập - Tự do - Hạnh phúc", True, False),
            ("", False, False),
            (f"{place}, {vn_date(timezone.localdate())}", False, True),
        ],
    )
    _paragraph(document, "")
    _paragraph(document, "BÁO CÁO", bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, space_after=0)
    _paragraph(
        document,
        f"Kết quả thực hiện {plan.title} {report.span}",
        bold=True,
        align=WD_ALIGN_PARAGRAPH.CENTER,
    )
    _paragraph(document, f"Thực hiện {report.request.title}, {report.issuer} báo cáo như sau:")

    tasks, results = report.totals["tasks"], report.totals["results"]
    _paragraph(document, "I. KẾT QUẢ THỰC HIỆN", bold=True)
    _paragraph(
        document,
        f"Trong {report.span}, có {tasks['total']} nhiệm vụ theo kế hoạch; đã hoàn thành {tasks['done']}; "
        f"{tasks['overdue']} nhiệm vụ chưa hoàn thành đúng hạn (chi tiết tại Phụ lục, Biểu 01).",
        lead="1. Tiến độ thực hiện các hoạt động.",
    )
    share = results.get("share")
    _paragraph(
        document,
        f"Năm {report.request.year - 1}: {results['communes']} xã, phường có kết quả đánh giá; "
        f"{results['recognised']} được công nhận đạt chuẩn tiếp cận pháp luật"
        + (f" (tỷ lệ {str(share).replace('.', ',')}%)" if share is not None else "")
        + " (Biểu 02).",
        lead="2. Kết quả đánh giá, công nhận.",
    )
    counts = [
        ("3. Xây dựng xã điểm.", "pilots", "xã điểm chỉ đạo (Biểu 03)."),
        ("4. Kiểm tra, giám sát.", "inspections", "đợt kiểm tra, giám sát (Biểu 04)."),
        ("5. Khen thưởng.", "awards", "tập thể, cá nhân được khen thưởng (Biểu 05)."),
    ]
    for lead, key, text in counts:
        _paragraph(document, f"{len(report.tables[key].rows)} {text}", lead=lead)
    budget = report.tables["budget"]
    requested = sum(row[1] for row in budget.rows)
    approved = sum(row[2] for row in budget.rows)
    allocated = sum(row[3] for row in budget.rows)
    _paragraph(
        document,
        f"Đề nghị {group_vnd(requested)} đồng; được duyệt {group_vnd(approved)} đồng; "
        f"đã cấp {group_vnd(allocated)} đồng (Biểu 06).",
        lead="6. Kinh phí.",
    )
    _paragraph(document, "II. KHÓ KHĂN, VƯỚNG MẮC VÀ NGUYÊN NHÂN", bold=True)
    _paragraph(document, "[Cơ quan bổ sung nội dung]", italic=True)
    _paragraph(document, "III. PHƯƠNG HƯỚNG, NHIỆM VỤ THỜI GIAN TỚI", bold=True)
    _paragraph(document, "[Cơ quan bổ sung nội dung]", italic=True)
    _paragraph(document, "IV. ĐỀ XUẤT, KIẾN NGHỊ", bold=True)
    _paragraph(document, "[Cơ quan bổ sung nội dung]", italic=True)

    for number, table in enumerate(report.tables.values(), start=1):
        _paragraph(document, f"Biểu {number:02d}. {table.title}", bold=True, size=13)
        grid = document.add_table(rows=1, cols=len(table.headers))
        grid.style = "Table Grid"
        for cell, text in zip(grid.rows[0].cells, table.headers, strict=True):
            _cell(cell, [(text, True, False)], size=11)
        for row in table.rows or [["Không có số liệu."] + [""] * (len(table.headers) - 1)]:
            cells = grid.add_row().cells
            for index, (cell, value) in enumerate(zip(cells, row, strict=True)):
                text = group_vnd(int(value)) if index in table.money and value != "" else _text(value)
                _cell(cell, [(text, False, False)], size=11)
        if table.note:
            _paragraph(document, table.note, italic=True, size=11)

    footer = document.add_table(rows=1, cols=2)
    _cell(
        footer.rows[0].cells[0],
        [("Nơi nhận:", True, True), ("- Như trên;", False, False), ("- Lưu: VT.", False, False)],
    )
    _cell(
        footer.rows[0].cells[1], [("THỦ TRƯỞNG CƠ QUAN", True, False), ("", False, False), ("", False, False)]
    )
    out = BytesIO()
    document.save(out)
    return out.getvalue()


def _cell_value(value: Any) -> Any:
    """Numbers and dates as they are; any text as text (never a formula: data typed by people)."""
    if value is None or isinstance(value, (int, float, Decimal, date)):
        return value
    return spreadsheet_safe(value)


def report_xlsx(report: PeriodicReport) -> bytes:
    """The tables of the report, one sheet each, Vietnamese headers, đồng grouped by dots."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    for number, table in enumerate(report.tables.values(), start=1):
        sheet = workbook.create_sheet(f"Biểu {number:02d}")
        sheet.append([f"Biểu {number:02d}. {table.title} – {report.issuer} – {report.span}"])
        sheet["A1"].font = Font(bold=True)
        sheet.append(table.headers)
        for cell in sheet[2]:
            cell.font = Font(bold=True)
        for row in table.rows:
            sheet.append([_cell_value(value) for value in row])
        if table.note:
            sheet.append([table.note])
        for row in sheet.iter_rows(min_row=3):
            for cell in row:
                if isinstance(cell.value, date):
                    cell.number_format = "DD/MM/YYYY"
                elif cell.column - 1 in table.money:
                    cell.number_format = "#,##0"
        for column, header in enumerate(table.headers, start=1):
            sheet.column_dimensions[sheet.cell(row=2, column=column).column_letter].width = max(
                12, len(header) + 4
            )
    out = BytesIO()
    workbook.save(out)
    return out.getvalue()
