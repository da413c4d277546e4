"""Template helpers: Bootstrap widgets, Vietnamese numbers and money."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from functools import lru_cache
from typing import Any

from django import forms, template
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.forms.boundfield import BoundField
from django.templatetags.static import static
from django.utils.safestring import SafeString
from django.utils.translation import gettext, gettext_noop
from heroicons.templatetags.heroicons import heroicon_outline

register = template.Library()


@register.simple_tag
def icon(name: str, css: str = "tc-icon") -> SafeString:
    """A Heroicons outline icon with a CSS class, as ``heroicon_outline`` writes it, written once per
    process: the library copies and serialises the SVG tree at every call, on every page's frame."""
    return _icon(name, css)


@lru_cache(maxsize=256)
def _icon(name: str, css: str) -> SafeString:
    attrs: dict[str, Any] = {"class": css}  # "class" is a keyword: passed by unpacking
    return SafeString(heroicon_outline(name, **attrs))


@register.simple_tag
def asset(path: str) -> str:
    """``{% static path %}``, worked out once per process: the frame of every page names six files, and
    the storage joins and quotes each URL (and looks up its hashed name in production) every time."""
    return _asset(path)


@lru_cache(maxsize=128)
def _asset(path: str) -> str:
    return static(path)


@receiver(setting_changed)
def _forget_assets(*, setting: str, **kwargs: Any) -> None:
    if setting in {"STATIC_URL", "STORAGES", "FORCE_SCRIPT_NAME"}:
        _asset.cache_clear()


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
    attrs: dict[str, str | bool] = {"class": css}
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
    groups: list[str] = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    groups.insert(0, whole)
    return sign + ".".join(groups) + ("," + fraction if fraction else "")


@register.filter
def vn_number(value: Any, places: int | str = 2) -> str:
    """``vn_number`` → 95,45; ``vn_number:0`` → 13; ``vn_number:"auto"`` → 100 but 29,63 (a maximum,
    a percentage: no needless decimals for a whole number)."""
    if places == "auto":
        number = _decimal(value)
        places = 0 if number is not None and number == number.to_integral_value() else 2
    return format_number(value, int(places))


# The messages of a score (translated when used: ``ScoreFormat``).
_COUNT = gettext_noop("%(n)s chỉ tiêu đạt")
_COUNT_OF = gettext_noop("%(n)s/%(max)s chỉ tiêu đạt")
_POINTS = gettext_noop("%(n)s điểm")
_POINTS_OF = gettext_noop("%(n)s/%(max)s điểm")


class ScoreFormat:
    """``format_score`` for the many scores of one rendering (one language): each message translated
    once and each number formatted once."""

    def __init__(self) -> None:
        self._texts: dict[str, str] = {}
        self._numbers: dict[tuple[Any, ...], str] = {}

    def _text(self, message: str) -> str:
        text = self._texts.get(message)
        if text is None:
            text = self._texts[message] = gettext(message)
        return text

    def _number(self, value: Any, places: int) -> str:
        key = (value.__class__, value, places)
        text = self._numbers.get(key)
        if text is None:
            text = self._numbers[key] = format_number(value, places)
        return text

    def __call__(self, total: Any, max_total: Any = None, pass_fail: bool = False) -> str:
        if _decimal(total) is None:
            return ""
        if pass_fail:
            count = self._number(total, 0)
            if _decimal(max_total) is None:
                return self._text(_COUNT) % {"n": count}
            return self._text(_COUNT_OF) % {"n": count, "max": self._number(max_total, 0)}
        points = self._number(total, 2)
        maximum = _decimal(max_total)
        if maximum is None:
            return self._text(_POINTS) % {"n": points}
        places = 0 if maximum == maximum.to_integral_value() else 2
        return self._text(_POINTS_OF) % {"n": points, "max": self._number(maximum, places)}


def format_score(total: Any, max_total: Any = None, pass_fail: bool = False) -> str:
    """A result as people say it: "2/13 chỉ tiêu đạt" for met/not-met frameworks, "95,45/100 điểm"
    for points (the maximum without needless decimals)."""
    return ScoreFormat()(total, max_total, pass_fail)


@register.simple_tag
def score_text(total: Any, max_total: Any = None, pass_fail: bool = False) -> str:
    """``{% score_text a.total a.score.max_total a.pass_fail %}``"""
    return format_score(total, max_total, pass_fail)


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
