"""The form that imports a plan file."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from tiepcan.core.forms import field_of
from tiepcan.units.choices import UnitLevel
from tiepcan.units.models import Unit


class PlanImportForm(forms.Form):
    province: forms.ModelChoiceField[Unit] = forms.ModelChoiceField(label=_("Tỉnh"), queryset=None)
    file = forms.FileField(
        label=_("Tệp kế hoạch (.yaml)"), help_text=_("Theo mẫu tiepcan-plan/1; tối đa 1 MB.")
    )

    def __init__(self, *args: Any, actor: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field_of(self, "province", forms.ModelChoiceField).queryset = (
            Unit.objects.for_user(actor, "manage_plan").filter(level=UnitLevel.PROVINCE).current()
        )

    def clean_file(self) -> str:
        upload = self.cleaned_data["file"]
        if upload.size > 1024 * 1024:
            raise forms.ValidationError(_("Tệp quá lớn: tối đa 1 MB."))
        try:
            return upload.read().decode("utf-8")
        except UnicodeDecodeError as exc:
            raise forms.ValidationError(_("Tệp phải là văn bản UTF-8 (YAML).")) from exc
