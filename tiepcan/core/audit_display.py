"""An audit entry's before/after values as a Vietnamese reader expects them.

The entry stores raw JSON (``created_at``: "2026-11-25T07:05:00Z", ``points``: "1.00",
``member_id``: 7); this turns each changed field into its verbose name and each value into
Vietnamese notation: "25/11/2026 14:05", "1,00", "400.000.000 đ", a choice's label, the name of the
row a foreign key points to. Fields the model no longer has are shown as stored.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import models
from django.utils import formats, timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tiepcan.core.fields import VndAmountField
from tiepcan.core.models import AuditEntry
from tiepcan.lib.engine.numbers import vn, vn_short
from tiepcan.lib.money import group_vnd

_M2M_VERBS = {"add": gettext_lazy("thêm"), "remove": gettext_lazy("bỏ"), "clear": gettext_lazy("bỏ hết")}


@dataclass(frozen=True)
class ChangeRow:
    label: str
    before: str | None
    after: str | None


def _number(value: Any, places: int | None = None) -> str:
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        return str(value)
    if not number.is_finite():
        return str(value)
    return vn(number, places) if places is not None else vn_short(number)


def _json(value: Any) -> str:
    """A JSON value in a line: numbers in Vietnamese notation, mappings as "key: value; …"."""
    if isinstance(value, bool):
        return _("Có") if value else _("Không")
    if isinstance(value, int | float):
        return _number(value)
    if isinstance(value, dict):
        return "; ".join(f"{key}: {_json(item)}" for key, item in value.items())
    if isinstance(value, list):
        return ", ".join(_json(item) for item in value)
    if value is None:
        return "—"
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False)


def _names(model: type[models.Model], ids: list[Any]) -> dict[str, str]:
    """The display names of the rows ``ids`` of ``model`` (one query), keyed by their id as text."""
    valid = [pk for pk in ids if pk not in (None, "")]
    if not valid:
        return {}
    try:
        rows = model._base_manager.filter(pk__in=valid)
        return {str(row.pk): str(row) for row in rows}
    except (ValueError, TypeError):
        return {}


def _format(field: models.Field | None, value: Any, names: dict[str, str]) -> str | None:
    if value is None:
        return None
    if field is None:
        return _json(value)
    if isinstance(field, models.ManyToManyField | models.ForeignKey):
        return names.get(str(value), _("#%(id)s (không còn)") % {"id": value})
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(field, models.BooleanField):
        return _("Có") if value else _("Không")
    if isinstance(field, VndAmountField):
        try:
            return f"{group_vnd(int(value))} đ"
        except (TypeError, ValueError):
            return str(value)
    if isinstance(field, models.DecimalField):
        return _number(value, field.decimal_places)
    if isinstance(field, models.FloatField):
        return _number(value)
    if isinstance(field, models.DateTimeField):
        moment = value if isinstance(value, datetime) else parse_datetime(str(value))
        if moment is None:
            return str(value)
        if timezone.is_aware(moment):
            moment = timezone.localtime(moment)
        return formats.date_format(moment, "SHORT_DATETIME_FORMAT")
    if isinstance(field, models.DateField):
        day = value if isinstance(value, date) else parse_date(str(value))
        return formats.date_format(day, "SHORT_DATE_FORMAT") if day else str(value)
    if isinstance(field, models.JSONField):
        return _json(value)
    if value == "":
        return None
    return str(value)


def _field(model: type[models.Model] | None, key: str) -> tuple[models.Field | None, str]:
    """The model field stored under ``key`` (an attname such as ``member_id``), and its label."""
    if model is not None:
        for field in [*model._meta.concrete_fields, *model._meta.many_to_many]:
            if key in (field.name, field.attname):
                return field, _("Mã số") if field.primary_key else capfirst(str(field.verbose_name))
    return None, key


def describe_changes(entry: AuditEntry) -> list[ChangeRow]:
    """One row per changed field: its Vietnamese label, and the value before and after, formatted."""
    model = entry.content_type.model_class() if entry.content_type is not None else None
    rows = []
    for key, before, after in entry.changes():
        name, _dot, verb = key.partition(".")
        field, label = _field(model, name if verb in _M2M_VERBS else key)
        if verb in _M2M_VERBS and field is not None:
            label = f"{label} ({_M2M_VERBS[verb]})"
        values = [v for side in (before, after) for v in (side if isinstance(side, list) else [side])]
        related = field.related_model if field is not None else None
        names = _names(related, values) if related is not None else {}
        if isinstance(field, models.ManyToManyField):
            formatted = [
                ", ".join(_format(field, v, names) or "" for v in side) if isinstance(side, list) else None
                for side in (before, after)
            ]
        else:
            formatted = [_format(field, side, names) for side in (before, after)]
        rows.append(ChangeRow(label, formatted[0], formatted[1]))
    return rows
