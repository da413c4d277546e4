"""Forms for review conferences and awards."""

from __future__ import annotations

from typing import Any

from django import forms

from tiepcan.plans.forms.base import DATE, check_plan_year
from tiepcan.plans.models import (
    Award,
    ReviewConference,
)


class ConferenceForm(forms.ModelForm):
    class Meta:
        model = ReviewConference
        fields = ["plan", "kind", "year", "held_on", "report_number", "summary"]
        widgets = {"held_on": DATE}

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
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
