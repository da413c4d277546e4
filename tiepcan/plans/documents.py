"""The plan as an editable Word document in the layout of Decree 30/2020/NĐ-CP (as the seed reads).

Issuing body and national motto side by side, number and symbol, place and date; the title
"KẾ HOẠCH" and the plan's name; the legal bases; I. purposes and requirements; II. the
activities group by group, each with its lead and coordinating agencies, time and output,
written as the seed plan writes them; III. responsibilities; recipients and signer block.
A4, Times New Roman 14 pt (Decree 30/2020/NĐ-CP, Phụ lục I).
"""

from __future__ import annotations

from io import BytesIO

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Pt

from tiepcan.assessments.documents import FONT, _cell, _paragraph, vn_date
from tiepcan.plans.choices import AgencyRole
from tiepcan.plans.models import Activity, ActivityAgency, Plan


def _place(plan: Plan) -> str:
    name = plan.province.name
    for prefix in ("Tỉnh ", "Thành phố "):
        if name.startswith(prefix):
            return name[len(prefix) :]
    return name


def _issuer_lines(plan: Plan) -> list[str]:
    issuer = plan.issuer
    if issuer is not None and issuer.code == "ubnd-tinh":
        return ["ỦY BAN NHÂN DÂN", f"TỈNH {_place(plan).upper()}"]
    return [(issuer.name if issuer is not None else plan.province.name).upper()]


def plan_docx(plan: Plan) -> bytes:
    document = Document()
    section = document.sections[0]
    section.page_height, section.page_width = Cm(29.7), Cm(21)
    section.top_margin, section.bottom_margin = Cm(2), Cm(2)
    section.left_margin, section.right_margin = Cm(3), Cm(2)
    style = document.styles["Normal"]
    style.font.name, style.font.size = FONT, Pt(14)

    number = f"Số: {plan.number}" if plan.number else "Số:        /KH-UBND"
    place_date = (
        f"{_place(plan)}, {vn_date(plan.issued_on)}"
        if plan.issued_on
        else f"{_place(plan)}, ngày   tháng   năm"
    )
    header = document.add_table(rows=1, cols=2)
    header.alignment = WD_TABLE_ALIGNMENT.CENTER
    _cell(
        header.rows[0].cells[0],
        [*[(line, True, False) for line in _issuer_lines(plan)], ("", False, False), (number, False, False)],
    )
    _cell(
        header.rows[0].cells[1],
        [
            ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", True, False),
            ("Độc lập - Tự do - Hạnh phúc", True, False),
            ("", False, False),
            (place_date, False, True),
        ],
    )

    _paragraph(document, "", space_after=6)
    _paragraph(document, "KẾ HOẠCH", bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, space_after=0)
    title = plan.title
    if title.lower().startswith("kế hoạch "):
        title = title[len("kế hoạch ") :]
    _paragraph(document, title, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    for basis in plan.legal_bases:
        _paragraph(document, basis, italic=True)

    if plan.purposes or plan.requirements:
        _paragraph(document, "I. MỤC ĐÍCH, YÊU CẦU", bold=True)
        if plan.purposes:
            _paragraph(document, "1. Mục đích", bold=True)
            for line in plan.purposes:
                _paragraph(document, f"- {line}")
        if plan.requirements:
            _paragraph(document, "2. Yêu cầu", bold=True)
            for line in plan.requirements:
                _paragraph(document, f"- {line}")

    _paragraph(document, "II. NỘI DUNG HOẠT ĐỘNG", bold=True)
    activities = (
        Activity.objects.filter(plan=plan)
        .prefetch_related("agency_links")
        .order_by("group__order", "order", "number")
    )
    by_group: dict[int, list[Activity]] = {}
    for activity in activities:
        by_group.setdefault(activity.group_id, []).append(activity)
    for group in plan.groups.order_by("order"):
        _paragraph(document, f"{group.number}. {group.title}", bold=True)
        for activity in by_group.get(group.pk, []):
            _paragraph(document, activity.title, lead=f"Hoạt động {activity.number}.")
            links: list[ActivityAgency] = list(activity.agency_links.all())
            lead = ", ".join(x.label for x in links if x.role == AgencyRole.LEAD)
            coordinating = ", ".join(x.label for x in links if x.role == AgencyRole.COORDINATING)
            _paragraph(document, f"- Cơ quan chủ trì: {lead}.")
            if coordinating:
                _paragraph(document, f"- Cơ quan phối hợp: {coordinating}.")
            _paragraph(document, f"- Thời gian thực hiện: {activity.schedule_text}")
            if activity.outputs_text:
                _paragraph(document, f"- Kết quả sản phẩm: {activity.outputs_text}")

    responsibilities = list(plan.responsibilities.order_by("order"))
    if responsibilities:
        _paragraph(document, "III. TỔ CHỨC THỰC HIỆN", bold=True)
        for index, item in enumerate(responsibilities, start=1):
            _paragraph(document, f"{index}. {item.label}", bold=True)
            for duty in item.duties:
                _paragraph(document, f"- {duty}")

    footer = document.add_table(rows=1, cols=2)
    _cell(
        footer.rows[0].cells[0],
        [
            ("Nơi nhận:", True, True),
            *[(f"- {r.rstrip(';.')};", False, False) for r in plan.recipients],
            ("- Lưu: VT.", False, False),
        ],
        size=11,
    )
    signer = (plan.signer_title or "Chủ tịch").upper()
    lines = [("TM. ỦY BAN NHÂN DÂN", True, False)] if plan.issuer and plan.issuer.code == "ubnd-tinh" else []
    _cell(
        footer.rows[0].cells[1],
        [
            *lines,
            (signer, True, False),
            ("", False, False),
            ("", False, False),
            ("", False, False),
            (plan.signer_name, True, False),
        ],
    )
    buffer = BytesIO()
    document.save(buffer)
    return buffer.getvalue()
