"""A searchable, scoped picker for administrative units, instead of a <select> of every unit.

A ``<select>`` of all units in force is 3,300 options (208 KB of HTML) for a system
administrator, and finding "Xã Đồng Tâm" in it by keyboard is hopeless. The picker shows
the chosen unit, a search box and the first matching units as radio buttons (check boxes
when several may be chosen); typing asks ``units:unit_picker`` (htmx) for the units that
match, diacritics ignored, within the same scope the form validates against:

    use_unit_picker(form.fields["unit"], actor, Action.MANAGE_USERS)
    use_unit_picker(form.fields["commune"], actor, Action.MANAGE_PLAN, level=UnitLevel.COMMUNE)

Radio buttons and check boxes keep the picker usable by keyboard and screen readers with no
custom widget code; static/js/app.js only keeps a chosen unit in view while the person
searches again. The server still validates the posted value against the scoped queryset.
"""

from __future__ import annotations

import json
from typing import Any

from django import forms
from django.forms.utils import flatatt
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tiepcan.units.models import Unit, UnitQuerySet

ERA_CURRENT = "hien-hanh"
ERA_ANY = "tat-ca"
ERAS = (ERA_CURRENT, ERA_ANY)
# Units shown per search: enough to browse a province's communes by their first letter,
# small enough that the page stays light.
RESULT_LIMIT = 20


def unit_ids(values: Any) -> list[int]:
    """The values that can be unit ids; anything else (text, "²", 40 nines) is dropped.

    Eighteen digits at most: a larger number overflows SQLite's integer in an ``__in`` lookup.
    """
    return [int(v) for v in map(str, values) if v.isascii() and v.isdigit() and len(v) <= 18]


def picker_queryset(user: Any, action: str, level: int | None = None, era: str = ERA_CURRENT) -> UnitQuerySet:
    """The units a picker offers: the one definition shared by the form field and the endpoint."""
    units = Unit.objects.for_user(user, action)
    if era == ERA_CURRENT:
        units = units.current()
    if level is not None:
        units = units.filter(level=level)
    return units.select_related("parent__parent").vi_ordered()


def era_label(unit: Unit) -> str:
    """When the unit was in force, e.g. "từ 01/07/2025" or "đến 30/06/2025"."""
    start = date_format(unit.valid_from, "SHORT_DATE_FORMAT") if unit.valid_from else ""
    end = date_format(unit.valid_to, "SHORT_DATE_FORMAT") if unit.valid_to else ""
    if start and end:
        return _("hiệu lực %(start)s – %(end)s") % {"start": start, "end": end}
    if end:
        return _("hiệu lực đến %(end)s") % {"end": end}
    if start:
        return _("hiệu lực từ %(start)s") % {"start": start}
    return _("đang có hiệu lực")


def area_label(unit: Unit) -> str:
    """The areas above the unit, nearest first ("Huyện Cao Lộc, Tỉnh Lạng Sơn")."""
    names: list[str] = []
    parent = unit.parent
    while parent is not None and len(names) < 3:
        names.append(parent.name)
        parent = parent.parent
    return ", ".join(names)


def describe(unit: Unit) -> dict[str, Any]:
    return {
        "pk": unit.pk,
        "name": unit.name,
        "code": unit.code,
        "area": area_label(unit),
        "era": era_label(unit),
    }


def search_results(
    units: UnitQuerySet, text: str, exclude: list[int] | None = None
) -> tuple[list[dict[str, Any]], bool]:
    """The first matching units, and whether more match than are shown."""
    found = units.search(text)
    if exclude:
        found = found.exclude(pk__in=exclude)
    rows = list(found[: RESULT_LIMIT + 1])
    return [describe(u) for u in rows[:RESULT_LIMIT]], len(rows) > RESULT_LIMIT


def results_message(count: int, more: bool, text: str) -> str:
    if more:
        return _("Hiển thị %(count)s đơn vị đầu tiên; gõ thêm để thu hẹp.") % {"count": count}
    if count:
        return _("%(count)s đơn vị phù hợp.") % {"count": count}
    if text.strip():
        return _("Không có đơn vị nào phù hợp trong phạm vi của bạn.")
    return _("Không có đơn vị nào trong phạm vi của bạn.")


