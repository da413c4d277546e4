"""The form for a pilot commune."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from tiepcan.core.forms import field_of, offered_rows
from tiepcan.plans.forms.base import UnitChoiceField, _in_force_in, check_plan_year
from tiepcan.plans.models import (
    PilotCommune,
)
from tiepcan.units.choices import UnitLevel


class PilotForm(forms.ModelForm):
    class Meta:
        model = PilotCommune
        fields = ["plan", "year", "commune", "model_name", "targets", "results"]
        field_classes = {"commune": UnitChoiceField}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        commune = field_of(self, "commune", forms.ModelChoiceField)
        commune.queryset = (
            offered_rows(commune).filter(level=UnitLevel.COMMUNE).select_related("parent__parent")
        )

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        plan, year, commune = data.get("plan"), data.get("year"), data.get("commune")
        check_plan_year(self, plan, year)
        if year and commune and not _in_force_in(commune, year):
            self.add_error(
                "commune",
                _("%(unit)s không còn (hoặc chưa) có trong năm %(year)s.")
                % {"unit": commune.name, "year": year},
            )
        return data
