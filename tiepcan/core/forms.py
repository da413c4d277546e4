"""Form fields shared by the apps."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from tiepcan.lib.money import group_vnd, parse_vnd

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
