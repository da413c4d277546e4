"""Forms for following the plan."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from tiepcan.core.forms import DayField
from tiepcan.core.uploads import check_upload, limit_label
from tiepcan.plans.choices import FollowUpStatus, OutputKind, TaskStatus
from tiepcan.units.choices import UnitLevel
from tiepcan.units.models import Unit


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
        data = super().clean()
        has_output = any(data.get(f) for f in ("output_title", "output_number", "output_file"))
        if has_output and not data.get("output_title"):
            self.add_error("output_title", _("Hãy ghi trích yếu của sản phẩm."))
        if has_output and not data.get("output_kind"):
            self.add_error("output_kind", _("Hãy chọn loại sản phẩm."))
        return data


class PlanImportForm(forms.Form):
    province = forms.ModelChoiceField(label=_("Tỉnh"), queryset=None)  # type: ignore[arg-type]
    file = forms.FileField(
        label=_("Tệp kế hoạch (.yaml)"), help_text=_("Theo mẫu tiepcan-plan/1; tối đa 1 MB.")
    )

    def __init__(self, *args: Any, actor: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["province"].queryset = (
            Unit.objects.for_user(actor, "manage_plan").filter(level=UnitLevel.PROVINCE).current()
        )

    def clean_file(self) -> str:
        upload = self.cleaned_data["file"]
        if upload.size > 1024 * 1024:
            raise forms.ValidationError(_("Tệp quá lớn: tối đa 1 MB."))
        try:
            return upload.read().decode("utf-8")
        except UnicodeDecodeError as exc:
            raise forms.ValidationError(_("Tệp phải là văn bản UTF-8 (YAML).")) from exc


class ImprovementActionForm(forms.Form):
    """An improvement action for a commune of the period, given to an agency the province manages."""

    assessment = forms.ModelChoiceField(queryset=None)  # type: ignore[arg-type]
    responsible = forms.ModelChoiceField(queryset=None)  # type: ignore[arg-type]
    title = forms.CharField(label=_("Giải pháp"), max_length=500)
    indicator = forms.CharField(label=_("Chỉ tiêu"), max_length=32, required=False)
    due_on = DayField(label=_("Hạn"), required=False)

    def __init__(self, *args: Any, assessments: Any, agencies: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        missing = _("Hãy chọn xã, cơ quan thực hiện và ghi giải pháp.")
        self.fields["assessment"].queryset = assessments
        self.fields["responsible"].queryset = agencies
        for name in ("assessment", "responsible", "title"):
            self.fields[name].error_messages.update(required=missing, invalid_choice=missing)


class ImprovementUpdateForm(forms.Form):
    """Where an improvement action stands, and what was done."""

    status = forms.ChoiceField(choices=FollowUpStatus.choices)
    result = forms.CharField(required=False)
