"""The built-in layouts: .docx templates with Jinja placeholders, written with python-docx.

They are the starting point a province downloads, edits in Word and uploads back, and what is
rendered while no uploaded version is active. Layout per Decree 30/2020/NĐ-CP: A4, Times New
Roman, the issuing body and the national motto side by side, number and symbol, place and date,
title, body, recipients and the signer block. The layouts of TT 09's Phụ lục II are not in hand:
see catalog.UNVERIFIED_LAYOUT.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from io import BytesIO
from typing import TypedDict, Unpack

from docx import Document
from docx.blkcntnr import BlockItemContainer
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_PARAGRAPH_ALIGNMENT
from docx.oxml import OxmlElement
from docx.shared import Cm, Pt
from docx.table import _Cell

from tiepcan.paperwork.catalog import FORMS, UNVERIFIED_LAYOUT

FONT = "Times New Roman"
CENTER, LEFT, RIGHT, JUSTIFY = (
    WD_ALIGN_PARAGRAPH.CENTER,
    WD_ALIGN_PARAGRAPH.LEFT,
    WD_ALIGN_PARAGRAPH.RIGHT,
    WD_ALIGN_PARAGRAPH.JUSTIFY,
)

Alignment = WD_PARAGRAPH_ALIGNMENT


class Style(TypedDict, total=False):
    """The paragraph settings :meth:`Sheet.each` passes on to :meth:`Sheet.p`."""

    bold: bool
    italic: bool
    align: Alignment
    size: int
    after: int
    lead: str


class Sheet:
    """A document being written: paragraphs, loops and tables in Decree 30's type."""

    def __init__(self) -> None:
        self.doc = Document()
        section = self.doc.sections[0]
        section.page_height, section.page_width = Cm(29.7), Cm(21)
        section.top_margin, section.bottom_margin = Cm(2), Cm(2)
        section.left_margin, section.right_margin = Cm(3), Cm(2)
        style = self.doc.styles["Normal"]
        style.font.name, style.font.size = FONT, Pt(14)

    def p(
        self,
        text: str = "",
        *,
        bold: bool = False,
        italic: bool = False,
        align: Alignment = JUSTIFY,
        size: int = 14,
        after: int = 6,
        lead: str = "",
        target: BlockItemContainer | None = None,
    ) -> None:
        paragraph = (target or self.doc).add_paragraph()
        paragraph.alignment = align
        paragraph.paragraph_format.space_after = Pt(after)
        if lead:
            run = paragraph.add_run(lead + " ")
            run.bold, run.font.size, run.font.name = True, Pt(size), FONT
        run = paragraph.add_run(text)
        run.bold, run.italic, run.font.size, run.font.name = bold, italic, Pt(size), FONT

    def each(self, loop: str, text: str, **style: Unpack[Style]) -> None:
        """One paragraph per item: ``{%p for … %}`` / the line / ``{%p endfor %}``."""
        self.p(f"{{%p for {loop} %}}", after=0)
        self.p(text, **style)
        self.p("{%p endfor %}", after=0)

    def when(self, condition: str, body: Callable[[], None]) -> None:
        self.p(f"{{%p if {condition} %}}", after=0)
        body()
        self.p("{%p endif %}", after=0)

    def cell(
        self, cell: _Cell, lines: list[tuple[str, bool, bool]], size: int = 13, align: Alignment = CENTER
    ) -> None:
        cell.paragraphs[0].text = ""
        for index, (text, bold, italic) in enumerate(lines):
            paragraph = cell.paragraphs[0] if index == 0 else cell.add_paragraph()
            paragraph.alignment = align
            paragraph.paragraph_format.space_after = Pt(0)
            run = paragraph.add_run(text)
            run.bold, run.italic, run.font.size, run.font.name = bold, italic, Pt(size), FONT

    def header(self, *, number: bool = True) -> None:
        """Form number, issuing body and number; national motto, place and date (Decree 30 Phụ lục I)."""
        self.p("{{ mau_so }}", bold=True, align=RIGHT, size=12, after=0)
        table = self.doc.add_table(rows=1, cols=2)
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        left = [("{{ co_quan_chu_quan }}", False, False), ("{{ co_quan }}", True, False), ("", False, False)]
        if number:
            left.append(("{{ so_ky_hieu }}", False, False))
        self.cell(table.rows[0].cells[0], left)
        self.cell(
            table.rows[0].cells[1],
            [
                ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", True, False),
                ("Độc lập - Tự do - Hạnh phúc", True, False),
                ("", False, False),
                ("{{ dia_danh_ngay }}", False, True),
            ],
        )
        for row in table.rows:
            row.cells[0].width, row.cells[1].width = Cm(6.2), Cm(9.8)
        self.p("", after=6)
        self.p("{{ ten_loai }}", bold=True, align=CENTER, after=0)
        self.p("{{ trich_yeu }}", bold=True, align=CENTER)

    def table(
        self,
        columns: list,
        loop: str,
        cells: list,
        *,
        size: int = 12,
        widths: list[float] | None = None,
        footer: list[str] | None = None,
    ) -> None:
        """A grid: header row, then one row per item of ``loop`` (``{%tr for %}`` rows).

        A column given as ``(loop, expression)`` repeats once per item (``{%tc for %}`` cells), so
        a table has as many criterion columns as the framework has criteria.
        """
        head, body = _expand(columns), _expand(cells)
        table = self.doc.add_table(rows=4, cols=len(head))
        table.style = "Table Grid"
        table.rows[0]._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))  # repeat on each page
        for cell, title in zip(table.rows[0].cells, head, strict=True):
            self.cell(cell, [(title, True, False)], size=size)
        self.cell(table.rows[1].cells[0], [(f"{{%tr for {loop} %}}", False, False)], size=size)
        for cell, value in zip(table.rows[2].cells, body, strict=True):
            self.cell(cell, [(value, False, False)], size=size, align=LEFT if len(value) > 24 else CENTER)
        self.cell(table.rows[3].cells[0], [("{%tr endfor %}", False, False)], size=size)
        if footer:
            row = table.add_row()
            for cell, value in zip(row.cells, footer, strict=True):
                self.cell(cell, [(value, True, False)], size=size)
        if widths and len(widths) == len(head):
            for row in table.rows:
                for cell, width in zip(row.cells, widths, strict=True):
                    cell.width = Cm(width)
        self.p("", after=4)

    def signature(self, *, recipients: bool = True) -> None:
        table = self.doc.add_table(rows=1, cols=2)
        table.rows[0].cells[0].width, table.rows[0].cells[1].width = Cm(8), Cm(8)
        if recipients:
            self.cell(table.rows[0].cells[0], [("Nơi nhận:", True, True)], size=12, align=LEFT)
            cell = table.rows[0].cells[0]
            for text in ("{%p for n in noi_nhan %}", "{{ n }}", "{%p endfor %}"):
                paragraph = cell.add_paragraph()
                paragraph.paragraph_format.space_after = Pt(0)
                run = paragraph.add_run(text)
                run.font.size, run.font.name = Pt(11), FONT
        right = table.rows[0].cells[1]
        self.cell(right, [("", False, False)])
        for text, bold in (
            ("{%p for line in ky_chuc_vu %}", False),
            ("{{ line }}", True),
            ("{%p endfor %}", False),
            ("", False),
            ("", False),
            ("", False),
            ("{{ ky_ten }}", True),
        ):
            paragraph = right.add_paragraph()
            paragraph.alignment = CENTER
            paragraph.paragraph_format.space_after = Pt(0)
            run = paragraph.add_run(text)
            run.bold, run.font.size, run.font.name = bold, Pt(14), FONT

    def landscape(self) -> None:
        section = self.doc.add_section()
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = Cm(29.7), Cm(21)

    def portrait(self) -> None:
        section = self.doc.add_section()
        section.orientation = WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = Cm(21), Cm(29.7)

    def save(self, code: str) -> bytes:
        props = self.doc.core_properties
        props.title = FORMS[code].label
        props.subject = FORMS[code].article
        props.comments = UNVERIFIED_LAYOUT
        props.keywords = "TT 09/2021/TT-BTP; Phụ lục II; cần đối chiếu"
        props.author = "TiếpCận"
        buffer = BytesIO()
        self.doc.save(buffer)
        return buffer.getvalue()


