"""The crosswalk between framework generations (QĐ 619 → QĐ 25 → QĐ 27), as data.

A framework's ``crosswalk_from`` block (lib/engine/framework.schema.json) names the previous
generation and links each of its own criteria and indicators to the earlier codes it continues,
with a relation (equivalent, split, merged, partial, none) and whether the link was verified.
Shipped versions that cannot change carry their links in ``data/crosswalk/<code>.yaml``; a draft
started in the framework editor copies them in, so a province edits, verifies and publishes them
like any other part of the framework.

Trends use them: at criterion level any link is followed (its first earlier code), at indicator
level only ``equivalent`` links, so a line never joins two things the crosswalk does not call equal.
"""

from __future__ import annotations

import copy
import functools
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

DATA_DIR = Path(__file__).resolve().parent / "data" / "crosswalk"

RELATIONS = {
    "equivalent": gettext_lazy("tương đương"),
    "split": gettext_lazy("tách từ"),
    "merged": gettext_lazy("gộp từ"),
    "partial": gettext_lazy("tương ứng một phần"),
    "none": gettext_lazy("mới, không có tương ứng"),
}


@functools.cache
def shipped(code: str) -> dict[str, Any] | None:
    """The companion crosswalk of a shipped framework code, or None."""
    path = DATA_DIR / f"{code}.yaml"
    if not path.is_file():
        return None
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def of(definition: dict[str, Any]) -> dict[str, Any] | None:
    """A framework's links to its previous generation: its own block, else the shipped companion."""
    own = definition.get("crosswalk_from")
    if own:
        return own
    return shipped(str(definition.get("code", "")))


def with_shipped_links(definition: dict[str, Any]) -> dict[str, Any]:
    """A draft's definition with the shipped links copied in when it has none (for the editor)."""
    if "crosswalk_from" not in definition:
        links = shipped(str(definition.get("code", "")))
        if links:
            definition["crosswalk_from"] = copy.deepcopy(links)  # the cached file stays as shipped
    return definition


def follow_renames(before: dict[str, Any], after: dict[str, Any]) -> None:
    """After an edit, rename the links of codes changed in place (same criterion and indicator
    position, the old code gone): the editor's rename of an indicator keeps its crosswalk."""
    block = after.get("crosswalk_from")
    if not isinstance(block, dict):
        return
    for level in ("criteria", "indicators"):
        old_codes, new_codes = _positions(before, level), _positions(after, level)
        gone = set(old_codes.values()) - set(new_codes.values())
        renames = {
            old: new_codes[place]
            for place, old in old_codes.items()
            if old in gone and place in new_codes and new_codes[place] != old
        }
        for link in block.get(level) or []:
            if isinstance(link, dict) and link.get("code") in renames:
                link["code"] = renames[link["code"]]


def _positions(definition: dict[str, Any], level: str) -> dict[tuple[int, ...], str]:
    out: dict[tuple[int, ...], str] = {}
    for ci, criterion in enumerate(definition.get("criteria") or []):
        if not isinstance(criterion, dict):
            continue
        if level == "criteria":
            out[(ci,)] = str(criterion.get("code"))
            continue
        for ii, indicator in enumerate(criterion.get("indicators") or []):
            if isinstance(indicator, dict):
                out[(ci, ii)] = str(indicator.get("code"))
    return out


def problems_against(definition: dict[str, Any], earlier: dict[str, Any] | None) -> list[tuple[str, str]]:
    """(where, message) for every earlier code a link names that the earlier framework lacks."""
    block = definition.get("crosswalk_from")
    if not block:
        return []
    if earlier is None:
        return [
            (
                "crosswalk_from.framework",
                _("không có bộ tiêu chí “%(c)s” trong hệ thống") % {"c": block.get("framework")},
            )
        ]
    criteria = {c.get("code") for c in earlier.get("criteria", [])}
    indicators = {i.get("code") for c in earlier.get("criteria", []) for i in c.get("indicators", [])}
    found = []
    for key, codes in (("criteria", criteria), ("indicators", indicators)):
        for index, link in enumerate(block.get(key) or []):
            for code in link.get("from") or []:
                if code not in codes:
                    found.append(
                        (
                            f"crosswalk_from.{key}[{index}].from",
                            _("mã “%(c)s” không có trong bộ tiêu chí “%(f)s”")
                            % {"c": code, "f": block.get("framework")},
                        )
                    )
    return found


@dataclass(frozen=True)
class Step:
    """Where one of today's criteria or indicators was, in an earlier framework."""

    framework: str
    code: str
    relation: str  # the link that led here ("self" for the framework itself)
    verified: bool


def lineage(
    definitions: dict[str, dict[str, Any]], newest: str, level: str, *, equivalent_only: bool
) -> dict[str, list[Step]]:
    """For each code of the ``newest`` framework: the chain of its earlier codes, newest first.

    ``definitions`` maps framework code → definition (one version per code is enough: the links
    are about generations). ``level`` is "criteria" or "indicators". A chain stops at a "none"
    link, at a framework that is not in ``definitions``, or (``equivalent_only``) at any link
    that is not "equivalent".
    """
    top = definitions[newest]
    codes = _codes(top, level)
    out: dict[str, list[Step]] = {}
    for code in codes:
        chain = [Step(newest, code, "self", True)]
        current_framework, current_code = newest, code
        seen = {newest}
        while True:
            block = of(definitions[current_framework])
            if not block or block.get("framework") not in definitions or block["framework"] in seen:
                break
            link = next((item for item in block.get(level) or [] if item.get("code") == current_code), None)
            if link is None or link["relation"] == "none" or not link.get("from"):
                break
            if equivalent_only and link["relation"] != "equivalent":
                break
            current_framework, current_code = block["framework"], link["from"][0]
            seen.add(current_framework)
            chain.append(
                Step(
                    current_framework,
                    current_code,
                    link["relation"],
                    bool(link.get("verified")) and bool(block.get("verified", True)),
                )
            )
        out[code] = chain
    return out


def _codes(definition: dict[str, Any], level: str) -> list[str]:
    if level == "criteria":
        return [c["code"] for c in definition.get("criteria", [])]
    return [
        i["code"]
        for c in definition.get("criteria", [])
        for i in c.get("indicators", [])
        if not i.get("placeholder")
    ]


def describe(chain: Iterable[Step]) -> str:
    """ "TC2 ← TC3 (QĐ 619, tương ứng một phần, chưa đối chiếu)": a chain as the table note says it."""
    parts = []
    for step in chain:
        if step.relation == "self":
            parts.append(step.code)
            continue
        status = "" if step.verified else _(", chưa đối chiếu")
        parts.append(f"{step.code} ({step.framework}: {RELATIONS.get(step.relation, step.relation)}{status})")
    return " ← ".join(parts)
