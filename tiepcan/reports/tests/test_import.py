"""Earlier years' results from a spreadsheet: checked row by row, all or nothing, audited, shown at once."""

from __future__ import annotations

import re
import zipfile
from datetime import date
from decimal import Decimal
from io import BytesIO
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from openpyxl import Workbook, load_workbook

from tiepcan.accounts.choices import Role
from tiepcan.assessments.models import AssessmentPeriod
from tiepcan.core.models import AuditEntry
from tiepcan.frameworks.services import load_shipped
from tiepcan.lib.spreadsheet import MAX_UNPACKED_BYTES
from tiepcan.reports.importing import COLUMNS, HEADERS, MAX_ROWS, import_results
from tiepcan.reports.models import ResultScore, ResultSummary, Source
from tiepcan.testing import World, build_period
from tiepcan.units.models import Unit

pytestmark = pytest.mark.django_db


def workbook(*rows: list[Any]) -> BytesIO:
    book = Workbook()
    sheet = book.active
    sheet.append([HEADERS[c] for c in COLUMNS])
    for row in rows:
        sheet.append(row)
    buffer = BytesIO()
    book.save(buffer)
    buffer.seek(0)
    return buffer


GOOD = [
    ["90001", 2023, 92.5, 9, 28, 14, 23.5, 18, "Có", "125/QĐ-UBND", "20/01/2024"],
    ["Thị trấn Bản Làng", 2018, 71, 12, 20, 15, 8, 16, "Không", "", ""],
    ["90002", 2019, 80, "", "", "", "", "", "không", "", ""],
]


def test_the_template_downloads_and_a_filled_one_imports_with_audit(world: World, login) -> None:
    load_shipped()
    client = login(world.users[Role.PROVINCE_ADMIN])
    template = client.get(reverse("reports:result_import_template"))
    assert template.status_code == 200
    header = [c.value for c in load_workbook(BytesIO(template.content)).active[1]]
    assert header == [HEADERS[c] for c in COLUMNS]

    upload = SimpleUploadedFile("ket-qua.xlsx", workbook(*GOOD).getvalue())
    response = client.post(reverse("reports:result_import"), {"file": upload})
    assert response.status_code == 200 and "Đã nhập thành công" in response.content.decode()
    rows = {(r.unit.code, r.year): r for r in ResultSummary.objects.select_related("unit")}
    assert set(rows) == {("90001", 2023), ("90002", 2018), ("90002", 2019)}
    first = rows[("90001", 2023)]
    assert (
        first.source,
        first.recognised,
        first.total,
        first.decision_number,
        first.district,
        first.current_unit,
    ) == (Source.IMPORTED, True, Decimal("92.50"), "125/QĐ-UBND", world.D1, world.N1)
    assert first.framework is not None and first.framework.code == "qd25-2021"
    older = rows[("90002", 2018)].framework
    assert older is not None and older.code == "qd619-2017"
    assert ResultScore.objects.filter(summary=first).count() == 5
    assert AuditEntry.objects.filter(action="import").count() == 3
    # At once on the portal, and in its history across the merger.
    html = client.get(reverse("portal:commune", kwargs={"pk": world.N1.pk})).content.decode()
    assert "125/QĐ-UBND" in html and "nhập từ bảng tính" in html

    # The same file again replaces the rows (no duplicates).
    result = import_results(workbook(*GOOD), world.users[Role.PROVINCE_ADMIN])
    assert (result.ok, result.created, result.replaced) == (True, 0, 3)
    assert ResultSummary.objects.count() == 3


