"""Import of earlier years' results from a spreadsheet: every row checked, then all or nothing.

A province whose history exists only in Excel files (2017–2024, before the system) imports it
from the downloadable template, so its trend starts from its real history. Each row becomes a
result summary row with ``source = imported`` (docs/results.md); a commune-year that already has
a result from an assessment is refused, an earlier imported one is replaced.

Which years: from ``FIRST_YEAR`` to last year, and only those the commune's province has no
assessment period for on the system. The current year is being assessed (its results come
through the engine, from the dossiers, and are complete only after its decisions), and a year
with a period, open or closed, has its results from that period's dossiers: an import would
stand beside them or pre-empt them. Audited: one entry
per row written (before and after), under the province's unit path.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from io import BytesIO
from typing import IO, Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.worksheet.datavalidation import DataValidation

from tiepcan.accounts.choices import Action
from tiepcan.accounts.permissions import grants_for
from tiepcan.assessments.models import AssessmentPeriod
from tiepcan.core import audit
from tiepcan.core.choices import AuditAction
from tiepcan.core.forms import parse_day
from tiepcan.frameworks.models import FrameworkActivation, FrameworkVersion
from tiepcan.lib.engine.definition import CompiledFramework
from tiepcan.lib.engine.numbers import NumberError, parse_number
from tiepcan.lib.engine.scoring import _criterion_result
from tiepcan.lib.spreadsheet import SheetTooLarge, SheetUnreadable, read_rows
from tiepcan.lib.text import fold, nfc
from tiepcan.reports import summaries
from tiepcan.reports.models import ResultDistrict, ResultScore, ResultSummary, ScoreKind, Source
from tiepcan.units.choices import UnitLevel
from tiepcan.units.models import Unit

CRITERIA = ["TC1", "TC2", "TC3", "TC4", "TC5"]
COLUMNS = ["commune", "year", "total", *CRITERIA, "recognised", "decision_number", "decision_date"]
HEADERS = {
    "commune": "Mã hoặc tên xã, phường",
    "year": "Năm đánh giá",
    "total": "Tổng điểm (hoặc số chỉ tiêu đạt)",
    **{c: f"Điểm {c}" for c in CRITERIA},
    "recognised": "Được công nhận (Có/Không)",
    "decision_number": "Số quyết định công nhận",
    "decision_date": "Ngày quyết định (dd/mm/yyyy)",
}
MAX_ROWS = 20000
CODE_DIGITS = 5  # a commune's code in the national list of administrative units
FIRST_YEAR = 2010
YES = {"co", "x", "1", "dat", "duoc cong nhan", "yes"}
NO = {"khong", "0", "khong dat", "chua dat", "no", ""}


@dataclass
class RowProblem:
    row: int
    column: str
    message: str


@dataclass
class ParsedRow:
    row: int
    unit: Unit
    province: Unit
    year: int
    framework: FrameworkVersion
    total: Decimal
    criteria: dict[str, Decimal]
    recognised: bool
    decision_number: str
    decision_date: date | None


@dataclass
class ImportResult:
    problems: list[RowProblem] = field(default_factory=list)
    created: int = 0
    replaced: int = 0

    @property
    def ok(self) -> bool:
        return not self.problems


def template_workbook() -> bytes:
    """The downloadable template: headers, two example rows, a guide sheet."""
    book = Workbook()
    sheet = book.active
    sheet.title = "Ket qua"
    sheet.append([HEADERS[c] for c in COLUMNS])
    sheet.append(["06187", 2023, 92.5, 9, 28, 14, 23.5, 18, "Có", "125/QĐ-UBND", "20/01/2024"])
    sheet.append(["Xã Bắc Sơn", 2018, 71, 12, 20, 15, 8, 16, "Không", "", ""])
    for cell in sheet[1]:
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = PatternFill("solid", fgColor="1F4E79")
    for index, width in enumerate([26, 12, 16, 9, 9, 9, 9, 9, 16, 24, 18]):
        sheet.column_dimensions[chr(ord("A") + index)].width = width
    choice = DataValidation(type="list", formula1='"Có,Không"', allow_blank=False)
    choice.error = "Ghi Có hoặc Không."
    sheet.add_data_validation(choice)
    choice.add(f"I2:I{MAX_ROWS + 1}")
    guide = book.create_sheet("Huong dan")
    for line in [
        "Mỗi dòng là kết quả của một xã, phường, thị trấn trong một năm, trước khi dùng hệ thống.",
        "Mã hoặc tên: mã theo danh mục hành chính (5 chữ số) hoặc tên đầy đủ như “Xã Bắc Sơn”; "
        "đơn vị phải tồn tại trong năm đánh giá (các xã trước sắp xếp ngày 1/7/2025 vẫn dùng mã cũ).",
        "Bộ tiêu chí theo năm: 2017–2021 Quyết định 619/QĐ-TTg, 2022–2024 Quyết định 25/2021/QĐ-TTg, "
        "từ 2025 Quyết định 27/2025/QĐ-TTg (hoặc bộ tiêu chí tỉnh đã chọn cho năm đó).",
        "Điểm từng tiêu chí: để trống cột của tiêu chí không có trong bộ tiêu chí năm đó; khi ghi đủ "
        "điểm các tiêu chí, tổng phải bằng tổng điểm.",
        "Bộ tiêu chí chấm đạt/không đạt (từ 2025): ghi số chỉ tiêu đạt thay cho điểm.",
        "Chỉ nhập các năm đã qua mà tỉnh chưa đánh giá trên hệ thống: không nhập năm nay (năm đang đánh "
        "giá) và các năm tỉnh đã có kỳ đánh giá trên hệ thống; nhập lại cùng năm thì dòng cũ được thay.",
        "Nếu có bất kỳ dòng nào sai, hệ thống không nhập dòng nào và liệt kê lỗi theo từng dòng.",
    ]:
        guide.append([line])
    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    return nfc(str(value)).strip()


def _number(text: str) -> Decimal | None:
    try:
        return parse_number(text, max_digits=8)
    except NumberError:
        return None


class _Frameworks:
    """The framework version of a province and year, compiled once per import."""

    def __init__(self) -> None:
        self.versions = list(
            FrameworkVersion.objects.filter(province__isnull=True).order_by("-year_from", "-version")
        )
        self.activations = {
            (a.province_id, a.year): a.framework
            for a in FrameworkActivation.objects.select_related("framework")
        }
        self.compiled: dict[int, CompiledFramework] = {}

    def find(self, province: Unit, year: int, kind: str) -> FrameworkVersion | None:
        chosen = self.activations.get((province.pk, year))
        if chosen is None:
            newest: dict[str, FrameworkVersion] = {}
            for version in self.versions:
                newest.setdefault(version.code, version)
            chosen = next(
                (
                    v
                    for v in newest.values()
                    if v.applies_in(year) and (not v.unit_kinds or kind in v.unit_kinds)
                ),
                None,
            )
        return chosen

    def compile(self, version: FrameworkVersion) -> CompiledFramework:
        if version.pk not in self.compiled:
            self.compiled[version.pk] = version.compiled()
        return self.compiled[version.pk]


def _units_by_code_and_name(
    codes: set[str], names: set[str]
) -> tuple[dict[str, list[Unit]], dict[str, list[Unit]]]:
    by_code: dict[str, list[Unit]] = {}
    by_name: dict[str, list[Unit]] = {}
    query = Q(code__in=codes) | Q(name_search__in=names) if names else Q(code__in=codes)
    for unit in Unit.objects.filter(query, level=UnitLevel.COMMUNE).select_related("parent"):
        by_code.setdefault(unit.code, []).append(unit)
        by_name.setdefault(fold(unit.name), []).append(unit)
    return by_code, by_name


def _in_force(units: list[Unit], year: int) -> list[Unit]:
    first, last = date(year, 1, 1), date(year, 12, 31)
    return [
        u
        for u in units
        if (u.valid_from is None or u.valid_from <= last) and (u.valid_to is None or u.valid_to >= first)
    ]


def parse(stream: IO[bytes], actor: Any) -> tuple[list[ParsedRow], list[RowProblem]]:
    """Read and check every row; nothing is written here."""
    try:
        rows = read_rows(stream, max_rows=MAX_ROWS, width=len(COLUMNS))
    except SheetUnreadable:
        return [], [
            RowProblem(0, "", _("Không đọc được tệp Excel. Hãy dùng tệp mẫu và lưu dưới dạng .xlsx."))
        ]
    except SheetTooLarge:
        return [], [RowProblem(0, "", _("Tệp có quá nhiều dòng (tối đa %(n)s).") % {"n": MAX_ROWS})]
    if not rows:
        return [], [RowProblem(0, "", _("Tệp không có dữ liệu."))]
    header = [fold(_cell(v)) for v in rows[0]]
    if header[: len(COLUMNS)] != [fold(HEADERS[c]) for c in COLUMNS]:
        return [], [
            RowProblem(1, "", _("Dòng tiêu đề không đúng mẫu. Hãy tải tệp mẫu và giữ nguyên các cột."))
        ]
    table = [
        (number, {c: _cell(raw[i]) if i < len(raw) else "" for i, c in enumerate(COLUMNS)})
        for number, raw in enumerate(rows[1:], start=2)
    ]
    table = [(n, v) for n, v in table if any(v.values())]
    for _n, values in table:
        # A code typed into a General cell loses its leading zero (06187 becomes 6187).
        if values["commune"].isdigit() and len(values["commune"]) < CODE_DIGITS:
            values["commune"] = values["commune"].zfill(CODE_DIGITS)
    names = {fold(v["commune"]) for _n, v in table if not v["commune"].isdigit()}
    by_code, by_name = _units_by_code_and_name(
        {v["commune"] for _n, v in table if v["commune"].isdigit()}, names
    )
    provinces = {u.pk: u for u in Unit.objects.filter(level=UnitLevel.PROVINCE)}
    frameworks = _Frameworks()
    grants = grants_for(actor)
    today = timezone.localdate()
    this_year = today.year
    last_year = this_year - 1  # the import takes past years only (module docstring)
    from_assessments = set(
        ResultSummary.objects.filter(source=Source.ASSESSMENT).values_list("unit_id", "year") if table else []
    )
    # Province-years assessed on the system: only whether a period exists is read (no row of it is
    # shown), for provinces the importer may or may not hold, hence the unscoped read.
    assessed_years = set(AssessmentPeriod.objects.values_list("province_id", "year") if table else [])
    problems: list[RowProblem] = []
    parsed: list[ParsedRow] = []
    seen: dict[tuple[int, int], int] = {}
    for number, values in table:
        row_problems: list[RowProblem] = []

        def problem(
            column: str, message: str, number: int = number, bucket: list[RowProblem] = row_problems
        ) -> None:
            bucket.append(RowProblem(number, HEADERS.get(column, column), message))

        year = _number(values["year"])
        year_int = None
        if year is None or year != year.to_integral_value() or not FIRST_YEAR <= int(year) <= this_year:
            problem(
                "year",
                _("Năm “%(v)s” không hợp lệ (từ %(a)s đến %(b)s).")
                % {"v": values["year"], "a": FIRST_YEAR, "b": last_year},
            )
        elif int(year) == this_year:
            problem(
                "year",
                _(
                    "Năm %(y)s là năm đang đánh giá: kết quả năm này lấy từ hồ sơ đánh giá trên hệ thống, "
                    "không nhập từ bảng tính (chỉ nhập các năm từ %(a)s đến %(b)s)."
                )
                % {"y": this_year, "a": FIRST_YEAR, "b": last_year},
            )
        else:
            year_int = int(year)
        text = values["commune"]
        candidates = by_code.get(text, []) if text.isdigit() else by_name.get(fold(text), [])
        if year_int is not None:
            candidates = _in_force(candidates, year_int)
        unit = None
        if not text:
            problem("commune", _("Thiếu mã hoặc tên xã, phường."))
        elif not candidates:
            problem("commune", _("Không tìm thấy xã, phường “%(v)s” trong năm đánh giá.") % {"v": text})
        else:
            allowed = [u for u in candidates if grants.allows(Action.IMPORT_RESULTS, u)]
            if not allowed:
                problem("commune", _("Xã, phường “%(v)s” nằm ngoài phạm vi quản lý của bạn.") % {"v": text})
            elif len(allowed) > 1:
                problem("commune", _("Có nhiều xã, phường tên “%(v)s”: hãy ghi mã đơn vị.") % {"v": text})
            else:
                unit = allowed[0]
        framework = compiled = None
        province = provinces.get(unit.ancestor_ids()[0]) if unit is not None else None
        if unit is not None and year_int is not None and province is not None:
            key = (unit.pk, year_int)
            if (province.pk, year_int) in assessed_years:
                problem(
                    "year",
                    _(
                        "%(p)s đã có kỳ đánh giá năm %(y)s trên hệ thống: kết quả năm này lấy từ hồ sơ "
                        "đánh giá, không nhập từ bảng tính."
                    )
                    % {"y": year_int, "p": province.name},
                )
            elif key in from_assessments:
                problem(
                    "year",
                    _("%(u)s đã có kết quả năm %(y)s từ hồ sơ đánh giá trên hệ thống.")
                    % {"u": unit.name, "y": year_int},
                )
            if key in seen:
                problem("year", _("Trùng với dòng %(n)s (cùng xã, cùng năm).") % {"n": seen[key]})
            seen.setdefault(key, number)
            framework = frameworks.find(province, year_int, unit.kind)
            if framework is None:
                problem(
                    "year",
                    _("Không có bộ tiêu chí áp dụng cho %(u)s năm %(y)s.") % {"u": unit.name, "y": year_int},
                )
            else:
                compiled = frameworks.compile(framework)
        total = _number(values["total"])
        if not values["total"]:
            problem(
                "total",
                _("Thiếu tổng điểm (ô trống, hoặc công thức chưa được tính: mở tệp bằng Excel rồi lưu lại)."),
            )
        elif total is None:
            problem("total", _("Tổng điểm “%(v)s” không phải là số.") % {"v": values["total"]})
        elif compiled is not None and not Decimal(0) <= total <= compiled.max_total:
            problem("total", _("Tổng điểm phải từ 0 đến %(m)s.") % {"m": compiled.max_total})
        criteria: dict[str, Decimal] = {}
        maxima = {c.code: c.max_points for c in compiled.criteria} if compiled is not None else {}
        for code in CRITERIA:
            raw = values[code]
            if not raw:
                continue
            points = _number(raw)
            if points is None:
                problem(code, _("Điểm “%(v)s” không phải là số.") % {"v": raw})
            elif compiled is not None and code not in maxima:
                problem(code, _("Bộ tiêu chí năm này không có tiêu chí %(c)s: để trống ô này.") % {"c": code})
            elif compiled is not None and not Decimal(0) <= points <= maxima[code]:
                problem(code, _("Điểm %(c)s phải từ 0 đến %(m)s.") % {"c": code, "m": maxima[code]})
            else:
                criteria[code] = points
        given = sum(criteria.values(), Decimal(0))
        if (
            maxima
            and total is not None
            and set(criteria) == set(maxima)
            and abs(given - total) > Decimal("0.01")
        ):
            problem(
                "total",
                _("Tổng điểm các tiêu chí (%(s)s) khác tổng điểm đã ghi (%(t)s).") % {"s": given, "t": total},
            )
        answer = fold(values["recognised"])
        recognised = answer in YES
        if answer not in YES | NO or not values["recognised"]:
            problem("recognised", _("Ghi “Có” hoặc “Không” ở cột được công nhận."))
        decided_on = None
        if values["decision_date"]:
            decided_on = parse_day(values["decision_date"])
            if decided_on is None or (
                year_int is not None and not year_int <= decided_on.year <= year_int + 2
            ):
                problem(
                    "decision_date",
                    _(
                        "Ngày quyết định “%(v)s” không hợp lệ (dd/mm/yyyy, trong năm đánh giá hoặc hai năm sau)."
                    )
                    % {"v": values["decision_date"]},
                )
            elif decided_on > today:
                problem("decision_date", _("Ngày quyết định không được sau hôm nay."))
        if (values["decision_number"] or values["decision_date"]) and not recognised:
            problem("decision_number", _("Chỉ ghi quyết định khi xã, phường được công nhận."))
        if len(values["decision_number"]) > 64:
            problem("decision_number", _("Số quyết định quá dài (tối đa 64 ký tự)."))
        if row_problems:
            problems.extend(row_problems)
            continue
        assert unit is not None and province is not None and framework is not None and total is not None
        parsed.append(
            ParsedRow(
                number,
                unit,
                province,
                int(year_int or 0),
                framework,
                total,
                criteria,
                recognised,
                values["decision_number"],
                decided_on,
            )
        )
    if not parsed and not problems:
        problems.append(RowProblem(0, "", _("Tệp không có dòng dữ liệu nào.")))
    return parsed, problems


def _passed(compiled: CompiledFramework, criterion: Any, points: Decimal) -> bool:
    """Whether the criterion's points pass it, by the framework's own rule (met count for pass/fail)."""
    return _criterion_result(compiled, criterion, points, int(points)).passed


def import_results(stream: IO[bytes], actor: Any) -> ImportResult:
    """Check every row; when all are right, write them in one transaction (audited), else nothing."""
    parsed, problems = parse(stream, actor)
    result = ImportResult(problems=problems)
    if problems:
        return result
    lines = summaries.lineage(row.unit for row in parsed)
    with transaction.atomic():
        existing = {
            (s.unit_id, s.year): s
            for s in ResultSummary.objects.filter(
                source=Source.IMPORTED,
                unit_id__in={r.unit.pk for r in parsed},
                year__in={r.year for r in parsed},
            )
        }
        for row in parsed:
            compiled = row.framework.compiled()
            maxima = {c.code: c.max_points for c in compiled.criteria}
            line = lines[row.unit.pk]
            summary = ResultSummary(
                source=Source.IMPORTED,
                unit=row.unit,
                year=row.year,
                province=row.province,
                district_id=line.district_id,
                current_unit_id=line.current_unit_id,
                kind=row.unit.kind,
                framework=row.framework,
                pass_fail=compiled.pass_fail,
                status="",
                public=True,
                total=row.total.quantize(Decimal("0.01")),
                max_total=compiled.max_total.quantize(Decimal("0.01")),
                met=row.recognised,
                recognised=row.recognised,
                decision_number=row.decision_number,
                decision_date=row.decision_date,
                criteria={k: format(v.quantize(Decimal("0.01")), "f") for k, v in row.criteria.items()},
            )
            old = existing.get((row.unit.pk, row.year))
            before = audit.serialize(old) if old is not None else None
            if old is not None:
                summary.pk = old.pk
                summary.save(force_update=True)
                ResultScore.objects.filter(summary=summary).delete()
                ResultDistrict.objects.filter(summary=summary).delete()
                result.replaced += 1
            else:
                summary.save(force_insert=True)
                result.created += 1
            ResultDistrict.objects.bulk_create(summaries.districts(summary.pk, line))
            criteria = {c.code: c for c in compiled.criteria}
            ResultScore.objects.bulk_create(
                ResultScore(
                    summary=summary,
                    kind=ScoreKind.CRITERION,
                    code=code,
                    points=points,
                    max_points=maxima[code],
                    met=_passed(compiled, criteria[code], points),
                )
                for code, points in row.criteria.items()
            )
            audit.write(
                summary,
                AuditAction.IMPORT,
                before=before,
                after=audit.serialize(summary),
                object_repr=f"{row.unit.name} – {row.year}",
                unit_path=row.unit.path,
            )
        summaries.bump(row.province.pk for row in parsed)
    return result
