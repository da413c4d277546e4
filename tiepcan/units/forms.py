"""Forms for unit data that province administrators maintain by hand."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from tiepcan.accounts.choices import Action
from tiepcan.core.forms import field_of
from tiepcan.units.choices import UnitKind, UnitLevel
from tiepcan.units.models import Agency, Unit, UnitClassification
from tiepcan.units.widgets import ERA_CURRENT, ERAS, unit_ids, use_unit_picker


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
        super().clean()
        data = self.cleaned_data
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
        use_unit_picker(field_of(self, "unit", forms.ModelChoiceField), actor, Action.MANAGE_UNITS)

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
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
    cap = forms.TypedChoiceField(
        choices=[("", "")] + [(str(v), v) for v in UnitLevel.values],
        coerce=int,
        required=False,
        empty_value=None,
    )
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


class AgencyPickerQuery(forms.Form):
    """What the agency picker asks its endpoint (query string from units/widgets.py).

    ``pham_vi`` is the signed list the form offers; ``year`` is the form's own year field when
    the person chooses the year on the form (a report request, a budget estimate)."""

    tim = forms.CharField(required=False, max_length=100, strip=True)
    ten = forms.RegexField(regex=r"^[A-Za-z_][\w-]{0,99}$", max_length=100, required=False)
    ma = forms.RegexField(regex=r"^[A-Za-z_][\w-]{0,99}$", max_length=100, required=False)
    pham_vi = forms.CharField(max_length=200_000)
    year = forms.IntegerField(required=False, min_value=1900, max_value=2200)
    nhieu = forms.BooleanField(required=False)

    def clean_ten(self) -> str:
        return self.cleaned_data["ten"] or "agency"

    def clean_ma(self) -> str:
        return self.cleaned_data["ma"] or f"id_{self.cleaned_data.get('ten') or 'agency'}"


class PickerChosen(forms.Form):
    """What a picker's endpoint is told is chosen already: every value posted under the picker's
    own field name (``ten``, checked by the query form), left out of the results.

    A value that cannot be one of the picker's ids is dropped, not refused: the search still
    answers, and the form the picker fills validates its own field anyway."""

    def __init__(self, data: Any, name: str) -> None:
        super().__init__(data)
        self.name = name
        self.fields[name] = forms.Field(required=False, widget=forms.MultipleHiddenInput)

    def chosen(self) -> list[Any]:
        values = self.cleaned_data.get(self.name) if self.is_valid() else None
        return self.parse([str(value) for value in values or ()])

    def parse(self, values: list[str]) -> list[Any]:
        raise NotImplementedError


class ChosenUnits(PickerChosen):
    """The unit picker's chosen units: the values that can be unit ids."""

    def parse(self, values: list[str]) -> list[Any]:
        return unit_ids(values)


class ChosenAgencies(PickerChosen):
    """The agency picker's chosen agencies: at most 100 values of at most 64 characters."""

    def parse(self, values: list[str]) -> list[Any]:
        return [value for value in values if len(value) <= 64][:100]


MAP_OF_2025 = date(2025, 7, 1)


class EarlierMergerForm(forms.Form):
    """A commune merged into this one before the map the unit packages carry (the 2019–2021
    mergers): the old commune is recorded, with its code and the day it ceased, and linked."""

    name = forms.CharField(label=_("Tên đơn vị cũ"), max_length=120, help_text=_("Ví dụ: Xã Hồng Phong"))
    code = forms.RegexField(
        label=_("Mã đơn vị cũ"),
        regex=r"^\d{5}$",
        max_length=5,
        error_messages={"invalid": _("Mã đơn vị cấp xã gồm 5 chữ số.")},
    )
    kind = forms.ChoiceField(
        label=_("Loại"),
        choices=[(k.value, k.label) for k in (UnitKind.COMMUNE, UnitKind.WARD, UnitKind.TOWNSHIP)],
    )
    merged_on = forms.DateField(
        label=_("Ngày sắp xếp có hiệu lực"), widget=forms.DateInput(attrs={"placeholder": "dd/mm/yyyy"})
    )
    partial = forms.BooleanField(label=_("Chỉ một phần đơn vị cũ nhập vào đơn vị này"), required=False)

    def __init__(self, *args: Any, unit: Unit, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.unit = unit

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if not self.unit.is_commune:
            raise forms.ValidationError(_("Chỉ ghi sắp xếp cho đơn vị hành chính cấp xã."))
        merged_on = data.get("merged_on")
        if merged_on is not None:
            if not date(2000, 1, 1) <= merged_on < MAP_OF_2025:
                self.add_error(
                    "merged_on",
                    _("Chỉ ghi các lần sắp xếp trước ngày 01/7/2025 (bản đồ năm 2025 đã có sẵn)."),
                )
            elif (
                self.unit.valid_from
                and merged_on > self.unit.valid_from
                and self.unit.valid_from >= MAP_OF_2025
            ):
                self.add_error("merged_on", _("Đơn vị này được thành lập sau ngày đó."))
        code = data.get("code")
        if (
            code
            and merged_on
            and Unit.objects.filter(
                level=UnitLevel.COMMUNE, code=code, valid_to=merged_on - timedelta(days=1)
            ).exists()
        ):
            self.add_error("code", _("Đã có đơn vị mã %(c)s hết hiệu lực vào ngày đó.") % {"c": code})
        if code and Unit.objects.filter(level=UnitLevel.COMMUNE, code=code, valid_to__isnull=True).exists():
            self.add_error("code", _("Mã %(c)s đang là mã của một đơn vị còn hiệu lực.") % {"c": code})
        return data