class UnitPicker(forms.Widget):
    """One unit (radio buttons); see the module docstring."""

    template_name = "units/widgets/unit_picker.html"
    input_type = "radio"
    allow_multiple_selected = False

    def __init__(
        self, action: str = "view", level: int | None = None, era: str = ERA_CURRENT, attrs: Any = None
    ) -> None:
        super().__init__(attrs)
        self.action, self.level, self.era = action, level, era
        self.choices: Any = None  # ModelChoiceField sets its iterator here; we use its queryset

    def _queryset(self) -> UnitQuerySet:
        queryset = getattr(self.choices, "queryset", None)
        return queryset if queryset is not None else Unit.objects.none()

    def _selected_ids(self, value: Any) -> list[int]:
        return unit_ids(value if isinstance(value, list | tuple) else [value])

    def format_value(self, value: Any) -> Any:
        if self.allow_multiple_selected:
            return [str(v) for v in (value or [])]
        return "" if value is None else str(value)

    def get_context(self, name: str, value: Any, attrs: Any) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        widget = context["widget"]
        base_id = widget["attrs"].get("id") or f"id_{name}"
        selected_ids = self._selected_ids(widget["value"])
        queryset = self._queryset()
        # A posted unit outside the scope is not shown back; the field reports the error.
        selected = [describe(u) for u in queryset.filter(pk__in=selected_ids)] if selected_ids else []
        results, more = search_results(queryset, "", exclude=selected_ids)
        # Attributes the form gives the field (class, aria-invalid…) go on the search box.
        search_attrs = {k: v for k, v in widget["attrs"].items() if k not in ("id", "required")}
        described = f"{search_attrs.get('aria-describedby', '')} {base_id}_status".strip()
        search_attrs["aria-describedby"] = described
        widget.update(
            base_id=base_id,
            search_attrs=flatatt(search_attrs),
            input_type=self.input_type,
            selected=selected,
            results=results,
            message=results_message(len(results), more, ""),
            search_url=reverse("units:unit_picker"),
            params=json.dumps(
                {
                    "ten": name,
                    "ma": base_id,
                    "quyen": self.action,
                    "cap": self.level or "",
                    "thoi_ky": self.era,
                    "nhieu": "1" if self.allow_multiple_selected else "",
                }
            ),
        )
        return context

    def id_for_label(self, id_: str) -> str:
        # The field's <label> names the search box; the radio groups carry their own names.
        return f"{id_}_tim" if id_ else id_

    def value_from_datadict(self, data: Any, files: Any, name: str) -> Any:
        if self.allow_multiple_selected:
            return data.getlist(name) if hasattr(data, "getlist") else data.get(name)
        return data.get(name)

    def value_omitted_from_data(self, data: Any, files: Any, name: str) -> bool:
        # An unticked group sends nothing: that is "no unit", not "field left out".
        return False


class UnitMultiPicker(UnitPicker):
    """Several units (check boxes), for a ModelMultipleChoiceField."""

    allow_multiple_selected = True
    input_type = "checkbox"


def use_unit_picker(
    field: forms.ModelChoiceField,
    user: Any,
    action: str,
    level: int | None = None,
    era: str = ERA_CURRENT,
) -> None:
    """Turn a unit choice field into a scoped picker: widget, queryset and message together."""
    multiple = isinstance(field, forms.ModelMultipleChoiceField)
    field.widget = (UnitMultiPicker if multiple else UnitPicker)(action=action, level=level, era=era)
    field.widget.is_required = field.required
    field.queryset = picker_queryset(user, action, level, era)  # also hands the widget its choices
    field.error_messages["invalid_choice"] = gettext_lazy(
        "Đơn vị đã chọn không thuộc phạm vi bạn được quản lý. Hãy tìm và chọn lại."
    )
    if multiple:
        field.error_messages["invalid_pk_value"] = field.error_messages["invalid_choice"]


def searchable_agencies(*fields: forms.Field, listbox: bool = True) -> None:
    """Agency lists with a search box (static/js/app.js, ``data-tc-filter``).

    An agency list is the province's agencies and the central bodies (tens, not thousands), so
    the options are all in the page and filtered where they are, accents ignored; the server
    still validates the posted value against the field's own choices."""
    for field in fields:
        field.widget.attrs["data-tc-filter"] = gettext_lazy("Gõ tên để tìm cơ quan")
        if (
            listbox
            and isinstance(field.widget, forms.Select)
            and not isinstance(field.widget, forms.SelectMultiple)
        ):
            field.widget.attrs.setdefault("size", 8)
