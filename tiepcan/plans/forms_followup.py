"""Forms for inspections, pilots, reviews, staff, budget and periodic reports."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from tiepcan.core.forms import VndAmountField
from tiepcan.core.uploads import check_upload, limit_label
from tiepcan.plans.models_followup import (
    Award,
    BudgetAllocation,
    BudgetEstimate,
    Inspection,
    InspectionFollowUp,
    PilotCommune,
    ReportRequest,
    ReportSubmission,
    ReviewConference,
    StaffAssignment,
)
from tiepcan.units.choices import UnitLevel

DATE = forms.DateInput(attrs={"placeholder": "dd/mm/yyyy"})


def check_plan_year(form: forms.BaseForm, plan: Any, year: Any) -> None:
    """One rule for every record kept against a plan by year (pilots, conferences, budget, reports):
    the year must be one for which the plan is in force (``Plan.years_in_force``)."""
    if plan and year:
        problem = plan.year_problem(year)
        if problem:
            form.add_error("year", problem)


def _in_force_in(obj: Any, year: int) -> bool:
    """Whether a unit (or an agency and its unit) existed at some time in ``year``."""
    from datetime import date as _date

    try:
        start, end = _date(year, 1, 1), _date(year, 12, 31)
    except (ValueError, OverflowError):  # a year no calendar has: nothing was in force then
        return False
    for row in (obj, getattr(obj, "unit", None)):
        if row is None or not hasattr(row, "valid_from"):
            continue
        if (row.valid_from and row.valid_from > end) or (row.valid_to and row.valid_to < start):
            return False
    return True


def unit_label(unit: Any) -> str:
    """A unit with its parent area and validity, so units of both eras with one name are told apart."""
    from tiepcan.units.widgets import area_label, era_label

    return f"{unit.name} – {area_label(unit)} ({era_label(unit)})"


def agency_label(agency: Any) -> str:
    if agency.unit_id is None:
        return agency.name
    return f"{agency.name} ({unit_label(agency.unit)})" if agency.unit.valid_to else agency.name


class InspectionForm(forms.ModelForm):
    class Meta:
        model = Inspection
        fields = [
            "plan",
            "kind",
            "form",
            "inspecting_agency",
            "units",
            "held_on",
            "findings",
            "recommendations",
        ]
        widgets = {"held_on": DATE, "units": forms.SelectMultiple(attrs={"size": 8})}


class FollowUpForm(forms.ModelForm):
    class Meta:
        model = InspectionFollowUp
        fields = ["inspection", "title", "responsible", "due_on", "status", "done_on", "result"]
        widgets = {"due_on": DATE, "done_on": DATE}

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("status") == "done" and not data.get("done_on"):
            self.add_error("done_on", _("Hãy ghi ngày hoàn thành."))
        inspection, due = data.get("inspection"), data.get("due_on")
        if inspection and due and due < inspection.held_on:
            self.add_error("due_on", _("Hạn không được trước ngày kiểm tra."))
        return data


class PilotForm(forms.ModelForm):
    class Meta:
        model = PilotCommune
        fields = ["plan", "year", "commune", "model_name", "targets", "results"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["commune"].queryset = (
            self.fields["commune"].queryset.filter(level=UnitLevel.COMMUNE).select_related("parent__parent")
        )
        self.fields["commune"].label_from_instance = unit_label

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        plan, year, commune = data.get("plan"), data.get("year"), data.get("commune")
        check_plan_year(self, plan, year)
        if year and commune and not _in_force_in(commune, year):
            self.add_error(
                "commune",
                _("%(unit)s không còn (hoặc chưa) có trong năm %(year)s.")
                % {"unit": commune.name, "year": year},
            )
        return data


class ConferenceForm(forms.ModelForm):
    class Meta:
        model = ReviewConference
        fields = ["plan", "kind", "year", "held_on", "report_number", "summary"]
        widgets = {"held_on": DATE}

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        check_plan_year(self, data.get("plan"), data.get("year"))
        return data


class AwardForm(forms.ModelForm):
    class Meta:
        model = Award
        fields = [
            "conference",
            "awardee_kind",
            "awardee",
            "unit",
            "form",
            "deciding_body",
            "decision_number",
            "decided_on",
        ]
        widgets = {"decided_on": DATE}


class StaffForm(forms.ModelForm):
    class Meta:
        model = StaffAssignment
        fields = [
            "unit",
            "agency",
            "user",
            "full_name",
            "position",
            "phone",
            "email",
            "valid_from",
            "valid_to",
        ]
        widgets = {"valid_from": DATE, "valid_to": DATE}


class BudgetEstimateForm(forms.ModelForm):
    class Meta:
        model = BudgetEstimate
        fields = ["plan", "year", "agency", "activity", "requested", "description"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The activity as every other page numbers it ("II.4.2"), not "4.2".
        self.fields["activity"].label_from_instance = lambda a: f"{a.reference} {a.title[:100]}"
        self.fields["activity"].queryset = self.fields["activity"].queryset.select_related("group")

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        plan, year, activity = data.get("plan"), data.get("year"), data.get("activity")
        check_plan_year(self, plan, year)
        if plan and activity and activity.plan_id != plan.pk:
            self.add_error("activity", _("Hoạt động không thuộc kế hoạch đã chọn."))
        return data


class BudgetAppraisalForm(forms.Form):
    """Sở Tài chính's appraisal (thẩm định) of a sent estimate, submitted to the People's Committee."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    amount = VndAmountField(label=_("Số thẩm định, trình UBND tỉnh (đồng)"))
    note = forms.CharField(
        label=_("Ý kiến thẩm định"), widget=forms.Textarea(attrs={"rows": 3}), required=False, max_length=5000
    )


