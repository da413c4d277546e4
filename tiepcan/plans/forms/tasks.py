"""Forms for reporting progress on a task."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from tiepcan.core.forms import DayField
from tiepcan.core.uploads import FileKind, check_upload, limit_label
from tiepcan.plans import services
from tiepcan.plans.choices import OutputKind, TaskStatus
from tiepcan.plans.models import ProgressReport


class ProgressReportForm(forms.Form):
    """A progress report with at most one output document: the task page and the API both fill it.

    The content checks of the file (its bytes, not its name, decide the type; the size limit)
    run in ``clean_output_file``; ``save`` hands the cleaned data to
    :func:`tiepcan.plans.services.report_progress`. The page and ``POST /api/v1/tasks/{id}/progress``
    call nothing else, so a report cannot be accepted by one and refused by the other.
    """

    detected_kind: FileKind | None = None

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

    def outputs(self) -> list[services.OutputInput]:
        """The output documents of the cleaned form (none when no title was given)."""
        data = self.cleaned_data
        if not data.get("output_title"):
            return []
        kind = self.detected_kind
        return [
            services.OutputInput(
                kind=data["output_kind"],
                title=data["output_title"],
                number=data.get("output_number", ""),
                issued_on=data.get("output_issued_on"),
                issuer=data.get("output_issuer", ""),
                file=data.get("output_file"),
                content_type=kind.mime if kind else "",
            )
        ]

    def save(self, *, task_id: int, user: Any) -> ProgressReport:
        """Record the report (call after ``is_valid()``); raises the service's ValidationError."""
        data = self.cleaned_data
        return services.report_progress(
            task_id=task_id,
            user=user,
            expected_version=data["version"],
            progress=data["progress"],
            status=data["status"],
            note=data["note"],
            outputs=self.outputs(),
        )
