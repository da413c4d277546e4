"""Uploads to the trust store: a certificate or a CRL, with where it came from."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from tiepcan.assessments.forms import nfc_line
from tiepcan.signatures.choices import CertificateKind

CERTIFICATE_MAX_BYTES = 64 * 1024  # a certificate is a few kilobytes; anything larger is not one


class _SourceMixin(forms.Form):
    source = forms.CharField(
        label=_("Nguồn"),
        max_length=255,
        help_text=_(
            "Nơi lấy tệp và ngày tải, ví dụ “Trang của Trung tâm Chứng thực điện tử quốc gia, 05/12/2026”."
        ),
    )

    def clean_source(self) -> str:
        source = nfc_line(self.cleaned_data["source"])
        if not source:
            raise forms.ValidationError(_("Hãy ghi nguồn trên một dòng."))
        return source


def _read(upload: Any, limit: int) -> bytes:
    if upload.size > limit:
        raise forms.ValidationError(_("Tệp quá lớn: tối đa %(n)s.") % {"n": filesizeformat(limit)})
    data = upload.read()
    if not data:
        raise forms.ValidationError(_("Tệp rỗng."))
    return data


class CertificateImportForm(_SourceMixin):
    file = forms.FileField(label=_("Tệp chứng thư (.cer, .crt, .pem, .der)"))
    kind = forms.ChoiceField(label=_("Loại"), choices=CertificateKind.choices)
    field_order = ["file", "kind", "source"]

    def clean_file(self) -> bytes:
        return _read(self.cleaned_data["file"], CERTIFICATE_MAX_BYTES)


class CrlImportForm(_SourceMixin):
    file = forms.FileField(label=_("Tệp danh sách thu hồi (.crl)"))
    field_order = ["file", "source"]

    def clean_file(self) -> bytes:
        return _read(self.cleaned_data["file"], settings.UPLOAD_MAX_BYTES)
