"""Model fields shared by the apps."""

from __future__ import annotations

from typing import Any

from django.db import models

from tiepcan.core.forms import VndAmountField as VndAmountFormField


class VndAmountField(models.PositiveBigIntegerField):
    """A sum of money in whole đồng (VND has no minor unit in practice).

    Forms show it grouped ("1.250.000.000") and accept it as Vietnamese people type it; the audit
    trail shows it as "1.250.000.000 đ".
    """

    def formfield(self, **kwargs: Any) -> Any:
        return super().formfield(**{"form_class": VndAmountFormField, **kwargs})
