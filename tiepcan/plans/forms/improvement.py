"""Forms for improvement actions and their follow-up."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from tiepcan.core.forms import DayField
from tiepcan.plans.choices import FollowUpStatus


class ImprovementActionForm(forms.Form):
    """An improvement action for a commune of the period, given to an agency the province manages."""

    assessment = forms.ModelChoiceField(queryset=None)
    responsible = forms.ModelChoiceField(queryset=None)
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
