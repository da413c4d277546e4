"""The roots Vietnamese signatures chain to, and where their certificates are published.

We ship no certificate file: the official files cannot be fetched from where we build, and a
trust anchor must come from its publisher, its fingerprint checked through a second channel
(docs/signatures.md). Only names and official places are listed here.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

VIETNAMESE_ROOTS = [
    {
        "name": _("Chứng thư số gốc quốc gia – Trung tâm Chứng thực điện tử quốc gia (NEAC)"),
        "versions": _(
            "Hai thế hệ: chứng thư gốc cấp trước đây và chứng thư gốc được cấp lại năm 2025. Chữ ký số "
            "do các tổ chức cung cấp dịch vụ chứng thực chữ ký số công cộng (VNPT-CA, Viettel-CA, FPT-CA, "
            "BKAV-CA và các tổ chức khác được cấp phép) dẫn tới một trong hai gốc này, tùy thời điểm cấp "
            "chứng thư của người ký: hãy nhập cả hai."
        ),
        "intermediates": _(
            "Chứng thư của từng tổ chức cung cấp dịch vụ công cộng (nhập là chứng thư trung gian) và danh "
            "sách thu hồi (CRL) của họ."
        ),
        "where": _(
            "Trang thông tin chính thức của Trung tâm Chứng thực điện tử quốc gia (mục chứng thư số gốc, "
            "danh sách tổ chức được cấp phép); trang chính thức của từng tổ chức cung cấp dịch vụ."
        ),
        "basis": _("Nghị định 23/2025/NĐ-CP về chữ ký điện tử và dịch vụ tin cậy."),
    },
    {
        "name": _("Chứng thư số gốc chuyên dùng Chính phủ – Ban Cơ yếu Chính phủ"),
        "versions": _(
            "Dùng cho chữ ký số chuyên dùng công vụ của cơ quan nhà nước (Ủy ban nhân dân cấp xã, Sở Tư pháp "
            "ký văn bản bằng chứng thư do Ban Cơ yếu Chính phủ cấp)."
        ),
        "intermediates": _(
            "Chứng thư của các tổ chức cấp trực thuộc và danh sách thu hồi (CRL) do Cục Chứng thực số và Bảo "
            "mật thông tin công bố."
        ),
        "where": _(
            "Trang thông tin chính thức của Cục Chứng thực số và Bảo mật thông tin, Ban Cơ yếu Chính phủ; "
            "hoặc đề nghị bằng văn bản qua đơn vị quản lý chữ ký số chuyên dùng của tỉnh."
        ),
        "basis": _("Nghị định 68/2024/NĐ-CP quy định về chữ ký số chuyên dùng công vụ."),
    },
]

# How to check a fingerprint before trusting a root (shown on the page, and in docs/signatures.md).
FINGERPRINT_STEPS = [
    _("Tải tệp chứng thư từ trang chính thức của cơ quan công bố (không lấy từ thư điện tử hay trang khác)."),
    _("Nhập tệp vào kho; trang hiển thị dấu vân tay SHA-256 của chứng thư."),
    _(
        "Đối chiếu từng ký tự với dấu vân tay do cơ quan công bố trên trang chính thức hoặc trong văn bản, "
        "và xác nhận qua một kênh thứ hai (điện thoại, công văn) với cơ quan đó."
    ),
    _("Nếu không khớp: xoá ngay chứng thư khỏi kho và báo cho cơ quan công bố."),
    _(
        "Có thể tự tính trên máy: “certutil -hashfile tep.cer SHA256” (Windows) hoặc "
        "“openssl x509 -in tep.cer -noout -fingerprint -sha256”."
    ),
]
