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
from typing import Any, cast

from django import forms
from django.core import signing
from django.forms.utils import flatatt
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tiepcan.core.forms import offered_rows
from tiepcan.lib.text import fold
from tiepcan.units.models import Agency, AgencyQuerySet, Unit, UnitQuerySet

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
    area = area_label(unit)
    code = _("mã %(code)s") % {"code": unit.code}
    return {
        "pk": unit.pk,
        "value": unit.pk,
        "key": unit.pk,
        "name": unit.name,
        "code": unit.code,
        "area": area,
        "era": era_label(unit),
        "meta": " · ".join(part for part in (area, code, era_label(unit)) if part),
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
            include=f"#{base_id}_picker",
            texts={
                "chosen": _("Đơn vị đã chọn"),
                "none_chosen": _("Chưa chọn đơn vị."),
                "placeholder": _("Gõ tên hoặc mã đơn vị, không cần dấu"),
                "results": _("Kết quả tìm đơn vị"),
            },
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


# --- Agencies -----------------------------------------------------------------------------
#
# The agency picker is the unit picker over agencies: the same template, results partial and
# script, its own endpoint (``units:agency_picker``). What an agency list holds differs from form
# to form (a plan's province and the central bodies, the committees a person reports for, the
# agencies a task names…), so the endpoint cannot rebuild it from a few parameters as the unit
# picker does: the form's own list is signed into the page instead (the ids, bound to the person
# and the year), and the endpoint searches only inside it. The form still validates the posted
# value against its own queryset, which offers only agencies in force for the year.

AGENCY_SCOPE_SALT = "tiepcan.units.agency-picker"
AGENCY_SCOPE_MAX_AGE = 12 * 60 * 60  # a form left open overnight asks for a reload


def pack_ids(ids: Any) -> str:
    """Ids as sorted base-36 gaps ("1.2.a"): a few hundred agencies stay a short token."""
    out, last = [], 0
    for value in sorted(set(ids)):
        out.append(_base36(value - last))
        last = value
    return ".".join(out)


def unpack_ids(text: str) -> list[int]:
    ids, total = [], 0
    for part in text.split(".") if text else []:
        total += int(part, 36)
        ids.append(total)
    return ids


def _base36(value: int) -> str:
    digits = "0123456789abcdefghijklmnopqrstuvwxyz"
    out = ""
    while True:
        value, rest = divmod(value, 36)
        out = digits[rest] + out
        if not value:
            return out


class AgencyScope:
    """What one agency picker offers: agency ids, the person it was made for, the years.

    ``by_code`` pickers post an agency's code (a plan names agencies by code) and may offer
    ``groups``, classes of agencies that are no row ("UBND cấp xã")."""

    def __init__(
        self,
        ids: list[int],
        user_id: int,
        years: tuple[int, int] | None,
        by_code: bool = False,
        groups: list[tuple[str, str]] | None = None,
    ) -> None:
        self.ids, self.user_id, self.years = ids, user_id, years
        self.by_code, self.groups = by_code, list(groups or [])
        self._described: dict[Any, dict[str, Any]] = {}
        self._token = ""
        # Names of classes no longer offered but perhaps already chosen (shown, not searched).
        self.group_names: dict[str, str] = {}

    def token(self) -> str:
        if self._token:
            return self._token
        data = {
            "i": pack_ids(self.ids),
            "u": self.user_id,
            "y": list(self.years or []),
            "c": self.by_code,
            "g": [list(g) for g in self.groups],
        }
        self._token = signing.dumps(data, salt=AGENCY_SCOPE_SALT, compress=True)
        return self._token

    @classmethod
    def read(cls, token: str, user: Any) -> AgencyScope:
        """The scope a page was given; ``signing.BadSignature`` for a forged, foreign or stale one."""
        data = signing.loads(token, salt=AGENCY_SCOPE_SALT, max_age=AGENCY_SCOPE_MAX_AGE)
        if not isinstance(data, dict) or data.get("u") != getattr(user, "pk", None):
            raise signing.BadSignature("agency picker scope of another person")
        years = data.get("y") or None
        groups = [(str(code), str(name)) for code, name in data.get("g") or []]
        return cls(
            unpack_ids(data.get("i", "")),
            data["u"],
            tuple(years) if years else None,
            bool(data.get("c")),
            groups,
        )

    def agencies(self, years: tuple[int, int] | None = None) -> AgencyQuerySet:
        agencies = Agency.objects.filter(pk__in=self.ids)
        years = years or self.years
        if years:
            agencies = agencies.in_force_in(*years)
        return agencies.select_related("unit__parent__parent").vi_ordered()

    def chosen(self, values: list[str]) -> list[dict[str, Any]]:
        """The chosen agencies (in force or not: a value already recorded is shown as it is)."""
        values = [v for v in values if v]
        if not values:
            return []
        missing = [v for v in values if v not in self._described]
        if missing:
            rows = Agency.objects.filter(pk__in=self.ids).select_related("unit__parent__parent")
            rows = rows.filter(code__in=missing) if self.by_code else rows.filter(pk__in=unit_ids(missing))
            for agency in rows.vi_ordered():
                self._described.setdefault(str(self._value(agency)), describe_agency(agency, self.by_code))
            for code, name in [*self.groups, *self.group_names.items()]:
                self._described.setdefault(code, describe_group(code, name))
        return [self._described[v] for v in values if v in self._described]

    def preload(self, values: list[str]) -> None:
        """Describe many chosen values in one query (a page with one picker per row)."""
        self.chosen(list(dict.fromkeys(values)))

    def search(
        self, text: str, exclude: list[str] | None = None, years: tuple[int, int] | None = None
    ) -> tuple[list[dict[str, Any]], bool]:
        """The first matching groups and agencies, and whether more match than are shown."""
        exclude = exclude or []
        folded = fold(text)
        rows = [
            describe_group(code, name)
            for code, name in self.groups
            if code not in exclude and (folded in fold(name) or folded in code)
        ]
        agencies = self.agencies(years).search(text)
        if exclude:
            agencies = (
                agencies.exclude(code__in=exclude)
                if self.by_code
                else agencies.exclude(pk__in=unit_ids(exclude))
            )
        seen = set(exclude)
        for agency in agencies[: RESULT_LIMIT + 1]:
            value = str(self._value(agency))
            if value not in seen:  # a code shared by a province's agency and a central body
                seen.add(value)
                rows.append(describe_agency(agency, self.by_code))
        return rows[:RESULT_LIMIT], len(rows) > RESULT_LIMIT

    def _value(self, agency: Agency) -> Any:
        return agency.code if self.by_code else agency.pk


def agency_area(agency: Agency) -> str:
    """Where an agency serves: its unit and the areas above ("Huyện Cao Lộc, Tỉnh Lạng Sơn")."""
    if agency.unit is None:
        return _("Trung ương")
    above = area_label(agency.unit)
    return f"{agency.unit.name}, {above}" if above else agency.unit.name


def agency_era(agency: Agency) -> str:
    """When the agency acted: its own dates within those of its unit ("hiệu lực đến 30/06/2025")."""
    starts = [d for d in (agency.valid_from, agency.unit.valid_from if agency.unit else None) if d]
    ends = [d for d in (agency.valid_to, agency.unit.valid_to if agency.unit else None) if d]
    return era_label(Unit(valid_from=max(starts) if starts else None, valid_to=min(ends) if ends else None))


def describe_agency(agency: Agency, by_code: bool = False) -> dict[str, Any]:
    area, era = agency_area(agency), agency_era(agency)
    return {
        "pk": agency.pk,
        "value": agency.code if by_code else agency.pk,
        "key": agency.pk,
        "name": agency.name,
        "area": area,
        "era": era,
        "meta": f"{area} · {era}",
    }


def describe_group(code: str, name: str) -> dict[str, Any]:
    return {
        "pk": None,
        "value": code,
        "key": "g-" + code.strip("@"),
        "name": name,
        "area": "",
        "era": "",
        "meta": _("nhóm cơ quan"),
    }


def agency_results_message(count: int, more: bool, text: str) -> str:
    if more:
        return _("Hiển thị %(count)s cơ quan đầu tiên; gõ thêm để thu hẹp.") % {"count": count}
    if count:
        return _("%(count)s cơ quan phù hợp.") % {"count": count}
    if text.strip():
        return _("Không có cơ quan nào phù hợp (trong phạm vi của bạn, còn hoạt động trong năm).")
    return _("Gõ tên cơ quan để tìm.")


class AgencyPicker(UnitPicker):
    """One agency (radio buttons), searched on the server; see the comment above ``AgencyScope``."""

    def __init__(self, attrs: Any = None) -> None:
        super().__init__(attrs=attrs)
        self.user: Any = None
        self.years: tuple[int, int] | None = None
        self.year_input = ""  # the id of the form's year field, when the year is the person's choice
        self.browse = True  # list the first agencies before anything is typed
        self.by_code = False
        self.groups: list[tuple[str, str]] = []
        self.agency_queryset: AgencyQuerySet | None = None  # by-code pickers: their agencies
        self.scope: AgencyScope | None = None  # shared by the pickers of one page

    def get_scope(self) -> AgencyScope:
        if self.scope is None:
            queryset = self.agency_queryset if self.by_code else getattr(self.choices, "queryset", None)
            ids = list(queryset.values_list("pk", flat=True)) if queryset is not None else []
            self.scope = AgencyScope(
                ids, getattr(self.user, "pk", None) or 0, self.years, self.by_code, self.groups
            )
        return self.scope

    def get_context(self, name: str, value: Any, attrs: Any) -> dict[str, Any]:
        context = forms.Widget.get_context(self, name, value, attrs)
        widget = context["widget"]
        base_id = widget["attrs"].get("id") or f"id_{name}"
        raw = widget["value"]
        values = [str(v) for v in (raw if isinstance(raw, list | tuple) else [raw]) if v not in (None, "")]
        scope = self.get_scope()
        selected = scope.chosen(values)
        results, more = scope.search("", exclude=values) if self.browse else ([], False)
        search_attrs = {k: v for k, v in widget["attrs"].items() if k not in ("id", "required")}
        search_attrs["aria-describedby"] = (
            f"{search_attrs.get('aria-describedby', '')} {base_id}_status".strip()
        )
        params = {
            "ten": name,
            "ma": base_id,
            "pham_vi": scope.token(),
            "nhieu": "1" if self.allow_multiple_selected else "",
        }
        include, also_on = f"#{base_id}_picker", ""
        if self.year_input:  # the year is sent with each search, and a new year searches again
            include += f", #{self.year_input}"
            also_on = f", change from:#{self.year_input}"
        widget.update(
            base_id=base_id,
            search_attrs=flatatt(search_attrs),
            input_type=self.input_type,
            selected=selected,
            results=results,
            message=agency_results_message(len(results), more, "")
            if self.browse
            else _("Gõ tên cơ quan để tìm cơ quan khác."),
            search_url=reverse("units:agency_picker"),
            # Sent in the body: a system administrator's list is thousands of ids, longer than a
            # request line may be (gunicorn stops at 4 KB). The CSRF header comes from base.html.
            post=True,
            include=include,
            also_on=also_on,
            params=json.dumps(params),
            texts={
                "chosen": _("Cơ quan đã chọn"),
                "none_chosen": _("Chưa chọn cơ quan."),
                "placeholder": _("Gõ tên cơ quan, không cần dấu"),
                "results": _("Kết quả tìm cơ quan"),
            },
        )
        return context

    def format_value(self, value: Any) -> Any:
        if self.allow_multiple_selected:
            return [str(v) for v in (value or [])]
        return "" if value is None else str(value)


class AgencyMultiPicker(AgencyPicker):
    """Several agencies (check boxes)."""

    allow_multiple_selected = True
    input_type = "checkbox"


def use_agency_picker(
    field: forms.Field,
    user: Any,
    years: int | tuple[int, int] | None,
    *,
    agencies: AgencyQuerySet | None = None,
    groups: list[tuple[str, str]] | None = None,
    keep: list[str] | None = None,
    year_input: str = "",
    browse: bool = True,
    scope: AgencyScope | None = None,
    narrow: bool | None = None,
) -> None:
    """Turn an agency field into a server-searched picker offering agencies in force in ``years``.

    A model choice field keeps its queryset (narrowed to the years); a plain choice field (the
    plan editor's codes) takes ``agencies`` and ``groups`` as its choices, and still accepts the
    codes in ``keep`` (already recorded, perhaps no longer in force). With ``year_input`` the year
    is the person's to choose on the same form: the list follows it and the form checks it
    (``years`` is then only the list's first year, and the field is not narrowed; ``narrow=False``
    does the same for a year the form checks itself)."""
    span = (years, years) if isinstance(years, int) else years
    narrow = not year_input if narrow is None else narrow
    multiple = isinstance(field, forms.ModelMultipleChoiceField | forms.MultipleChoiceField)
    widget = AgencyMultiPicker() if multiple else AgencyPicker()
    widget.user, widget.years, widget.year_input, widget.browse = user, span, year_input, browse
    widget.is_required = field.required
    widget.scope = scope
    if isinstance(field, forms.ModelChoiceField):
        field.widget = widget
        if span and narrow:
            field.queryset = cast(AgencyQuerySet, offered_rows(field)).in_force_in(*span)
        else:
            field.queryset = field.queryset  # hands the new widget its choices
    else:
        assert agencies is not None, "a choice field of codes needs its agencies"
        assert isinstance(field, forms.ChoiceField), "an agency picker needs a choice field"
        in_force = agencies.in_force_in(*span) if span and narrow else agencies
        widget.by_code, widget.groups, widget.agency_queryset = True, list(groups or []), agencies
        codes = {
            *in_force.values_list("code", flat=True),
            *(code for code, _name in groups or []),
            *(keep or []),
        }
        field.choices = [(code, code) for code in sorted(codes)]
        field.widget = widget
    field.error_messages["invalid_choice"] = (
        gettext_lazy(
            "Cơ quan đã chọn không thuộc danh sách: ngoài phạm vi của bạn hoặc không hoạt động "
            "trong năm %(year)s. Hãy tìm và chọn lại."
        )
        % {"year": span[0] if span[0] == span[1] else f"{span[0]}–{span[1]}"}
        if span and narrow
        else gettext_lazy("Cơ quan đã chọn không thuộc phạm vi của bạn. Hãy tìm và chọn lại.")
    )
    if isinstance(field, forms.ModelMultipleChoiceField):
        field.error_messages["invalid_pk_value"] = field.error_messages["invalid_choice"]
