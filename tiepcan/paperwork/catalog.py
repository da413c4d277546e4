"""The forms of TT 09/2021/TT-BTP Điều 4 (Phụ lục II, Mẫu 01–10): what each is, and its placeholders.

Phụ lục II itself is not in hand (the codification only links to it): the built-in layouts follow
Decree 30/2020/NĐ-CP and the contents the articles name, and every one of them is marked as to be
checked against the official annex (in the document's properties, in the listing page and in
docs/forms.md). A province replaces a layout by uploading its own .docx with the same placeholders.

A form's context is plain data (strings, numbers as Vietnamese text, lists and dicts of them):
the sandboxed template sees nothing else. ``fields`` names every top-level placeholder a template
may use; ``required`` those a replacement must keep (the facts the form exists to carry).
"""

from __future__ import annotations

from dataclasses import dataclass, field

# Shown wherever a built-in layout is offered or rendered.
UNVERIFIED_LAYOUT = (
    "Bố cục do TiếpCận soạn theo Nghị định 30/2020/NĐ-CP và nội dung TT 09/2021/TT-BTP nêu; "
    "cần đối chiếu với Phụ lục II chính thức."
)

# Scopes: what one rendered form is about.
ROUND = "round"  # one sent round of a commune's dossier (Mẫu 01–04)
MEETING = "meeting"  # one council meeting or written consultation (Mẫu 05, 06 summary, 07)
MEMBER = "member"  # one council member's written opinion in one consultation (Mẫu 06)
DECISION = "decision"  # one recognition decision (Mẫu 08)
AREA = "area"  # one area (district or province) in one period (Mẫu 09, 10)

COMMON = {
    "mau_so": "Số hiệu mẫu (ví dụ “Mẫu 01”)",
    "co_quan_chu_quan": "Cơ quan chủ quản (dòng trên tên cơ quan ban hành, có thể trống)",
    "co_quan": "Tên cơ quan ban hành (chữ in hoa)",
    "so_ky_hieu": "Số, ký hiệu văn bản (“Số: …/BC-UBND”)",
    "dia_danh_ngay": "Địa danh, ngày tháng năm ban hành",
    "ten_loai": "Tên loại văn bản (BÁO CÁO, BIÊN BẢN…)",
    "trich_yeu": "Trích yếu nội dung",
    "nam": "Năm đánh giá",
    "noi_nhan": "Danh sách nơi nhận (mỗi dòng một nơi)",
    "ky_chuc_vu": "Các dòng chức vụ người ký (KT. CHỦ TỊCH / PHÓ CHỦ TỊCH…)",
    "ky_ten": "Họ tên người ký",
    "ghi_chu_bo_cuc": "Ghi chú: bố cục cần đối chiếu với Phụ lục II",
}
COMMON_REQUIRED = ("co_quan", "dia_danh_ngay")


@dataclass(frozen=True)
class FormSpec:
    code: str
    number: str  # as TT 09 names it: "Mẫu 01"
    title: str
    article: str
    scope: str
    fields: dict[str, str]
    required: tuple[str, ...]
    slug: str
    pdf: bool = True  # whether people print it (a PDF is offered besides the .docx)
    all_fields: dict[str, str] = field(default_factory=dict, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "all_fields", {**COMMON, **self.fields})

    @property
    def label(self) -> str:
        return f"{self.number}: {self.title}"


ROUND_FIELDS = {
    "don_vi": "Tên xã, phường, thị trấn (đặc khu)",
    "lan_gui": "Lần gửi hồ sơ",
    "gui_luc": "Thời điểm gửi",
    "nguoi_gui": "Người gửi",
    "bo_tieu_chi": "Tên bộ tiêu chí",
    "tong_diem": "Tổng điểm tự chấm",
    "diem_toi_da": "Tổng điểm tối đa",
    "ket_luan": "Kết luận theo bộ tiêu chí",
    "van_ban": "Các văn bản quy định của bộ tiêu chí (Quyết định số …, Thông tư số …)",
}
SCORE_ROWS = {
    "tieu_chi": "Bảng tiêu chí: ma, ten, diem, toi_da, dat (Đạt/Chưa đạt), chi_tieu (bảng chỉ tiêu: ma, ten, diem, toi_da, dien_giai)",
}

