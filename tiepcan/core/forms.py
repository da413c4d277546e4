"""Form fields shared by the apps."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

from tiepcan.lib.engine.numbers import MAX_DIGITS, MAX_PLACES, NumberError, parse_number
from tiepcan.lib.money import group_vnd, parse_vnd

# How people type a day, whatever the interface language (English would read 05/01 as May); ISO
# is what a browser's date input sends. Every date read from input goes through these formats.
DATE_INPUT_FORMATS = ["%d/%m/%Y", "%d/%m/%y", "%Y-%m-%d"]


class DayField(forms.DateField):
    """A day typed as its placeholder asks (dd/mm/yyyy), or sent as ISO."""

    widget = forms.DateInput(attrs={"placeholder": "dd/mm/yyyy"})
    input_formats = DATE_INPUT_FORMATS


def parse_day(text: str | None) -> date | None:
    """The one date parser: ``text`` as a day, or None when blank, malformed or impossible (31/02)."""
    try:
        return DayField(required=False).clean((text or "").strip())
    except ValidationError:
        return None


def require_valid(form: forms.BaseForm) -> dict[str, Any]:
    """The form's cleaned data, or a ValidationError with all its messages (for a view to flash)."""
    if not form.is_valid():
        raise ValidationError([message for errors in form.errors.values() for message in errors])
    return form.cleaned_data


def field_of[F: forms.Field](form: forms.BaseForm, name: str, kind: type[F]) -> F:
    """The form's field ``name`` as the ``kind`` of field it is declared as (to set its choices or queryset)."""
    field = form.fields[name]
    if not isinstance(field, kind):
        raise TypeError(f"{type(form).__name__}.{name} is a {type(field).__name__}, not a {kind.__name__}")
    return field


def offered_rows(field: forms.ModelChoiceField) -> QuerySet[Any]:
    """The rows a model choice field offers (a model form's field always has them), to narrow further."""
    if field.queryset is None:
        raise TypeError(f"{type(field).__name__} has no queryset")
    return field.queryset


# A thousand trillion đồng: far above any budget line, far below the database's 64-bit limit.
MAX_AMOUNT = 10**15 - 1


class VndAmountInput(forms.TextInput):
    """A text box (not type=number, which refuses "1.250.000") showing the amount grouped."""

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__({"inputmode": "numeric", "autocomplete": "off", **(attrs or {})})

    def format_value(self, value: Any) -> str | None:
        amount = parse_vnd(value) if isinstance(value, str) else value
        if isinstance(amount, int) and not isinstance(amount, bool):
            return group_vnd(amount)
        return super().format_value(value)


class VndAmountField(forms.IntegerField):
    """A sum in whole đồng typed the Vietnamese way: "1.250.000.000", "1 250 000 000", "1250000000 đ"."""

    widget = VndAmountInput
    default_error_messages = {
        "invalid": _("Nhập số tiền bằng chữ số, ví dụ 1.250.000.000."),
        "too_large": _("Số tiền không được vượt quá %(limit)s đ."),
    }

    def __init__(self, **kwargs: Any) -> None:
        kwargs.pop("max_value", None)  # the model's 64-bit bound; ours is lower and worded in đồng
        kwargs.setdefault("min_value", 0)
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> int | None:
        if value in self.empty_values:
            return None
        if isinstance(value, int) and not isinstance(value, bool):
            amount: int | None = value
        else:
            amount = parse_vnd(str(value))
        if amount is None:
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        if amount > MAX_AMOUNT:
            raise ValidationError(
                self.error_messages["too_large"], code="too_large", params={"limit": group_vnd(MAX_AMOUNT)}
            )
        return amount


_NUMBER_MESSAGES: dict[str, StrOrPromise] = {
    "invalid": _("Hãy nhập một số, ví dụ 1.250.000 hoặc 0,5."),
    "integer": _("Hãy nhập một số nguyên, ví dụ 1.250.000."),
    "too_large": _("Số quá lớn (tối đa %(digits)s chữ số)."),
    "places": _("Số có quá nhiều chữ số sau dấu phẩy (tối đa %(places)s)."),
}


class NumberField(forms.Field):
    """A number typed the way people here type it, parsed by the engine's parser.

    Accepts "1250000", "1.250.000", "0,5" and "0.5"; refuses NaN, Infinity, exponents,
    hexadecimal and numbers too long for the database with a Vietnamese message, so no
    hostile value reaches a query or a computation. ``integer=True`` cleans to ``int``.
    """

    widget = forms.TextInput
    default_error_messages = _NUMBER_MESSAGES

    def __init__(
        self,
        *,
        integer: bool = False,
        min_value: int | Decimal | None = None,
        max_value: int | Decimal | None = None,
        max_digits: int = MAX_DIGITS,
        max_places: int = MAX_PLACES,
        **kwargs: Any,
    ) -> None:
        self.integer, self.max_digits, self.max_places = integer, max_digits, max_places
        super().__init__(**kwargs)
        if min_value is not None:
            self.validators.append(MinValueValidator(min_value))
        if max_value is not None:
            self.validators.append(MaxValueValidator(max_value))

    def widget_attrs(self, widget: forms.Widget) -> dict[str, Any]:
        attrs = super().widget_attrs(widget)
        attrs["inputmode"] = "numeric" if self.integer else "decimal"
        return attrs

    def to_python(self, value: Any) -> int | Decimal | None:
        if value in self.empty_values:
            return None
        try:
            number = parse_number(
                value, integer=self.integer, max_digits=self.max_digits, max_places=self.max_places
            )
        except NumberError as problem:
            raise forms.ValidationError(
                self.error_messages[problem.code],
                code=problem.code,
                params={"digits": self.max_digits, "places": self.max_places},
            ) from problem
        return int(number) if self.integer else number


class NotificationGroupForm(forms.Form):
    """Which group of the person's notifications to mark read (its key, as the list shows it)."""

    group = forms.CharField(max_length=200, strip=True)