def _expand(items: list) -> list[str]:
    out: list[str] = []
    for item in items:
        if isinstance(item, tuple):
            out += [f"{{%tc for {item[0]} %}}", item[1], "{%tc endfor %}"]
        else:
            out.append(item)
    return out


def _form_01(s: Sheet) -> None:
    s.header()
    s.p(
        "Thực hiện {{ van_ban }}, Ủy ban nhân dân {{ don_vi }} "
        "báo cáo kết quả đánh giá chuẩn tiếp cận pháp luật năm {{ nam }} như sau:"
    )
    s.p("I. KẾT QUẢ TỰ CHẤM ĐIỂM, ĐÁNH GIÁ", bold=True)
    s.p("Bộ tiêu chí: {{ bo_tieu_chi }}. Tổng số điểm tự chấm: {{ tong_diem }}/{{ diem_toi_da }} điểm.")
    s.p("Điểm theo từng tiêu chí:")
    s.each("c in tieu_chi", "- {{ c.ma }}. {{ c.ten }}: {{ c.diem }}/{{ c.toi_da }} điểm ({{ c.dat }}).")
    s.p("{%p if dieu_kien %}", after=0)
    s.p("Điều kiện công nhận:")
    s.each("d in dieu_kien", "- {{ d.noi_dung }}: {{ d.ket_qua }}.")
    s.p("{%p endif %}", after=0)
    s.p("Kết luận: {{ ket_luan }}")
    s.each("l in ly_do", "- {{ l }}")
    s.p("II. NIÊM YẾT CÔNG KHAI VÀ TIẾP THU Ý KIẾN", bold=True)
    s.each("l in niem_yet", "- {{ l }}")
    s.p("Số ý kiến của Nhân dân, tổ chức, cá nhân nhận được: {{ so_y_kien }} (tổng hợp tại Mẫu 03).")
    s.p("III. CUỘC HỌP XEM XÉT, THỐNG NHẤT KẾT QUẢ", bold=True)
    s.each("l in hop_xa", "- {{ l }}")
    s.p("IV. ĐỀ NGHỊ", bold=True)
    s.when(
        "de_nghi",
        lambda: s.p(
            "Ủy ban nhân dân {{ don_vi }} đề nghị {{ nguoi_co_tham_quyen }} xem xét, công nhận {{ don_vi }} "
            "đạt chuẩn tiếp cận pháp luật năm {{ nam }}."
        ),
    )
    s.when(
        "not de_nghi",
        lambda: s.p(
            "{{ don_vi }} chưa đủ điều kiện công nhận đạt chuẩn tiếp cận pháp luật năm {{ nam }}; Ủy ban nhân dân "
            "{{ don_vi }} gửi Báo cáo và Bản tổng hợp điểm số để {{ noi_gui }} tổng hợp."
        ),
    )
    s.p(
        "Hồ sơ gửi kèm: Bản tổng hợp điểm số (Mẫu 02); Bản tổng hợp, tiếp thu, giải trình ý kiến (Mẫu 03); "
        "tài liệu minh chứng.",
        italic=True,
    )
    s.signature()


