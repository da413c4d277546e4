"""Forms for inspections and their follow-ups."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from tiepcan.plans.forms.base import DATE
from tiepcan.plans.models import (
    Inspection,
    InspectionFollowUp,
)


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
        super().clean()
        data = self.cleaned_data
        if data.get("status") == "done" and not data.get("done_on"):
            self.add_error("done_on", _("Hãy ghi ngày hoàn thành."))
        inspection, due = data.get("inspection"), data.get("due_on")
        if inspection and due and due < inspection.held_on:
            self.add_error("due_on", _("Hạn không được trước ngày kiểm tra."))
        return data
