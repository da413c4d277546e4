from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from tiepcan.core.forms import field_of
from tiepcan.paperwork.catalog import FORMS
from tiepcan.units.models import Unit


class TemplateUploadForm(forms.Form):
    province = forms.ModelChoiceField(
        label=_("Tỉnh"), queryset=Unit.objects.none(), widget=forms.Select(attrs={"class": "form-select"})
    )
    code = forms.ChoiceField(
        label=_("Biểu mẫu"),
        choices=[(c, s.label) for c, s in FORMS.items()],
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    file = forms.FileField(label=_("Tệp mẫu (.docx)"))
    note = forms.CharField(
        label=_("Ghi chú"),
        max_length=255,
        required=False,
        widget=forms.TextInput(attrs={"class": "form-control"}),
    )

    def __init__(self, *args: Any, provinces: list[Unit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = field_of(self, "province", forms.ModelChoiceField)
        field.queryset = Unit.objects.filter(pk__in=[p.pk for p in provinces]).order_by("name")
        if len(provinces) == 1:
            field.initial = provinces[0].pk


class ActivateForm(forms.Form):
    active = forms.TypedChoiceField(
        choices=[("1", _("Dùng phiên bản này")), ("0", _("Dùng bố cục có sẵn"))], coerce=lambda v: v == "1"
    )


class DefaultTemplateForm(forms.Form):
    mau = forms.ChoiceField(choices=[(c, s.label) for c, s in FORMS.items()])
