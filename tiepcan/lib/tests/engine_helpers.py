"""Tiny framework definitions built in code, one rule at a time."""

from __future__ import annotations

from typing import Any


def framework(
    indicators: list[dict[str, Any]],
    *,
    max_points: float | None = None,
    recognition: dict[str, Any] | None = None,
    scoring: str = "points",
) -> dict[str, Any]:
    total = max_points if max_points is not None else sum(i.get("max_points", 1) for i in indicators)
    criterion: dict[str, Any] = {
        "code": "TC1",
        "title": "Tiêu chí thử",
        "indicators": indicators,
        "verified": True,
    }
    if scoring == "points":
        criterion["max_points"] = total
    return {
        "format": "tiepcan-framework/1",
        "code": "thu-nghiem",
        "version": 1,
        "title": "Bộ tiêu chí thử nghiệm",
        "scoring": scoring,
        "applies_to": ["xa"],
        "years": {"from": 2026, "to": None},
        "legal_basis": [{"number": "01/TN", "issuer": "Thử", "title": "Văn bản thử", "verified": True}],
        "criteria": [criterion],
        "recognition": recognition
        or (
            {"total_min": 0, "verified": True}
            if scoring == "points"
            else {"all_criteria_met": True, "verified": True}
        ),
    }


def indicator(
    rule: dict[str, Any],
    fields: list[dict[str, Any]],
    *,
    code: str = "1.1",
    max_points: float = 10,
    **extra: Any,
) -> dict[str, Any]:
    return {
        "code": code,
        "title": f"Chỉ tiêu {code}",
        "max_points": max_points,
        "fields": fields,
        "rule": rule,
        "verified": True,
        **extra,
    }


def number(name: str, kind: str = "integer", **extra: Any) -> dict[str, Any]:
    return {"name": name, "type": kind, "label": name.replace("_", " ").capitalize(), **extra}


def flag(name: str) -> dict[str, Any]:
    return {"name": name, "type": "boolean", "label": name.capitalize()}
