"""The dossier of one round as a single ZIP: score sheet, forms Mẫu 01–04, evidence list and files, comment summary."""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Callable, Sequence
from io import BytesIO

from openpyxl import Workbook
from openpyxl.styles import Font

from tiepcan.assessments.models import DossierSnapshot, Evidence
from tiepcan.core.templatetags.tc import format_score
from tiepcan.lib.engine.numbers import to_decimal
from tiepcan.lib.spreadsheet import spreadsheet_safe
from tiepcan.paperwork import services, tasks
from tiepcan.paperwork.catalog import ROUND, for_scope


def score_sheet(snapshot: DossierSnapshot) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "Phieu cham diem"
    assessment = snapshot.assessment
    sheet.append(
        [
            f"Phiếu tự chấm điểm – {assessment.unit.name} – năm {assessment.period.year} (gửi lần {snapshot.round})"
        ]
    )
    sheet["A1"].font = Font(bold=True)
    sheet.append([])
    sheet.append(["Chỉ tiêu", "Nội dung", "Điểm", "Tối đa", "Diễn giải"])
    for cell in sheet[3]:
        cell.font = Font(bold=True)
    for item in snapshot.score.get("indicators", []):
        sheet.append(
            [
                item["code"],
                item["title"],
                float(to_decimal(item["points"])),
                float(to_decimal(item["max_points"])),
                item["reason"],
            ]
        )
    sheet.append([])
    for criterion in snapshot.score.get("criteria", []):
        sheet.append(
            [
                criterion["code"],
                criterion["title"],
                float(to_decimal(criterion["points"])),
                float(to_decimal(criterion["max_points"])),
            ]
        )
    sheet.append(
        [
            "Tổng",
            "",
            float(to_decimal(snapshot.score.get("total", 0))),
            float(to_decimal(snapshot.score.get("max_total", 0))),
        ]
    )
    sheet.append(["Kết luận", snapshot.score.get("verdict", "")])
    for column, width in zip("ABCDE", (10, 70, 10, 10, 60), strict=True):
        sheet.column_dimensions[column].width = width
    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def dossier_zip(snapshot: DossierSnapshot, progress: Callable[[int, int], None] | None = None) -> bytes:
    """The ZIP; ``progress(done, total)`` hears of each evidence file copied (the long part)."""
    assessment = snapshot.assessment
    buffer = BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("phieu-cham-diem.xlsx", score_sheet(snapshot))
        total = format_score(
            snapshot.score.get("total", 0), snapshot.score.get("max_total"), assessment.pass_fail
        )
        report = [
            f"BÁO CÁO KẾT QUẢ TỰ ĐÁNH GIÁ – {assessment.unit.name.upper()} – NĂM {assessment.period.year}",
            f"Gửi lần {snapshot.round}, lúc {snapshot.submitted_at:%H:%M %d/%m/%Y}, người gửi: {snapshot.submitted_by.full_name}",
            f"Kết quả: {total} – {snapshot.score.get('verdict', '')}",
            "",
            "TỔNG HỢP Ý KIẾN TRONG THỜI GIAN NIÊM YẾT",
            snapshot.comment_summary,
        ]
        archive.writestr("bao-cao-va-tong-hop-y-kien.txt", "\n".join(report))
        for name, content in round_forms(snapshot):
            archive.writestr(f"bieu-mau/{name}", content)
        rows = [["Chỉ tiêu", "Tên tài liệu", "Tệp hoặc đường dẫn", "Chữ ký số (khi gửi)"]]
        files = {e.pk: e for e in Evidence.objects.filter(pk__in=[item["id"] for item in snapshot.evidence])}
        for done, item in enumerate(snapshot.evidence, 1):
            if progress is not None:
                progress(done, len(snapshot.evidence))
            evidence = files.get(item["id"])
            if evidence is not None and evidence.file.name:  # a FieldFile is truthy by its name
                name = f"minh-chung/{item['indicator']}/{evidence.pk}-{evidence.file.name.rsplit('/', 1)[-1]}"
                with evidence.file.open("rb") as handle:
                    archive.writestr(name, handle.read())
                rows.append([item["indicator"], item["title"], name, signature_text(item.get("signature"))])
            else:
                rows.append([item["indicator"], item["title"], item.get("link", ""), ""])
        archive.writestr("danh-muc-minh-chung.csv", evidence_list_csv(rows))
    return buffer.getvalue()


def round_forms(snapshot: DossierSnapshot) -> list[tuple[str, bytes]]:
    """Mẫu 01–04 of TT 09/2021 Phụ lục II for this round, as .docx, filled from the frozen data."""

    out = []
    for spec in for_scope(ROUND):
        found = tasks.subject(spec.code, ROUND, [snapshot.pk])
        layout = services.layout(spec.code, found.province)
        out.append((found.filename("docx"), services.render(spec.code, "docx", layout, found.context)))
    return out


def signature_text(signature: dict | None) -> str:
    """One cell: the verification's outcome, its reason and who signed, as frozen at sending."""
    if not signature:
        return ""
    parts = [signature.get("label", "")]
    if signature.get("reason"):
        parts.append(signature["reason"])
    signers = [
        ", ".join(p for p in (s.get("name", ""), s.get("org", "")) if p) + f" ({s.get('outcome', '')})"
        for s in signature.get("signers", [])
    ]
    if signers:
        parts.append("người ký: " + "; ".join(signers))
    if signature.get("org_mismatch"):
        parts.append("tổ chức ký khác đơn vị")
    return " – ".join(p for p in parts if p)


def evidence_list_csv(rows: Sequence[Sequence[object]]) -> str:
    """The evidence list as CSV for Excel in Vietnam: ";" between cells (the comma is the decimal
    mark), quoted where a cell holds ";", a quote or a line break, so no title forges a row, and
    no cell kept as a formula. With a BOM, so Excel reads UTF-8."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    for row in rows:
        writer.writerow([spreadsheet_safe(cell) for cell in row])
    return "\ufeff" + buffer.getvalue()
