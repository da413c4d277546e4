"""Official documents in the layout of Decree 30/2020/NĐ-CP: the recognition decision.

The wording is built once (:func:`decision_text`) and laid out as Mẫu 08 of TT 09/2021
Phụ lục II by tiepcan.paperwork: an editable .docx (officials edit and sign these) and a PDF
drawn from that .docx for reading and publishing (``assessments.tasks.render_decision``). The
forms' contexts read this module, so it imports nothing of ``paperwork``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.utils import translation
from docx.document import Document as DocxDocument
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt
from docx.table import _Cell
from docx.text.paragraph import Paragraph

from tiepcan.assessments.models import RecognitionDecision
from tiepcan.frameworks.authority import authority_of
from tiepcan.frameworks.choices import Level
from tiepcan.frameworks.display import unit_kinds_words
from tiepcan.lib.engine.numbers import to_decimal, vn

FONT = "Times New Roman"


@dataclass(frozen=True)
class DecisionText:
    """Every line of a recognition decision, in reading order, independent of the format."""

    issuer: str
    number: str
    place_date: str
    kind: str
    summary: str
    authority: str
    bases: list[str]
    considering: str
    articles: list[tuple[str, str]]
    recipients: list[str]
    signer_lines: list[str]
    signer_name: str
    annex_title: str
    annex_subtitle: str
    annex_reference: str
    columns: list[str]
    rows: list[list[str]]


KINDS = ("Nghị quyết", "Nghị định", "Quyết định", "Thông tư", "Chỉ thị", "Kế hoạch")

# The chairman's competence comes from the law on local government in force on the signing day.
LOCAL_GOVERNMENT_LAWS = (
    (date(2025, 7, 1), ["Căn cứ Luật Tổ chức chính quyền địa phương ngày 16 tháng 6 năm 2025;"]),
    (
        date(2020, 7, 1),
        [
            "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;",
            "Căn cứ Luật sửa đổi, bổ sung một số điều của Luật Tổ chức Chính phủ và Luật Tổ chức "
            "chính quyền địa phương ngày 22 tháng 11 năm 2019;",
        ],
    ),
    (date(2016, 1, 1), ["Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;"]),
)


def vn_date(day: date) -> str:
    """``ngày 05 tháng 3 năm 2027``: Decree 30 pads days below 10 and the months January and February."""
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return f"ngày {day.day:02d} tháng {month} năm {day.year}"


def _bases(legal_basis: list[dict[str, Any]], signed: date) -> list[str]:
    """The chairman's bases: the local-government law, then the framework's own documents.

    Laws in the framework's list (the Prime Minister's competence) are left out; each document
    reads ``Căn cứ Quyết định số … ngày … của <issuer> quy định …;``.
    """
    lines = next((laws for since, laws in LOCAL_GOVERNMENT_LAWS if signed >= since), [])[:]
    for basis in legal_basis:
        title = basis["title"]
        kind = next((k for k in KINDS if title.startswith(k + " ")), None)
        if kind is None:
            continue  # a law: not a basis of the chairman's decision
        issued = f" {vn_date(date.fromisoformat(basis['date']))}" if basis.get("date") else ""
        issuer = re.sub(r"\s*\(.*\)\s*$", "", basis.get("issuer") or "")
        of = f" của {issuer}" if issuer else ""
        lines.append(f"Căn cứ {kind} số {basis['number']}{issued}{of} {title[len(kind) + 1 :]};")
    return lines


def _signer(signer_title: str) -> list[str]:
    """The signer block's title lines: a deputy signs ``KT. CHỦ TỊCH`` over ``PHÓ CHỦ TỊCH``."""
    title = " ".join(signer_title.split())
    deputy = re.search(r"phó chủ tịch", title, re.IGNORECASE)
    if deputy:
        return ["KT. CHỦ TỊCH", title[deputy.start() :].upper()]
    return [title.upper()]


def file_name(decision: RecognitionDecision, ext: str) -> str:
    """``quyet-dinh-168-QĐ-UBND.pdf``: send it through ``content_disposition_header`` (it has Vietnamese letters)."""
    return f"quyet-dinh-{decision.number.replace('/', '-')}.{ext}"


# Who carries out the decision and who receives it, by the level the framework gives the
# recognition: the provincial justice department under a provincial chairman, the district
# justice office under a district chairman (QĐ 25/2021 Điều 5 khoản 3; TT 09/2021 Điều 3 khoản 2).
JUSTICE_HEAD = {Level.PROVINCE: "Giám đốc Sở Tư pháp", Level.DISTRICT: "Trưởng phòng Tư pháp"}
REPORTED_TO = {Level.PROVINCE: "- Bộ Tư pháp;", Level.DISTRICT: "- Sở Tư pháp;"}
PROPOSER = {Level.PROVINCE: "Giám đốc Sở Tư pháp", Level.DISTRICT: "Trưởng phòng Tư pháp"}


