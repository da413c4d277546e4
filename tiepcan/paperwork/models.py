"""A province's own layout of a form: versions kept, one active (none active: the built-in one)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from tiepcan.core import audit
from tiepcan.core.models import TimeStampedModel
from tiepcan.core.scoping import ScopedQuerySet


def template_upload_to(instance: FormTemplate, filename: str) -> str:
    return f"bieu-mau/{instance.province_id}/{instance.code}/v{instance.version}.docx"


FORM_CODES = [
    ("01", "Mẫu 01"),
    ("02", "Mẫu 02"),
    ("03", "Mẫu 03"),
    ("04", "Mẫu 04"),
    ("05", "Mẫu 05"),
    ("06", "Mẫu 06 (phiếu)"),
    ("06th", "Mẫu 06 (tổng hợp)"),
    ("07", "Mẫu 07"),
    ("08", "Mẫu 08"),
    ("09", "Mẫu 09"),
    ("10", "Mẫu 10"),
]


@audit.register
class FormTemplate(TimeStampedModel):
    """One uploaded version of a form's .docx template for a province. Never edited but to (de)activate."""

    scope_unit_field = "province"

    province = models.ForeignKey(
        "units.Unit", verbose_name=_("tỉnh"), on_delete=models.PROTECT, related_name="+"
    )
    code = models.CharField(_("biểu mẫu"), max_length=8, choices=FORM_CODES)
    version = models.PositiveIntegerField(_("phiên bản"))
    file = models.FileField(_("tệp mẫu"), upload_to=template_upload_to, max_length=255)
    original_name = models.CharField(_("tên tệp tải lên"), max_length=255)
    sha256 = models.CharField(_("mã băm SHA-256"), max_length=64)
    note = models.CharField(_("ghi chú"), max_length=255, blank=True)
    is_active = models.BooleanField(_("đang dùng"), default=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người tải lên"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("mẫu biểu mẫu")
        verbose_name_plural = _("mẫu biểu mẫu")
        ordering = ["province", "code", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["province", "code", "version"], name="form_template_version_unique"
            ),
            models.UniqueConstraint(
                fields=["province", "code"], condition=Q(is_active=True), name="form_template_one_active"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_code_display()} v{self.version}"