def test_one_wrong_row_imports_nothing_and_every_problem_is_listed(world: World) -> None:
    load_shipped()
    bad: list[list[Any]] = [
        ["90001", 2023, 92.5, 9, 28, 14, 23.5, 18, "Có", "125/QĐ-UBND", "20/01/2024"],  # fine
        ["99999", 2023, 50, "", "", "", "", "", "Không", "", ""],  # no such commune
        ["90020", 2026, 5, "", "", "", "", "", "Có", "", ""],  # another province
        ["90001", 2023, 90, "", "", "", "", "", "Có", "", ""],  # same commune and year twice
        ["90002", 2023, 95, 11, "", "", "", "", "Có", "", ""],  # TC1 over its 10 points
        ["90002", 2022, 50, 10, 10, 10, 10, 5, "Có", "", ""],  # criteria sum to 45, not 50
        ["90002", 2021, 50, "", "", "", "", "", "Có lẽ", "", ""],  # neither yes nor no
        ["90002", 2020, 50, "", "", "", "", "", "Không", "9/QĐ", ""],  # a decision but not recognised
        ["90002", "²", "NaN", "", "", "", "", "", "Có", "", "31/02/2024"],  # broken numbers and date
    ]
    result = import_results(workbook(*bad), world.users[Role.PROVINCE_ADMIN])
    assert not result.ok and ResultSummary.objects.count() == 0
    by_row = {p.row for p in result.problems}
    assert by_row == {3, 4, 5, 6, 7, 8, 9, 10}
    messages = " ".join(p.message for p in result.problems)
    assert "Không tìm thấy xã, phường “99999”" in messages and "ngoài phạm vi quản lý" in messages
    assert "Trùng với dòng 2" in messages and "Điểm TC1 phải từ 0 đến 10" in messages
    assert "khác tổng điểm" in messages and "Có” hoặc “Không" in messages


def test_a_year_with_a_result_from_an_assessment_is_refused(world: World) -> None:
    from tiepcan.assessments.tests.test_council_and_decision import build_forwarded

    build_forwarded(world)
    last_year = timezone.localdate().year - 1
    # A past year's result from a dossier (its period's year moved away): still refused.
    ResultSummary.objects.filter(source=Source.ASSESSMENT).update(year=last_year)
    result = import_results(
        workbook(["90010", last_year, 10, "", "", "", "", "", "Có", "", ""]), world.users[Role.PROVINCE_ADMIN]
    )
    assert [p.message for p in result.problems] == [
        f"Xã Đồng Tâm đã có kết quả năm {last_year} từ hồ sơ đánh giá trên hệ thống."
    ]


def test_only_past_years_without_a_period_of_the_province_import(world: World) -> None:
    """The current year is being assessed, a year with a period has its results from the dossiers."""
    load_shipped()
    admin = world.users[Role.PROVINCE_ADMIN]
    this_year = timezone.localdate().year
    period = build_period(world)["own"]
    AssessmentPeriod.objects.filter(pk=period.pk).update(year=2022)  # P1 assessed 2022 on the system
    rows: list[list[Any]] = [
        ["90002", this_year, 50, "", "", "", "", "", "Không", "", ""],  # the year under way
        ["90002", this_year + 1, 50, "", "", "", "", "", "Không", "", ""],  # a year to come
        ["90002", 2022, 50, "", "", "", "", "", "Không", "", ""],  # P1 assessed 2022 on the system
    ]
    result = import_results(workbook(*rows), admin)
    assert [(p.row, p.column) for p in result.problems] == [
        (2, HEADERS["year"]),
        (3, HEADERS["year"]),
        (4, HEADERS["year"]),
    ]
    assert result.problems[0].message == (
        f"Năm {this_year} là năm đang đánh giá: kết quả năm này lấy từ hồ sơ đánh giá trên hệ thống, "
        f"không nhập từ bảng tính (chỉ nhập các năm từ 2010 đến {this_year - 1})."
    )
    assert "không hợp lệ" in result.problems[1].message
    assert result.problems[2].message.endswith(
        "đã có kỳ đánh giá năm 2022 trên hệ thống: kết quả năm này lấy từ hồ sơ đánh giá, không nhập từ bảng tính."
    )
    assert ResultSummary.objects.count() == 0  # all or nothing
    # A past year the province has no period for imports.
    assert import_results(workbook(["90002", 2021, 50, "", "", "", "", "", "Không", "", ""]), admin).ok


def test_a_broken_file_or_header_is_refused_with_a_message(world: World, login) -> None:
    client = login(world.users[Role.PROVINCE_ADMIN])
    response = client.post(
        reverse("reports:result_import"), {"file": SimpleUploadedFile("x.xlsx", b"not a zip")}
    )
    assert response.status_code == 400 and "Excel" in response.content.decode()
    book = Workbook()
    book.active.append(["Sai", "tiêu đề"])
    buffer = BytesIO()
    book.save(buffer)
    result = import_results(BytesIO(buffer.getvalue()), world.users[Role.PROVINCE_ADMIN])
    assert "tiêu đề không đúng mẫu" in result.problems[0].message