FORMS: dict[str, FormSpec] = {
    spec.code: spec
    for spec in (
        FormSpec(
            "01",
            "Mẫu 01",
            "Báo cáo đánh giá kết quả và đề nghị công nhận đạt chuẩn tiếp cận pháp luật",
            "TT 09/2021/TT-BTP Điều 4 khoản 1 điểm a",
            ROUND,
            {
                **ROUND_FIELDS,
                **SCORE_ROWS,
                "de_nghi": "Có đề nghị công nhận (đúng/sai); sai khi chỉ gửi báo cáo (Điều 3 khoản 1 điểm e)",
                "loai_ho_so": "Loại hồ sơ gửi",
                "ly_do": "Các lý do của kết luận",
                "dieu_kien": "Các điều kiện công nhận và kết quả: noi_dung, ket_qua",
                "niem_yet": "Các dòng về việc niêm yết công khai",
                "so_y_kien": "Số ý kiến nhận được",
                "hop_xa": "Các dòng về cuộc họp thống nhất kết quả",
                "noi_gui": "Cơ quan nhận hồ sơ",
                "nguoi_co_tham_quyen": "Người có thẩm quyền công nhận",
            },
            (*COMMON_REQUIRED, "don_vi", "tong_diem", "tieu_chi"),
            "bao-cao-de-nghi",
        ),
        FormSpec(
            "02",
            "Mẫu 02",
            "Bản tổng hợp điểm số của các tiêu chí, chỉ tiêu",
            "TT 09/2021/TT-BTP Điều 4 khoản 1 điểm b",
            ROUND,
            {
                **ROUND_FIELDS,
                **SCORE_ROWS,
                "ly_do": "Các lý do của kết luận",
                "chi_tieu_phang": "Bảng phẳng tiêu chí và chỉ tiêu: ma, ten, toi_da, diem, dien_giai",
            },
            (*COMMON_REQUIRED, "don_vi", "tong_diem", "chi_tieu_phang"),
            "tong-hop-diem",
        ),
        FormSpec(
            "03",
            "Mẫu 03",
            "Bản tổng hợp, tiếp thu, giải trình ý kiến của Nhân dân, kiến nghị, phản ánh "
            "của tổ chức, cá nhân về kết quả đánh giá đạt chuẩn tiếp cận pháp luật",
            "TT 09/2021/TT-BTP Điều 4 khoản 1 điểm c",
            ROUND,
            {
                **ROUND_FIELDS,
                "y_kien": "Bảng ý kiến: stt, nguoi, ngay, noi_dung, giai_trinh",
                "so_y_kien": "Số ý kiến",
                "tong_hop": "Tổng hợp ý kiến do xã ghi khi gửi",
                "giai_trinh_tham_dinh": "Bảng giải trình yêu cầu bổ sung: chi_tieu, yeu_cau, giai_trinh",
            },
            (*COMMON_REQUIRED, "don_vi", "y_kien"),
            "tong-hop-y-kien",
        ),
        FormSpec(
            "04",
            "Mẫu 04",
            "Phiếu lấy ý kiến, bản tổng hợp kết quả đánh giá về hình thức, mô hình thông tin, "
            "phổ biến, giáo dục pháp luật hiệu quả tại cơ sở",
            "TT 09/2021/TT-BTP Điều 4 khoản 1 điểm d",
            ROUND,
            {
                **ROUND_FIELDS,
                "chi_tieu_mo_hinh": "Chỉ tiêu về hình thức, mô hình (mã và nội dung)",
                "diem_mo_hinh": "Điểm tự chấm của chỉ tiêu đó",
                "toi_da_mo_hinh": "Điểm tối đa của chỉ tiêu đó",
                "dong_trong": "Các dòng trống của bảng để điền tay",
            },
            (*COMMON_REQUIRED, "don_vi"),
            "phieu-mo-hinh-pbgdpl",
        ),
        FormSpec(
            "05",
            "Mẫu 05",
            "Biên bản cuộc họp Hội đồng đánh giá chuẩn tiếp cận pháp luật",
            "TT 09/2021/TT-BTP Điều 4 khoản 2 điểm a; Điều 5 khoản 5",
            MEETING,
            {
                "hoi_dong": "Tên Hội đồng",
                "hinh_thuc": "Hình thức (họp / lấy ý kiến bằng văn bản)",
                "ngay_hop": "Ngày họp",
                "dia_diem": "Địa điểm",
                "ngay_gui_tai_lieu": "Ngày gửi tài liệu cho thành viên",
                "chu_tri": "Người chủ trì",
                "thu_ky": "Thư ký Hội đồng",
                "so_thanh_vien": "Tổng số thành viên",
                "so_du_hop": "Số thành viên dự họp",
                "du_hop": "Danh sách dự họp: ten, vai_tro",
                "ho_so": "Các hồ sơ: stt, don_vi, tong_diem, ket_luan, de_nghi, tan_thanh, khong_tan_thanh, khong_bieu_quyet",
                "noi_dung": "Nội dung biên bản",
                "chu_tri_ky": "Người chủ trì đã ký (ghi chú)",
                "thu_ky_ky": "Thư ký đã ký (ghi chú)",
            },
            (*COMMON_REQUIRED, "ngay_hop", "chu_tri", "thu_ky", "ho_so"),
            "bien-ban-hoi-dong",
        ),
        FormSpec(
            "06",
            "Mẫu 06",
            "Phiếu lấy ý kiến thẩm định của thành viên Hội đồng đánh giá chuẩn tiếp cận pháp luật",
            "TT 09/2021/TT-BTP Điều 4 khoản 2 điểm b; Điều 5 khoản 4 điểm c",
            MEMBER,
            {
                "hoi_dong": "Tên Hội đồng",
                "thanh_vien": "Họ tên thành viên",
                "vai_tro": "Vai trò trong Hội đồng",
                "chuc_danh": "Chức danh",
                "ho_so": "Các hồ sơ: don_vi, tong_xa, y_kien (bảng: chi_tieu, ten, diem, toi_da, ly_do)",
            },
            (*COMMON_REQUIRED, "thanh_vien", "ho_so"),
            "phieu-y-kien-thanh-vien",
        ),
        FormSpec(
            "06th",
            "Mẫu 06",
            "Bản tổng hợp ý kiến thẩm định của thành viên Hội đồng đánh giá chuẩn tiếp cận pháp luật",
            "TT 09/2021/TT-BTP Điều 4 khoản 2 điểm b",
            MEETING,
            {
                "hoi_dong": "Tên Hội đồng",
                "ngay_hop": "Ngày",
                "so_thanh_vien": "Tổng số thành viên",
                "so_y_kien": "Số thành viên có ý kiến",
                "thanh_vien": "Danh sách thành viên có ý kiến",
                "ho_so": "Các hồ sơ: stt, don_vi, tong_xa, tong_hoi_dong, ket_luan, de_nghi, chi_tieu (bảng: ma, diem_xa, y_kien, diem_tb)",
            },
            (*COMMON_REQUIRED, "ho_so"),
            "tong-hop-y-kien-thanh-vien",
        ),
        FormSpec(
            "07",
            "Mẫu 07",
            "Bản tổng hợp điểm số của các tiêu chí, chỉ tiêu do Hội đồng đánh giá chuẩn tiếp cận "
            "pháp luật thẩm định",
            "TT 09/2021/TT-BTP Điều 4 khoản 2 điểm c",
            MEETING,
            {
                "hoi_dong": "Tên Hội đồng",
                "ngay_hop": "Ngày họp",
                "cot_tieu_chi": "Mã các tiêu chí (tiêu đề cột)",
                "ho_so": "Các hồ sơ: stt, don_vi, tong_xa, diem (danh sách theo tiêu chí), tong, ket_luan, de_nghi",
            },
            (*COMMON_REQUIRED, "ho_so"),
            "tong-hop-diem-hoi-dong",
        ),
        FormSpec(
            "08",
            "Mẫu 08",
            "Quyết định công nhận; danh sách đạt chuẩn; danh sách chưa đạt chuẩn tiếp cận pháp luật",
            "TT 09/2021/TT-BTP Điều 4 khoản 2 điểm d",
            DECISION,
            {
                "tham_quyen": "Dòng thẩm quyền (CHỦ TỊCH …)",
                "can_cu": "Các dòng căn cứ",
                "xet": "Dòng “Xét …”",
                "dieu": "Các điều: so, noi_dung",
                "danh_sach_tieu_de": "Tiêu đề phụ lục danh sách đạt chuẩn",
                "kem_theo": "Dòng “Kèm theo Quyết định số …”",
                "cot": "Tiêu đề các cột",
                "dat": "Danh sách đạt chuẩn (mỗi dòng là danh sách ô)",
                "chua_dat_tieu_de": "Tiêu đề danh sách chưa đạt chuẩn",
                "chua_dat": "Danh sách chưa đạt: stt, don_vi, tong_diem, ly_do",
            },
            (*COMMON_REQUIRED, "dieu", "dat", "chua_dat"),
            "quyet-dinh",
        ),
        FormSpec(
            "09",
            "Mẫu 09",
            "Bản tổng hợp thông tin, số liệu thực hiện các tiêu chí, chỉ tiêu trên địa bàn",
            "TT 09/2021/TT-BTP Điều 4 khoản 3 điểm a",
            AREA,
            {
                "dia_ban": "Tên địa bàn",
                "cot_tieu_chi": "Mã các tiêu chí (tiêu đề cột)",
                "xa": "Các đơn vị: stt, don_vi, trang_thai, tong, diem (theo tiêu chí), cong_nhan",
                "tieu_chi": "Theo tiêu chí: ma, ten, toi_da, so_xa, trung_binh, so_dat_50",
                "so_xa": "Số đơn vị cấp xã",
                "so_co_diem": "Số đơn vị có kết quả chấm",
            },
            (*COMMON_REQUIRED, "dia_ban", "xa"),
            "tong-hop-so-lieu",
        ),
        FormSpec(
            "10",
            "Mẫu 10",
            "Báo cáo kết quả đánh giá, công nhận xã, phường, thị trấn đạt chuẩn tiếp cận pháp luật",
            "TT 09/2021/TT-BTP Điều 4 khoản 3 điểm b; Điều 6",
            AREA,
            {
                "dia_ban": "Tên địa bàn",
                "noi_bao_cao": "Cơ quan nhận báo cáo",
                "so_lieu": "Các số liệu: noi_dung, so",
                "quyet_dinh": "Các quyết định công nhận: so, ngay, so_don_vi",
                "dat": "Danh sách đạt chuẩn: stt, don_vi, tong",
                "chua_dat": "Danh sách chưa đạt: stt, don_vi, ly_do",
                "thu_hoi": "Danh sách bị thu hồi: don_vi, so, ly_do",
            },
            (*COMMON_REQUIRED, "dia_ban", "so_lieu"),
            "bao-cao-ket-qua",
        ),
    )
}


def for_scope(scope: str) -> list[FormSpec]:
    return [spec for spec in FORMS.values() if spec.scope == scope]
