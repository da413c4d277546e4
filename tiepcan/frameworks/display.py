"""Framework data written for people: unit kinds, dates, numbers and rules in Vietnamese.

A framework definition is data (``xa``, ``2025-08-04``, ``{"kind": "ratio", …}``); the framework
page and the comparison of two versions show it the way the legal text would say it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tiepcan.core.templatetags.tc import iso_date, vn_short
from tiepcan.lib.engine.describe import describe_expression, describe_rule
from tiepcan.lib.engine.diff import Change
from tiepcan.units.choices import UnitKind

# The keys of a framework definition (see lib/engine/framework.schema.json) as the page names them.
KEY_LABELS = {
    "title": gettext_lazy("Tên"),
    "max_points": gettext_lazy("Điểm tối đa"),
    "min_share": gettext_lazy("Tỷ lệ điểm tối thiểu"),
    "required_met": gettext_lazy("Số chỉ tiêu phải đạt"),
    "allow_not_arisen": gettext_lazy("Được ghi “không phát sinh”"),
    "fields": gettext_lazy("Số liệu cần nhập"),
    "computed": gettext_lazy("Giá trị tính toán"),
    "validations": gettext_lazy("Kiểm tra số liệu"),
    "rule": gettext_lazy("Cách tính"),
    "evidence": gettext_lazy("Minh chứng"),
    "crosswalk": gettext_lazy("Lấy số liệu từ chỉ tiêu của phiên bản trước"),
    "crosswalk_from": gettext_lazy("Đối chiếu với bộ tiêu chí thế hệ trước"),
    "verified": gettext_lazy("Đã đối chiếu văn bản gốc"),
    "source": gettext_lazy("Nguồn"),
    "total_min": gettext_lazy("Tổng điểm tối thiểu"),
    "total_min_by_class": gettext_lazy("Tổng điểm tối thiểu theo phân loại"),
    "criterion_min_share": gettext_lazy("Tỷ lệ điểm tối thiểu của mỗi tiêu chí"),
    "all_criteria_met": gettext_lazy("Mọi tiêu chí phải đạt"),
    "satisfaction_indicator": gettext_lazy("Chỉ tiêu đo mức hài lòng"),
    "satisfaction_field": gettext_lazy("Số liệu đo mức hài lòng"),
    "satisfaction_min": gettext_lazy("Mức hài lòng tối thiểu"),
    "disqualifiers": gettext_lazy("Trường hợp không công nhận"),
    "applies_to": gettext_lazy("Loại đơn vị áp dụng"),
    "years": gettext_lazy("Năm áp dụng"),
    "legal_basis": gettext_lazy("Căn cứ pháp lý"),
    "deadlines": gettext_lazy("Thời hạn"),
    "posting": gettext_lazy("Niêm yết công khai"),
    "authority": gettext_lazy("Thẩm quyền"),
    "scoring": gettext_lazy("Cách đánh giá"),
    "recognition": gettext_lazy("Điều kiện công nhận"),
}
_SHARES = {"min_share", "criterion_min_share"}
_PERCENTAGES = {"satisfaction_min"}
_AUTHORITY = {
    "self_assessment": gettext_lazy("Tự đánh giá"),
    "review": gettext_lazy("Thẩm định"),
    "council": gettext_lazy("Hội đồng"),
    "recognition": gettext_lazy("Công nhận"),
}


def unit_kinds_words(kinds: Iterable[str]) -> str:
    """``xa, phuong, dac_khu`` → ``xã, phường, đặc khu``: the units a framework applies to, in words.

    The one place unit kinds become words (framework page, version comparison, period page,
    decision text); an unknown kind stays as written.
    """
    labels = dict(UnitKind.choices)
    return ", ".join(str(labels[kind]).lower() if kind in labels else kind for kind in kinds)


def _yes_no(value: Any) -> str:
    return _("Có") if value else _("Không")


def _legal_document(doc: dict[str, Any]) -> str:
    date = f" ({iso_date(doc['date'])})" if doc.get("date") else ""
    issuer = f" – {doc['issuer']}" if doc.get("issuer") else ""
    return f"{doc.get('number', '')}{date}{issuer}: {doc.get('title', '')}".strip(": ")


def _evidence(evidence: dict[str, Any]) -> str:
    kinds = ", ".join(evidence.get("kinds", []))
    types = ", ".join(evidence.get("file_types", [])).upper()
    text = f"{_('Bắt buộc')}: {kinds}" if evidence.get("required") else kinds
    text = f"{text} ({types})" if types else text
    return f"{text}; {_('phải ký số')}" if evidence.get("signed") else text


def value_text(key: str, value: Any, indicator: dict[str, Any] | None = None, pass_fail: bool = False) -> str:
    """One value of a framework definition, as a sentence or a list a person reads."""
    if value is None:
        return "—"
    if isinstance(value, bool):
        return _yes_no(value)
    if key in _SHARES and isinstance(value, int | float):
        return f"{vn_short(value * 100)}%"
    if key in _PERCENTAGES and isinstance(value, int | float):
        return f"{vn_short(value)}%"
    if isinstance(value, int | float):
        return vn_short(value)
    if key == "rule" and isinstance(value, dict):
        return describe_rule({**(indicator or {}), "rule": value}, pass_fail)
    if key == "fields" and isinstance(value, list):
        return "; ".join(str(f.get("label", f.get("name", ""))) for f in value if isinstance(f, dict))
    if key == "computed" and isinstance(value, dict):
        # The formulas only: the rule's description names them by letter ("trong đó a = …").
        return "; ".join(
            describe_expression(indicator or {}, str(source))
            .removeprefix("Tính theo công thức: ")
            .rstrip(".")
            for source in value.values()
        )
    if key == "validations" and isinstance(value, list):
        return "; ".join(str(v.get("message", v.get("check", ""))) for v in value if isinstance(v, dict))
    if key == "evidence" and isinstance(value, dict):
        return _evidence(value)
    if key == "applies_to" and isinstance(value, list):
        return unit_kinds_words(value)
    if key == "years" and isinstance(value, dict):
        return f"{value.get('from', '')}–{value['to'] if value.get('to') else _('nay')}"
    if key == "legal_basis" and isinstance(value, list):
        return "; ".join(_legal_document(doc) for doc in value if isinstance(doc, dict))
    if key in ("deadlines", "disqualifiers") and isinstance(value, list):
        return "; ".join(str(item.get("text", "")) for item in value if isinstance(item, dict))
    if key == "posting" and isinstance(value, dict):
        modes = " hoặc ".join(str(m.get("label", "")) for m in value.get("modes", []) if isinstance(m, dict))
        return _("tại trụ sở ít nhất %(d)s ngày; và %(m)s") % {"d": value.get("office_days", ""), "m": modes}
    if key == "authority" and isinstance(value, dict):
        return "; ".join(f"{_AUTHORITY.get(k, k)}: {v}" for k, v in value.items() if k in _AUTHORITY)
    if key == "scoring":
        return _("xét đạt/không đạt") if value == "pass_fail" else _("chấm điểm")
    if key == "total_min_by_class" and isinstance(value, dict):
        return "; ".join(f"{_('loại')} {k}: {vn_short(v)}" for k, v in value.items())
    if key == "satisfaction_field" and indicator:
        labels = {f.get("name"): f.get("label") for f in indicator.get("fields", []) if isinstance(f, dict)}
        return str(labels.get(value, value))
    if key == "required_met" and value == "all":
        return _("tất cả")
    if isinstance(value, list):
        return ", ".join(value_text(key, item) for item in value)
    if isinstance(value, dict):
        return "; ".join(f"{KEY_LABELS.get(k, k)}: {value_text(k, v)}" for k, v in value.items())
    return str(value)


@dataclass(frozen=True)
class FieldChange:
    label: str
    before: str
    after: str


@dataclass(frozen=True)
class ChangeView:
    kind: str
    level: str
    code: str
    title: str
    fields: list[FieldChange]


def _indicators(definition: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {i["code"]: i for c in definition.get("criteria", []) for i in c.get("indicators", [])}


def describe_changes(changes: list[Change], old: dict[str, Any], new: dict[str, Any]) -> list[ChangeView]:
    """The engine's diff of two definitions, with labels and values a person reads."""
    old_indicators, new_indicators = _indicators(old), _indicators(new)
    views = []
    for change in changes:
        if change.level == "recognition":  # the satisfaction field is named by its indicator's label
            before_context = old_indicators.get(str(old.get("recognition", {}).get("satisfaction_indicator")))
            after_context = new_indicators.get(str(new.get("recognition", {}).get("satisfaction_indicator")))
        else:
            before_context = old_indicators.get(change.code) if change.level == "indicator" else None
            after_context = new_indicators.get(change.code) if change.level == "indicator" else None
        fields = [
            FieldChange(
                str(KEY_LABELS.get(key, key)),
                value_text(key, before, before_context, old.get("scoring") == "pass_fail"),
                value_text(key, after, after_context, new.get("scoring") == "pass_fail"),
            )
            for key, before, after in change.fields
        ]
        named = change.level in ("metadata", "recognition")
        views.append(
            ChangeView(
                change.kind,
                change.level,
                "" if named else change.code,
                str(KEY_LABELS.get(change.code, change.title)) if named else change.title,
                fields,
            )
        )
    return views
