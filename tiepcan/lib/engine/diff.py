"""What changed between two versions of a framework, criterion by criterion, indicator by indicator."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

WATCHED = (
    "title",
    "placeholder",
    "guidance",
    "max_points",
    "min_share",
    "required_met",
    "allow_not_arisen",
    "fields",
    "computed",
    "validations",
    "rule",
    "evidence",
    "crosswalk",
    "verified",
    "scoring_basis",
    "source",
)


@dataclass
class Change:
    kind: str  # added | removed | changed
    level: str  # criterion | indicator | recognition | metadata
    code: str
    title: str
    fields: list[tuple[str, Any, Any]] = field(default_factory=list)


def _index(definition: dict[str, Any]) -> tuple[dict[str, dict[str, Any]], dict[str, dict[str, Any]]]:
    criteria = {c["code"]: c for c in definition.get("criteria", [])}
    indicators = {i["code"]: i for c in definition.get("criteria", []) for i in c["indicators"]}
    return criteria, indicators


def _compare(level: str, old: dict[str, dict[str, Any]], new: dict[str, dict[str, Any]]) -> list[Change]:
    changes: list[Change] = []
    for code in [*old, *[c for c in new if c not in old]]:
        before, after = old.get(code), new.get(code)
        if before is None:
            changes.append(Change("added", level, code, new[code]["title"]))
        elif after is None:
            changes.append(Change("removed", level, code, before["title"]))
        else:
            differences = [
                (key, before.get(key), after.get(key)) for key in WATCHED if before.get(key) != after.get(key)
            ]
            if differences:
                changes.append(Change("changed", level, code, after["title"], differences))
    return changes


def diff(old: dict[str, Any], new: dict[str, Any]) -> list[Change]:
    old_criteria, old_indicators = _index(old)
    new_criteria, new_indicators = _index(new)
    changes = _compare("criterion", old_criteria, new_criteria) + _compare(
        "indicator", old_indicators, new_indicators
    )
    if old.get("recognition") != new.get("recognition"):
        keys = sorted(set(old.get("recognition", {})) | set(new.get("recognition", {})))
        changes.append(
            Change(
                "changed",
                "recognition",
                "recognition",
                "Điều kiện công nhận",
                [
                    (k, old.get("recognition", {}).get(k), new.get("recognition", {}).get(k))
                    for k in keys
                    if old.get("recognition", {}).get(k) != new.get("recognition", {}).get(k)
                ],
            )
        )
    for key in (
        "title",
        "applies_to",
        "years",
        "legal_basis",
        "deadlines",
        "posting",
        "authority",
        "scoring",
    ):
        if old.get(key) != new.get(key):
            changes.append(Change("changed", "metadata", key, key, [(key, old.get(key), new.get(key))]))
    return changes
