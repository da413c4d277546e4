from django.db import models
from django.utils.translation import gettext_lazy as _


class CertificateKind(models.TextChoices):
    ROOT = "root", _("Chứng thư gốc (tin cậy)")
    INTERMEDIATE = "intermediate", _("Chứng thư trung gian")


class VerificationStatus(models.TextChoices):
    """The verdict on one evidence file (tiepcan.lib.pdfsig.Outcome), plus the states before one."""

    PENDING = "pending", _("đang kiểm tra")
    VALID = "valid", _("hợp lệ")
    INDETERMINATE = "indeterminate", _("chưa xác định")
    INVALID = "invalid", _("không hợp lệ")
    UNSIGNED = "unsigned", _("không có chữ ký số")
    NOT_PDF = "not_pdf", _("không phải tệp PDF, không kiểm tra chữ ký")