def test_only_administrators_import(world: World, login) -> None:
    assert login(world.users[Role.COMMUNE_OFFICER]).get(reverse("reports:result_import")).status_code == 403
    assert login(world.users[Role.REVIEWER]).get(reverse("reports:result_import_template")).status_code == 403


def _with_sheet(rows_xml: bytes, extra: dict[str, bytes] | None = None) -> BytesIO:
    """A valid template whose first sheet's rows are replaced (and its declared size removed)."""
    source = zipfile.ZipFile(workbook())
    out = BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                text = re.sub(r"<dimension[^>]*/>", "", data.decode())
                end = text.index("</sheetData>")
                data = text[:end].encode() + rows_xml + text[end:].encode()
            target.writestr(item, data)
        for name, data in (extra or {}).items():
            target.writestr(name, data)
    out.seek(0)
    return out


def test_hostile_files_are_refused_before_they_are_read_whole(world: World, login) -> None:
    admin = world.users[Role.PROVINCE_ADMIN]
    row = b"<row>" + b'<c t="n"><v>1</v></c>' * 11 + b"</row>"
    too_long = import_results(_with_sheet(row * (MAX_ROWS + 5)), admin)
    assert [p.message for p in too_long.problems] == [f"Tệp có quá nhiều dòng (tối đa {MAX_ROWS})."]
    too_wide = import_results(_with_sheet(b"<row>" + b'<c t="n"><v>1</v></c>' * 5000 + b"</row>"), admin)
    assert "quá nhiều dòng" in too_wide.problems[0].message
    bomb = import_results(_with_sheet(b"", {"xl/media/pad.bin": bytes(MAX_UNPACKED_BYTES + 1)}), admin)
    assert "quá nhiều dòng" in bomb.problems[0].message
    # A Word document renamed .xlsx: a ZIP, so past the form's first check, but not a workbook.
    document = BytesIO()
    with zipfile.ZipFile(document, "w") as archive:
        archive.writestr("word/document.xml", "<w:document/>")
    client = login(admin)
    response = client.post(
        reverse("reports:result_import"), {"file": SimpleUploadedFile("bao-cao.xlsx", document.getvalue())}
    )
    assert response.status_code == 400 and "Không đọc được tệp Excel" in response.content.decode()
    assert ResultSummary.objects.count() == 0


def test_the_law_s_edge_cases_of_a_row(world: World) -> None:
    load_shipped()
    admin = world.users[Role.PROVINCE_ADMIN]
    Unit.objects.filter(pk=world.C1.pk).update(code="09001")  # a code with a leading zero
    year = timezone.localdate().year
    formula = Workbook()
    formula.active.append([HEADERS[c] for c in COLUMNS])
    formula.active.append(["90002", 2019, "=SUM(D3:H3)", "", "", "", "", "", "Không", "", ""])
    stream = BytesIO()
    formula.save(stream)
    result = import_results(BytesIO(stream.getvalue()), admin)  # written by a program: never computed
    assert [p.message for p in result.problems] == [
        "Thiếu tổng điểm (ô trống, hoặc công thức chưa được tính: mở tệp bằng Excel rồi lưu lại)."
    ]
    bad = [
        ["90002", year + 1, 50, "", "", "", "", "", "Không", "", ""],  # a year to come
        ["90002", 2023, 101, "", "", "", "", "", "Không", "", ""],  # over the framework's maximum
        ["90002", 2022, 90, "", "", "", "", "", "Có", "1/QĐ", "31/12/2021"],  # decided before the year
        ["90010", year - 1, 10, "", "", "", "", "", "Có", "2/QĐ", f"05/01/{year + 1}"],  # after today
    ]
    result = import_results(workbook(*bad), admin)
    assert [(p.row, p.column) for p in result.problems] == [
        (2, HEADERS["year"]),
        (3, HEADERS["total"]),
        (4, HEADERS["decision_date"]),
        (5, HEADERS["decision_date"]),
    ]
    assert result.problems[3].message == "Ngày quyết định không được sau hôm nay."
    assert ResultSummary.objects.count() == 0
    # Excel turned the code 09001 into the number 9001, and the date cell is a real date.
    good = import_results(
        workbook([9001, 2023, 92.5, 9, 28, 14, 23.5, 18, "Có", "125/QĐ-UBND", date(2024, 1, 20)]), admin
    )
    assert good.ok and ResultSummary.objects.get().unit_id == world.C1.pk
    assert ResultSummary.objects.get().decision_date == date(2024, 1, 20)