def _articles(count: int, year: int, kinds: str, level: Level) -> list[tuple[str, str]]:
    return [
        (
            "Điều 1.",
            f"Công nhận {count} {kinds} đạt chuẩn tiếp cận pháp luật năm {year} (có danh sách kèm theo).",
        ),
        ("Điều 2.", "Quyết định này có hiệu lực kể từ ngày ký."),
        (
            "Điều 3.",
            f"Chánh Văn phòng, {JUSTICE_HEAD[level]}, Chủ tịch Ủy ban nhân dân các {kinds} có tên "
            "tại Điều 1 và các cơ quan, đơn vị có liên quan chịu trách nhiệm thi hành Quyết định này./.",
        ),
    ]


def decision_text(decision: RecognitionDecision) -> DecisionText:
    period = decision.period
    entries = list(
        decision.entries.select_related("assessment__unit").order_by("assessment__unit__name_sort")
    )
    definition = period.framework.definition
    criteria = [c["code"] for c in definition["criteria"]]
    pass_fail = definition["scoring"] == "pass_fail"
    places = 0 if pass_fail else 2
    signed = decision.signed_on
    # The council, the level and the units come from the framework (QĐ 25: district council and
    # chairman, xã, phường, thị trấn; QĐ 27 as read: province, xã, phường, đặc khu).
    authority = authority_of(definition)
    with translation.override("vi"):  # the decision is written in Vietnamese whatever the page's language
        kinds = unit_kinds_words(definition["applies_to"])
    level = authority.recognition_level
    return DecisionText(
        issuer=decision.issuer_name.upper(),
        number=f"Số: {decision.number}",
        place_date=f"{decision.place}, {vn_date(signed)}",
        kind="QUYẾT ĐỊNH",
        summary=f"Về việc công nhận {kinds} đạt chuẩn tiếp cận pháp luật năm {period.year}",
        # Recognition is the chairman's competence, whoever signs on the chairman's behalf.
        authority=f"CHỦ TỊCH {decision.issuer_name}".upper(),
        bases=_bases(period.framework.definition.get("legal_basis", []), signed),
        considering=f"Xét kết quả tư vấn, thẩm định của {authority.council_name} năm {period.year} và "
        f"đề nghị của {PROPOSER[authority.review_level]},",
        articles=_articles(len(entries), period.year, kinds, level),
        recipients=["- Như Điều 3;", REPORTED_TO[level], "- Lưu: VT."],
        signer_lines=_signer(decision.signer_title),
        signer_name=decision.signer_name,
        annex_title="DANH SÁCH",
        annex_subtitle=f"{kinds} đạt chuẩn tiếp cận pháp luật năm {period.year}",
        annex_reference=f"(Kèm theo Quyết định số {decision.number} {vn_date(signed)} của {decision.issuer_name})",
        columns=[
            "STT",
            "Tên đơn vị",
            "Tổng số " + ("chỉ tiêu đạt" if pass_fail else "điểm"),
            *[c if pass_fail else f"Điểm {c}" for c in criteria],
        ],
        rows=[
            [
                str(index),
                entry.assessment.unit.name,
                vn(entry.total, places),
                *[vn(to_decimal(entry.criterion_points.get(c, 0)), places) for c in criteria],
            ]
            for index, entry in enumerate(entries, start=1)
        ],
    )


# --- .docx helpers (shared with plans/documents.py) ----------------------------------------------


def _paragraph(
    document: DocxDocument,
    text: str = "",
    *,
    bold: bool = False,
    italic: bool = False,
    size: int = 14,
    align: WD_ALIGN_PARAGRAPH = WD_ALIGN_PARAGRAPH.JUSTIFY,
    space_after: int = 6,
    lead: str = "",
) -> Paragraph:
    paragraph = document.add_paragraph()
    paragraph.alignment = align
    paragraph.paragraph_format.space_after = Pt(space_after)
    if lead:
        run = paragraph.add_run(lead + " ")
        run.bold, run.font.size, run.font.name = True, Pt(size), FONT
    run = paragraph.add_run(text)
    run.bold, run.italic, run.font.size, run.font.name = bold, italic, Pt(size), FONT
    return paragraph


def _cell(cell: _Cell, lines: list[tuple[str, bool, bool]], size: int = 13) -> None:
    cell.paragraphs[0].text = ""
    for index, (text, bold, italic) in enumerate(lines):
        paragraph = cell.paragraphs[0] if index == 0 else cell.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        paragraph.paragraph_format.space_after = Pt(0)
        run = paragraph.add_run(text)
        run.bold, run.italic, run.font.size, run.font.name = bold, italic, Pt(size), FONT
