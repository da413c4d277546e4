"""Official documents in the layout of Decree 30/2020/NĐ-CP, as editable .docx files.

Times New Roman 13–14 pt on A4; the issuing body and the national motto side by side;
number and symbol, place and date; title; body; recipients and signer block; the
annex as a table. Officials edit and sign these, so they are real Word documents.
"""

from __future__ import annotations

from io import BytesIO

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Pt

from tiepcan.assessments.models import RecognitionDecision
from tiepcan.lib.engine.numbers import to_decimal, vn

FONT = "Times New Roman"


def _paragraph(document, text: str = "", *, bold: bool = False, italic: bool = False, size: int = 14,  # type: ignore[no-untyped-def]
               align=WD_ALIGN_PARAGRAPH.JUSTIFY, space_after: int = 6):  # fmt: skip
    paragraph = document.add_paragraph()
    paragraph.alignment = align
    paragraph.paragraph_format.space_after = Pt(space_after)
    run = paragraph.add_run(text)
    run.bold, run.italic, run.font.size, run.font.name = bold, italic, Pt(size), FONT
    return paragraph


def _cell(cell, lines: list[tuple[str, bool, bool]], size: int = 13) -> None:  # type: ignore[no-untyped-def]
    cell.paragraphs[0].text = ""
    for index, (text, bold, italic) in enumerate(lines):
        paragraph = cell.paragraphs[0] if index == 0 else cell.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        paragraph.paragraph_format.space_after = Pt(0)
        run = paragraph.add_run(text)
        run.bold, run.italic, run.font.size, run.font.name = bold, italic, Pt(size), FONT


def decision_docx(decision: RecognitionDecision) -> bytes:
    period = decision.period
    entries = list(
        decision.entries.select_related("assessment__unit").order_by("assessment__unit__name_sort")
    )
    criteria = [c["code"] for c in period.framework.definition["criteria"]]
    pass_fail = period.framework.definition["scoring"] == "pass_fail"
    document = Document()
    section = document.sections[0]
    section.page_height, section.page_width = Cm(29.7), Cm(21)
    section.top_margin, section.bottom_margin = Cm(2), Cm(2)
    section.left_margin, section.right_margin = Cm(3), Cm(2)
    style = document.styles["Normal"]
    style.font.name, style.font.size = FONT, Pt(14)

    header = document.add_table(rows=1, cols=2)
    header.alignment = WD_TABLE_ALIGNMENT.CENTER
    _cell(
        header.rows[0].cells[0],
        [
            (decision.issuer_name.upper(), True, False),
            ("", False, False),
            (f"Số: {decision.number}", False, False),
        ],
    )
    _cell(header.rows[0].cells[1], [
        ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", True, False), ("Độc lập - Tự do - Hạnh phúc", True, False), ("", False, False),
        (f"{decision.place}, ngày {decision.signed_on.day:02d} tháng {decision.signed_on.month:02d} năm {decision.signed_on.year}", False, True),
    ])  # fmt: skip

    _paragraph(document, "", space_after=6)
    _paragraph(document, "QUYẾT ĐỊNH", bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, space_after=0)
    _paragraph(
        document,
        f"Về việc công nhận xã, phường, đặc khu đạt chuẩn tiếp cận pháp luật năm {period.year}",
        bold=True, align=WD_ALIGN_PARAGRAPH.CENTER,
    )  # fmt: skip
    _paragraph(document, decision.signer_title.upper(), bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    for basis in period.framework.definition.get("legal_basis", []):
        _paragraph(document, f"Căn cứ {basis['title']} ({basis['number']});", italic=True)
    _paragraph(
        document,
        f"Xét kết quả đánh giá của Hội đồng đánh giá tiếp cận pháp luật năm {period.year},",
        italic=True,
    )
    _paragraph(document, "QUYẾT ĐỊNH:", bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    _paragraph(document, f"Điều 1. Công nhận {len(entries)} xã, phường, đặc khu đạt chuẩn tiếp cận pháp luật năm {period.year} "
                         "(có danh sách kèm theo).")  # fmt: skip
    _paragraph(document, "Điều 2. Quyết định này có hiệu lực kể từ ngày ký.")
    _paragraph(document, "Điều 3. Chánh Văn phòng, Giám đốc Sở Tư pháp, Chủ tịch UBND các xã, phường, đặc khu có tên tại Điều 1 "
                         "và các cơ quan, đơn vị có liên quan chịu trách nhiệm thi hành Quyết định này./.")  # fmt: skip

    footer = document.add_table(rows=1, cols=2)
    _cell(footer.rows[0].cells[0], [("Nơi nhận:", True, True), ("- Như Điều 3;", False, False), ("- Bộ Tư pháp;", False, False),
                                    ("- Lưu: VT.", False, False)], size=11)  # fmt: skip
    _cell(footer.rows[0].cells[1], [(decision.signer_title.upper(), True, False), ("", False, False), ("", False, False),
                                    ("", False, False), (decision.signer_name, True, False)])  # fmt: skip

    annex = document.add_section()
    annex.orientation = WD_ORIENT.LANDSCAPE
    annex.page_width, annex.page_height = Cm(29.7), Cm(21)
    _paragraph(document, "DANH SÁCH", bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, space_after=0)
    _paragraph(
        document,
        f"xã, phường, đặc khu đạt chuẩn tiếp cận pháp luật năm {period.year}",
        bold=True,
        align=WD_ALIGN_PARAGRAPH.CENTER,
        space_after=0,
    )
    _paragraph(document, f"(Kèm theo Quyết định số {decision.number} ngày {decision.signed_on:%d/%m/%Y})", italic=True,
               align=WD_ALIGN_PARAGRAPH.CENTER)  # fmt: skip
    columns = [
        "STT",
        "Tên đơn vị",
        "Tổng số " + ("chỉ tiêu đạt" if pass_fail else "điểm"),
        *[f"Điểm {c}" if not pass_fail else c for c in criteria],
    ]
    table = document.add_table(rows=1, cols=len(columns))
    table.style = "Table Grid"
    for cell, title in zip(table.rows[0].cells, columns, strict=True):
        _cell(cell, [(title, True, False)], size=12)
    for index, entry in enumerate(entries, start=1):
        row = table.add_row().cells
        values = [str(index), entry.assessment.unit.name, vn(entry.total, 0 if pass_fail else 2),
                  *[vn(to_decimal(entry.criterion_points.get(c, 0)), 0 if pass_fail else 2) for c in criteria]]  # fmt: skip
        for cell, text in zip(row, values, strict=True):
            _cell(cell, [(text, False, False)], size=12)
    buffer = BytesIO()
    document.save(buffer)
    return buffer.getvalue()