def _form_02(s: Sheet) -> None:
    s.header(number=False)
    s.p(
        "Đơn vị: {{ don_vi }}. Bộ tiêu chí: {{ bo_tieu_chi }}. Gửi lần {{ lan_gui }}.",
        italic=True,
        align=CENTER,
    )
    s.doc.add_paragraph()
    s.landscape()
    s.table(
        ["Mã", "Tiêu chí, chỉ tiêu", "Điểm tối đa", "Điểm tự chấm", "Diễn giải"],
        "r in chi_tieu_phang",
        ["{{ r.ma }}", "{{ r.ten }}", "{{ r.toi_da }}", "{{ r.diem }}", "{{ r.dien_giai }}"],
        widths=[1.8, 11, 2.2, 2.2, 8.5],
        footer=["", "Tổng cộng", "{{ diem_toi_da }}", "{{ tong_diem }}", ""],
    )
    s.p("Kết luận: {{ ket_luan }}", bold=True)
    s.each("l in ly_do", "- {{ l }}")
    s.signature(recipients=False)


def _form_03(s: Sheet) -> None:
    s.header(number=False)
    s.p("Đơn vị: {{ don_vi }}. Số ý kiến nhận được trong thời gian niêm yết: {{ so_y_kien }}.", italic=True)
    s.table(
        ["STT", "Người, tổ chức góp ý", "Ngày", "Nội dung ý kiến", "Tiếp thu, giải trình"],
        "y in y_kien",
        ["{{ y.stt }}", "{{ y.nguoi }}", "{{ y.ngay }}", "{{ y.noi_dung }}", "{{ y.giai_trinh }}"],
        widths=[1.2, 3.3, 2.3, 4.6, 4.6],
    )
    s.p("Tổng hợp của Ủy ban nhân dân cấp xã khi gửi hồ sơ:", bold=True)
    s.p("{{ tong_hop }}")
    s.p("Giải trình theo yêu cầu bổ sung của cơ quan thẩm định:", bold=True)
    s.table(
        ["Chỉ tiêu", "Yêu cầu bổ sung", "Giải trình"],
        "g in giai_trinh_tham_dinh",
        ["{{ g.chi_tieu }}", "{{ g.yeu_cau }}", "{{ g.giai_trinh }}"],
        widths=[2.2, 6.9, 6.9],
    )
    s.signature(recipients=False)


