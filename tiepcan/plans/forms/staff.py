"""The form for a staff assignment."""

from __future__ import annotations

from django import forms

from tiepcan.plans.forms.base import DATE
from tiepcan.plans.models import (
    StaffAssignment,
)


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
