"""Forms for unit data that province administrators maintain by hand."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from tiepcan.accounts.choices import Action
from tiepcan.units.choices import UnitLevel
from tiepcan.units.models import Agency, Unit, UnitClassification
from tiepcan.units.widgets import ERA_CURRENT, ERAS, use_unit_picker


class ClassificationForm(forms.ModelForm):
    class Meta:
        model = UnitClassification
        fields = ["commune_class", "valid_from", "valid_to", "source"]
        widgets = {
            "valid_from": forms.DateInput(attrs={"placeholder": "dd/mm/yyyy"}),
            "valid_to": forms.DateInput(attrs={"placeholder": "dd/mm/yyyy"}),
        }
        help_texts = {"source": _("Ví dụ: Quyết định số …/QĐ-UBND ngày … của UBND tỉnh.")}

    def __init__(self, *args: Any, unit: Unit, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.unit = unit

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        start, end = data.get("valid_from"), data.get("valid_to")
        if start and end and end < start:
            self.add_error("valid_to", _("Ngày kết thúc không được trước ngày bắt đầu."))
        if not self.unit.is_commune:
            raise forms.ValidationError(_("Chỉ đơn vị hành chính cấp xã mới có phân loại loại I, II, III."))
        overlapping = UnitClassification.objects.filter(unit=self.unit)
        for other in overlapping:
            if _overlaps(start, end, other.valid_from, other.valid_to):
                raise forms.ValidationError(
                    _("Khoảng thời gian trùng với phân loại đã có (%(c)s).")
                    % {"c": other.get_commune_class_display()}
                )
        return data


def _overlaps(a_start: Any, a_end: Any, b_start: Any, b_end: Any) -> bool:
    return (a_end is None or b_start is None or b_start <= a_end) and (
        b_end is None or a_start is None or a_start <= b_end
    )


class AgencyForm(forms.ModelForm):
    class Meta:
        model = Agency
        fields = [
            "name",
            "short_name",
            "code",
            "kind",
            "unit",
            "address",
            "phone",
            "email",
            "valid_from",
            "valid_to",
        ]
        help_texts = {"code": _("Mã ngắn dùng trong tệp kế hoạch, ví dụ: so-tu-phap.")}

    def __init__(self, *args: Any, actor: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].required = True
        use_unit_picker(self.fields["unit"], actor, Action.MANAGE_UNITS)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        unit, code = data.get("unit"), data.get("code")
        if (
            unit
            and code
            and Agency.objects.filter(unit=unit, code=code).exclude(pk=self.instance.pk).exists()
        ):
            self.add_error("code", _("Đơn vị này đã có cơ quan mang mã “%(code)s”.") % {"code": code})
        return data


class UnitPickerQuery(forms.Form):
    """What the unit picker asks its endpoint (query string from units/widgets.py)."""

    tim = forms.CharField(required=False, max_length=100, strip=True)
    # The field's name and the widget's id: names and ids only, never markup.
    ten = forms.RegexField(regex=r"^[A-Za-z_][\w-]{0,99}$", max_length=100, required=False)
    ma = forms.RegexField(regex=r"^[A-Za-z_][\w-]{0,99}$", max_length=100, required=False)
    quyen = forms.ChoiceField(choices=[(a, a) for a in Action.values], required=False)
    cap = forms.TypedChoiceField(choices=[("", "")] + [(str(v), v) for v in UnitLevel.values], coerce=int, required=False, empty_value=None)  # fmt: skip
    thoi_ky = forms.ChoiceField(choices=[(e, e) for e in ERAS], required=False)
    nhieu = forms.BooleanField(required=False)

    def clean_ten(self) -> str:
        return self.cleaned_data["ten"] or "unit"

    def clean_ma(self) -> str:
        return self.cleaned_data["ma"] or f"id_{self.cleaned_data.get('ten') or 'unit'}"

    def clean_quyen(self) -> str:
        return self.cleaned_data["quyen"] or Action.VIEW

    def clean_thoi_ky(self) -> str:
        return self.cleaned_data["thoi_ky"] or ERA_CURRENT