def _form_04(s: Sheet) -> None:
    s.header(number=False)
    s.p("PHẦN 1. PHIẾU LẤY Ý KIẾN", bold=True, align=CENTER)
    s.p(
        "Để đánh giá {{ chi_tieu_mo_hinh }} năm {{ nam }} tại {{ don_vi }}, xin Ông/Bà cho biết ý kiến về các "
        "hình thức, mô hình thông tin, phổ biến, giáo dục pháp luật đã triển khai trên địa bàn."
    )
    s.p(
        "Họ và tên người cho ý kiến: ............................................................", align=LEFT
    )
    s.p("Thôn, tổ dân phố / cơ quan, tổ chức: ..................................................", align=LEFT)
    s.table(
        ["STT", "Hình thức, mô hình", "Hiệu quả", "Chưa hiệu quả", "Ý kiến khác"],
        "r in dong_trong",
        ["{{ r }}", "", "", "", ""],
        widths=[1.2, 7.3, 2.3, 2.3, 2.9],
    )
    s.p("PHẦN 2. BẢN TỔNG HỢP KẾT QUẢ ĐÁNH GIÁ", bold=True, align=CENTER)
    s.p("Số phiếu phát ra: ......; số phiếu thu về: ......", align=LEFT)
    s.table(
        ["STT", "Hình thức, mô hình", "Số phiếu “hiệu quả”", "Tỷ lệ (%)", "Kết luận"],
        "r in dong_trong",
        ["{{ r }}", "", "", "", ""],
        widths=[1.2, 7.3, 2.5, 2.1, 2.9],
    )
    s.p("Điểm tự chấm của chỉ tiêu {{ chi_tieu_mo_hinh }}: {{ diem_mo_hinh }}/{{ toi_da_mo_hinh }} điểm.")
    s.signature(recipients=False)


