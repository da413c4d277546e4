"""Forms for report requests and submissions."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from tiepcan.core.forms import field_of, offered_rows
from tiepcan.core.uploads import check_upload, limit_label
from tiepcan.plans.forms.base import DATE, _in_force_in, agency_label, check_plan_year
from tiepcan.plans.models import (
    ReportRequest,
    ReportSubmission,
)
from tiepcan.units.widgets import searchable_agencies


class ReportRequestForm(forms.ModelForm):
    class Meta:
        model = ReportRequest
        fields = ["plan", "period", "year", "title", "deadline", "agencies", "instructions"]
        widgets = {"deadline": DATE, "agencies": forms.SelectMultiple(attrs={"size": 10})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        agencies = field_of(self, "agencies", forms.ModelMultipleChoiceField)
        agencies.queryset = offered_rows(agencies).select_related("unit__parent__parent")
        agencies.label_from_instance = agency_label
        searchable_agencies(agencies)

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        year = data.get("year")
        check_plan_year(self, data.get("plan"), year)
        gone = [a.name for a in data.get("agencies") or [] if year and not _in_force_in(a, year)]
        if gone:
            self.add_error(
                "agencies",
                _("Không còn hoạt động trong năm %(year)s: %(names)s.")
                % {"year": year, "names": ", ".join(gone[:5])},
            )
        return data


class SubmissionForm(forms.ModelForm):
    class Meta:
        model = ReportSubmission
        fields = ["content", "file"]
        widgets = {"content": forms.Textarea(attrs={"rows": 8})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # A report is a document like a task's output: the same file types (scans and photos too).
        self.fields["file"].help_text = _("PDF, DOCX, XLSX, JPG hoặc PNG; tối đa %(limit)s.") % {
            "limit": limit_label()
        }

    def clean_file(self) -> Any:
        upload = self.cleaned_data.get("file")
        if upload and hasattr(upload, "content_type"):
            self.detected_kind = check_upload(upload)
        return upload
