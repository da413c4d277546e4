"""Forms for report requests and submissions."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from tiepcan.core.uploads import check_upload, limit_label
from tiepcan.plans.forms.base import DATE, check_agencies_in_force, check_plan_year, form_year
from tiepcan.plans.models import (
    ReportRequest,
    ReportSubmission,
)
from tiepcan.units.widgets import use_agency_picker


class ReportRequestForm(forms.ModelForm):
    class Meta:
        model = ReportRequest
        fields = ["plan", "period", "year", "title", "deadline", "agencies", "instructions"]
        widgets = {"deadline": DATE}

    def __init__(self, *args: Any, actor: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The agencies asked to report: searched on the server among those of the person's scope,
        # in force in the year the form names (the district committees are gone from 2026 on).
        use_agency_picker(self.fields["agencies"], actor, form_year(self), year_input=self["year"].auto_id)

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        year = data.get("year")
        check_plan_year(self, data.get("plan"), year)
        check_agencies_in_force(self, "agencies", data.get("agencies") or [], year)
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