def _form_05(s: Sheet) -> None:
    s.header()
    s.p("Hình thức: {{ hinh_thuc }}. Thời gian: {{ ngay_hop }}. Địa điểm: {{ dia_diem }}.")
    s.p("Tài liệu cuộc họp gửi các thành viên ngày: {{ ngay_gui_tai_lieu }}.")
    s.p("Chủ trì: {{ chu_tri }}. Thư ký: {{ thu_ky }}.")
    s.p("Thành viên dự họp: {{ so_du_hop }}/{{ so_thanh_vien }} thành viên Hội đồng:")
    s.each("t in du_hop", "- {{ t.ten }} ({{ t.vai_tro }})")
    s.p("NỘI DUNG CUỘC HỌP", bold=True, align=CENTER)
    s.p("{{ noi_dung }}")
    s.p("KẾT QUẢ THẨM ĐỊNH VÀ BIỂU QUYẾT", bold=True, align=CENTER)
    s.table(
        [
            "STT",
            "Đơn vị",
            "Tổng điểm thẩm định",
            "Kết luận",
            "Kiến nghị",
            "Tán thành",
            "Không tán thành",
            "Không biểu quyết",
        ],
        "h in ho_so",
        [
            "{{ h.stt }}",
            "{{ h.don_vi }}",
            "{{ h.tong_diem }}",
            "{{ h.ket_luan }}",
            "{{ h.de_nghi }}",
            "{{ h.tan_thanh }}",
            "{{ h.khong_tan_thanh }}",
            "{{ h.khong_bieu_quyet }}",
        ],
        size=11,
    )
    s.p(
        "Biên bản có chữ ký xác nhận của người chủ trì cuộc họp và Thư ký Hội đồng "
        "(Điều 5 khoản 5 Thông tư số 09/2021/TT-BTP).",
        italic=True,
    )
    table = s.doc.add_table(rows=1, cols=2)
    s.cell(
        table.rows[0].cells[0],
        [
            ("THƯ KÝ", True, False),
            ("{{ thu_ky_ky }}", False, True),
            ("", False, False),
            ("", False, False),
            ("{{ thu_ky }}", True, False),
        ],
    )
    s.cell(
        table.rows[0].cells[1],
        [
            ("NGƯỜI CHỦ TRÌ", True, False),
            ("{{ chu_tri_ky }}", False, True),
            ("", False, False),
            ("", False, False),
            ("{{ chu_tri }}", True, False),
        ],
    )


def _form_06(s: Sheet) -> None:
    s.header(number=False)
    s.p("Thành viên: {{ thanh_vien }} ({{ vai_tro }}{% if chuc_danh %}, {{ chuc_danh }}{% endif %}).")
    s.p("Ý kiến thẩm định về hồ sơ, kết quả chấm điểm các tiêu chí, chỉ tiêu và điều kiện công nhận:")
    s.p("{%p for h in ho_so %}", after=0)
    s.p("{{ h.don_vi }}: tổng điểm tự chấm {{ h.tong_xa }}.", bold=True)
    table = s.doc.add_table(rows=4, cols=5)
    table.style = "Table Grid"
    for cell, title in zip(
        table.rows[0].cells, ["Chỉ tiêu", "Nội dung", "Điểm tối đa", "Điểm đề xuất", "Lý do"], strict=True
    ):
        s.cell(cell, [(title, True, False)], size=11)
    s.cell(table.rows[1].cells[0], [("{%tr for y in h.y_kien %}", False, False)], size=11)
    for cell, value in zip(
        table.rows[2].cells,
        ["{{ y.chi_tieu }}", "{{ y.ten }}", "{{ y.toi_da }}", "{{ y.diem }}", "{{ y.ly_do }}"],
        strict=True,
    ):
        s.cell(cell, [(value, False, False)], size=11)
    s.cell(table.rows[3].cells[0], [("{%tr endfor %}", False, False)], size=11)
    s.p("{%p endfor %}", after=0)
    s.p("Ý kiến khác, sáng kiến, giải pháp: ..................................................", align=LEFT)
    table = s.doc.add_table(rows=1, cols=2)
    s.cell(
        table.rows[0].cells[1],
        [
            ("THÀNH VIÊN HỘI ĐỒNG", True, False),
            ("", False, False),
            ("", False, False),
            ("", False, False),
            ("{{ thanh_vien }}", True, False),
        ],
    )


