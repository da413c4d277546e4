"""Forms for reporting progress on a task."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from tiepcan.core.forms import DayField
from tiepcan.core.uploads import check_upload, limit_label
from tiepcan.plans.choices import OutputKind, TaskStatus


class ProgressReportForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    status = forms.ChoiceField(label=_("Trạng thái"), choices=TaskStatus.choices)
    progress = forms.IntegerField(label=_("Tiến độ (%)"), min_value=0, max_value=100)
    note = forms.CharField(label=_("Nội dung báo cáo"), widget=forms.Textarea(attrs={"rows": 4}))
    output_kind = forms.ChoiceField(
        label=_("Loại sản phẩm"), choices=[("", "—"), *OutputKind.choices], required=False
    )
    output_title = forms.CharField(label=_("Trích yếu sản phẩm"), max_length=500, required=False)
    output_number = forms.CharField(label=_("Số, ký hiệu"), max_length=64, required=False)
    output_issued_on = DayField(label=_("Ngày ban hành"), required=False)
    output_issuer = forms.CharField(label=_("Cơ quan ban hành"), max_length=255, required=False)
    output_file = forms.FileField(label=_("Tệp đính kèm"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["output_file"].help_text = _("PDF, DOCX, XLSX, JPG hoặc PNG; tối đa %(limit)s.") % {
            "limit": limit_label()
        }

    def clean_output_file(self) -> Any:
        upload = self.cleaned_data.get("output_file")
        if upload:
            self.detected_kind = check_upload(upload)
        return upload

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        has_output = any(data.get(f) for f in ("output_title", "output_number", "output_file"))
        if has_output and not data.get("output_title"):
            self.add_error("output_title", _("Hãy ghi trích yếu của sản phẩm."))
        if has_output and not data.get("output_kind"):
            self.add_error("output_kind", _("Hãy chọn loại sản phẩm."))
        return data
