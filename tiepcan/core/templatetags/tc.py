"""Template helpers: Bootstrap widgets, Vietnamese numbers and money."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms, template
from django.forms.boundfield import BoundField
from django.utils.safestring import SafeString

register = template.Library()


@register.filter
def bs(field: BoundField) -> SafeString:
    """Render a form field's widget with Bootstrap classes and error state."""
    widget = field.field.widget
    if isinstance(widget, forms.CheckboxInput | forms.CheckboxSelectMultiple | forms.RadioSelect):
        css = "form-check-input"
    elif isinstance(widget, forms.Select | forms.SelectMultiple):
        css = "form-select"
    else:
        css = "form-control"
    if field.errors:
        css += " is-invalid"
    attrs = {"class": css}
    if field.errors:
        attrs["aria-invalid"] = "true"
        attrs["aria-describedby"] = f"{field.auto_id}_errors"
    return field.as_widget(attrs=attrs)


def _decimal(value: Any) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        return Decimal(str(value))
    except InvalidOperation:
        return None


def format_number(value: Any, places: int = 2) -> str:
    """95.45 → "95,45"; 1250000 → "1.250.000" (Vietnamese separators)."""
    number = _decimal(value)
    if number is None:
        return ""
    quantized = number.quantize(Decimal(1).scaleb(-places)) if places else number.quantize(Decimal(1))
    sign = "-" if quantized < 0 else ""
    text = f"{abs(quantized):f}"
    whole, _, fraction = text.partition(".")
    groups = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    groups.insert(0, whole)
    return sign + ".".join(groups) + ("," + fraction if fraction else "")


@register.filter
def vn_number(value: Any, places: int = 2) -> str:
    return format_number(value, int(places))


@register.filter
def vn_short(value: Any) -> str:
    """A number with only the decimals it needs, up to two: 15 → "15", 2.5 → "2,5", 29.63 → "29,63"."""
    number = _decimal(value)
    if number is None or not number.is_finite():
        return "" if number is None else str(value)
    text = format_number(number, 2)
    return text.rstrip("0").rstrip(",") if "," in text else text


@register.filter
def vnd(value: Any) -> str:
    text = format_number(value, 0)
    return f"{text} đ" if text else ""


@register.filter
def iso_date(value: Any) -> str:
    """ "2026-07-14" → "14/07/2026" (dates inside JSON values are ISO strings)."""
    text = str(value or "")
    parts = text.split("-")
    if len(parts) == 3 and all(p.isdigit() for p in parts):
        return f"{parts[2]}/{parts[1]}/{parts[0]}"
    return text