def _form_06th(s: Sheet) -> None:
    s.header(number=False)
    s.p("Số thành viên có ý kiến: {{ so_y_kien }}/{{ so_thanh_vien }}.")
    s.each("t in thanh_vien", "- {{ t }}")
    s.p("{%p for h in ho_so %}", after=0)
    s.p(
        "{{ h.stt }}. {{ h.don_vi }}: tự chấm {{ h.tong_xa }}, tổng hợp Hội đồng {{ h.tong_hoi_dong }}; "
        "{{ h.ket_luan }} {{ h.de_nghi }}",
        bold=True,
    )
    table = s.doc.add_table(rows=4, cols=4)
    table.style = "Table Grid"
    for cell, title in zip(
        table.rows[0].cells, ["Chỉ tiêu", "Điểm tự chấm", "Ý kiến thành viên", "Điểm bình quân"], strict=True
    ):
        s.cell(cell, [(title, True, False)], size=11)
    s.cell(table.rows[1].cells[0], [("{%tr for c in h.chi_tieu %}", False, False)], size=11)
    for cell, value in zip(
        table.rows[2].cells,
        ["{{ c.ma }}", "{{ c.diem_xa }}", "{{ c.y_kien }}", "{{ c.diem_tb }}"],
        strict=True,
    ):
        s.cell(cell, [(value, False, False)], size=11)
    s.cell(table.rows[3].cells[0], [("{%tr endfor %}", False, False)], size=11)
    s.p("{%p endfor %}", after=0)
    s.signature(recipients=False)


def _form_07(s: Sheet) -> None:
    s.header(number=False)
    s.p("Hội đồng thẩm định ngày {{ ngay_hop }}.", italic=True, align=CENTER)
    s.doc.add_paragraph()
    s.landscape()
    s.table(
        [
            "STT",
            "Đơn vị",
            "Tổng điểm tự chấm",
            ("c in cot_tieu_chi", "{{ c }}"),
            "Tổng điểm thẩm định",
            "Kết luận",
            "Kiến nghị",
        ],
        "h in ho_so",
        [
            "{{ h.stt }}",
            "{{ h.don_vi }}",
            "{{ h.tong_xa }}",
            ("d in h.diem", "{{ d }}"),
            "{{ h.tong }}",
            "{{ h.ket_luan }}",
            "{{ h.de_nghi }}",
        ],
        size=11,
    )
    s.signature(recipients=False)


def _form_08(s: Sheet) -> None:
    s.header()
    s.p("{{ tham_quyen }}", bold=True, align=CENTER)
    s.each("c in can_cu", "{{ c }}", italic=True)
    s.p("{{ xet }}", italic=True)
    s.p("QUYẾT ĐỊNH:", bold=True, align=CENTER)
    s.each("d in dieu", "{{ d.noi_dung }}", lead="{{ d.so }}")
    s.signature()
    s.landscape()
    s.p("DANH SÁCH", bold=True, align=CENTER, after=0)
    s.p("{{ danh_sach_tieu_de }}", bold=True, align=CENTER, after=0)
    s.p("{{ kem_theo }}", italic=True, align=CENTER)
    s.table([("c in cot", "{{ c }}")], "r in dat", [("v in r", "{{ v }}")])
    s.p("DANH SÁCH", bold=True, align=CENTER, after=0)
    s.p("{{ chua_dat_tieu_de }}", bold=True, align=CENTER, after=0)
    s.p("{{ kem_theo }}", italic=True, align=CENTER)
    s.table(
        ["STT", "Tên đơn vị", "Tổng số điểm", "Lý do chưa đạt"],
        "r in chua_dat",
        ["{{ r.stt }}", "{{ r.don_vi }}", "{{ r.tong_diem }}", "{{ r.ly_do }}"],
        widths=[1.5, 7, 3, 13],
    )


