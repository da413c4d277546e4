"""Forms of the budget workflow: estimate, appraisal, decision and allocation."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from tiepcan.core.forms import VndAmountField, field_of, offered_rows
from tiepcan.plans.forms.base import (
    DATE,
    ActivityChoiceField,
    check_agencies_in_force,
    check_plan_year,
    form_year,
)
from tiepcan.plans.models import (
    BudgetAllocation,
    BudgetEstimate,
)
from tiepcan.units.widgets import use_agency_picker


class BudgetEstimateForm(forms.ModelForm):
    class Meta:
        model = BudgetEstimate
        fields = ["plan", "year", "agency", "activity", "requested", "description"]
        field_classes = {"activity": ActivityChoiceField}

    def __init__(self, *args: Any, actor: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        activity = field_of(self, "activity", ActivityChoiceField)
        activity.queryset = offered_rows(activity).select_related("group")
        use_agency_picker(self.fields["agency"], actor, form_year(self), year_input=self["year"].auto_id)

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        plan, year, activity = data.get("plan"), data.get("year"), data.get("activity")
        check_plan_year(self, plan, year)
        check_agencies_in_force(self, "agency", [data.get("agency")], year)
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
        super().clean()
        data = self.cleaned_data
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