class BudgetDecisionForm(forms.Form):
    """The provincial People's Committee's decision on an appraised estimate, with its document."""

    DECISIONS = [
        ("approved", _("Phê duyệt")),
        ("adjusted", _("Phê duyệt có điều chỉnh")),
        ("rejected", _("Không phê duyệt")),
    ]
    version = forms.IntegerField(widget=forms.HiddenInput)
    decision = forms.ChoiceField(label=_("Quyết định của UBND tỉnh"), choices=DECISIONS)
    approved = VndAmountField(
        label=_("Số được duyệt (đồng)"),
        required=False,
        help_text=_("Khi phê duyệt đúng số thẩm định, để trống."),
    )
    document_number = forms.CharField(label=_("Số quyết định phê duyệt"), max_length=64)
    document_date = forms.DateField(
        label=_("Ngày quyết định"), widget=DATE, input_formats=["%d/%m/%Y", "%d/%m/%y", "%Y-%m-%d"]
    )
    reason = forms.CharField(
        label=_("Lý do"), widget=forms.Textarea(attrs={"rows": 3}), required=False, max_length=5000
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        decision = data.get("decision")
        if decision == "adjusted" and data.get("approved") is None:
            self.add_error("approved", _("Hãy ghi số được duyệt."))
        if decision in ("adjusted", "rejected") and not (data.get("reason") or "").strip():
            self.add_error("reason", _("Điều chỉnh hoặc không phê duyệt phải ghi lý do."))
        return data


class AllocationForm(forms.ModelForm):
    class Meta:
        model = BudgetAllocation
        fields = ["amount", "allocated_on", "decision_number", "note"]
        widgets = {"allocated_on": DATE}


class ReportRequestForm(forms.ModelForm):
    class Meta:
        model = ReportRequest
        fields = ["plan", "period", "year", "title", "deadline", "agencies", "instructions"]
        widgets = {"deadline": DATE, "agencies": forms.SelectMultiple(attrs={"size": 10})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agencies"].queryset = self.fields["agencies"].queryset.select_related(
            "unit__parent__parent"
        )
        self.fields["agencies"].label_from_instance = agency_label

    def clean(self) -> dict[str, Any]:
        data = super().clean()
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