def _form_09(s: Sheet) -> None:
    s.header(number=False)
    s.p(
        "Địa bàn: {{ dia_ban }}. Số đơn vị cấp xã: {{ so_xa }}; có kết quả chấm điểm: {{ so_co_diem }}.",
        italic=True,
        align=CENTER,
    )
    s.doc.add_paragraph()
    s.landscape()
    s.p("I. SỐ LIỆU THEO TIÊU CHÍ", bold=True)
    s.table(
        [
            "Tiêu chí",
            "Nội dung",
            "Điểm tối đa",
            "Số đơn vị có điểm",
            "Điểm bình quân",
            "Số đơn vị đạt từ 50%",
        ],
        "c in tieu_chi",
        [
            "{{ c.ma }}",
            "{{ c.ten }}",
            "{{ c.toi_da }}",
            "{{ c.so_xa }}",
            "{{ c.trung_binh }}",
            "{{ c.so_dat_50 }}",
        ],
        size=11,
        widths=[1.6, 11, 2.2, 2.6, 2.6, 3],
    )
    s.p("II. SỐ LIỆU THEO ĐƠN VỊ", bold=True)
    s.table(
        ["STT", "Đơn vị", "Trạng thái hồ sơ", "Tổng điểm", ("c in cot_tieu_chi", "{{ c }}"), "Công nhận"],
        "x in xa",
        [
            "{{ x.stt }}",
            "{{ x.don_vi }}",
            "{{ x.trang_thai }}",
            "{{ x.tong }}",
            ("d in x.diem", "{{ d }}"),
            "{{ x.cong_nhan }}",
        ],
        size=11,
    )
    s.signature(recipients=False)


def _form_10(s: Sheet) -> None:
    s.header()
    s.p("Kính gửi: {{ noi_bao_cao }}.", align=CENTER)
    s.p("I. KẾT QUẢ ĐÁNH GIÁ, CÔNG NHẬN NĂM {{ nam }} TRÊN ĐỊA BÀN {{ dia_ban }}", bold=True)
    s.each("x in so_lieu", "- {{ x.noi_dung }}: {{ x.so }}.")
    s.p("Các quyết định công nhận:")
    s.each(
        "q in quyet_dinh", "- Quyết định số {{ q.so }} ngày {{ q.ngay }}: công nhận {{ q.so_don_vi }} đơn vị."
    )
    s.p("II. DANH SÁCH ĐẠT CHUẨN TIẾP CẬN PHÁP LUẬT", bold=True)
    s.table(
        ["STT", "Đơn vị", "Tổng điểm"],
        "x in dat",
        ["{{ x.stt }}", "{{ x.don_vi }}", "{{ x.tong }}"],
        widths=[1.5, 10, 4.5],
    )
    s.p("III. DANH SÁCH CHƯA ĐẠT CHUẨN TIẾP CẬN PHÁP LUẬT", bold=True)
    s.table(
        ["STT", "Đơn vị", "Lý do"],
        "x in chua_dat",
        ["{{ x.stt }}", "{{ x.don_vi }}", "{{ x.ly_do }}"],
        widths=[1.5, 6, 8.5],
    )
    s.p("IV. THU HỒI CÔNG NHẬN", bold=True)
    s.each("x in thu_hoi", "- {{ x.don_vi }}: Quyết định số {{ x.so }} ({{ x.ly_do }}).")
    s.p("V. ĐÁNH GIÁ CHUNG, KHÓ KHĂN, VƯỚNG MẮC VÀ KIẾN NGHỊ", bold=True)
    s.p(
        ".........................................................................................................."
    )
    s.signature()


BUILDERS: dict[str, Callable[[Sheet], None]] = {
    "01": _form_01,
    "02": _form_02,
    "03": _form_03,
    "04": _form_04,
    "05": _form_05,
    "06": _form_06,
    "06th": _form_06th,
    "07": _form_07,
    "08": _form_08,
    "09": _form_09,
    "10": _form_10,
}


@cache
def default_template(code: str) -> bytes:
    """The built-in .docx template of a form (made once per process)."""
    sheet = Sheet()
    BUILDERS[code](sheet)
    return sheet.save(code)
