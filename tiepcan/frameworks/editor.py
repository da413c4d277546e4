"""The framework editor's view of a definition: where each problem is, what each section holds.

Pure functions over the definition dict (the same data the engine reads); the services in
``services.py`` apply them under a lock and the views render them. Validation is always the
engine's (``engine.validate``: schema and meaning) plus the crosswalk to the base version,
which only the editor knows.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Any

import yaml
from django.utils.translation import gettext as _

from tiepcan.frameworks import crosswalk
from tiepcan.frameworks.models import latest_version
from tiepcan.lib import engine
from tiepcan.lib.yaml_lines import YamlSyntaxError, load_with_lines

# Top-level keys the editor shows as their own forms; every other key of the schema (legal
# bases, authority, deadlines, posting modes, …) is edited as a small YAML block, so a key
# added to the schema is editable without changing the editor.
STRUCTURED_KEYS = frozenset(
    {
        "format",
        "code",
        "version",
        "title",
        "scoring",
        "applies_to",
        "years",
        "criteria",
        "recognition",
        "notes",
        "change_note",
    }
)
# The keys of recognition with a form input of their own; the rest is a YAML block.
RECOGNITION_KEYS = (
    "total_min",
    "criterion_min_share",
    "all_criteria_met",
    "satisfaction_min",
    "verified",
    "source",
)
FILE_TYPES = ("pdf", "docx", "xlsx", "jpg", "png")


@dataclass(frozen=True)
class Located:
    """A problem with the place it belongs to: a criterion, an indicator or a section."""

    criterion: int | None
    indicator: int | None
    where: str
    message: str

    @property
    def anchor(self) -> str:
        if self.indicator is not None:
            return f"ind-{self.criterion}-{self.indicator}"
        if self.criterion is not None:
            return f"crit-{self.criterion}"
        return "section-" + self.where.split(".", 1)[0].split("[", 1)[0]


_PATH = re.compile(r"^criteria\[(\d+)\](?:\.indicators\[(\d+)\])?")


def locate(path: str, data: dict[str, Any]) -> tuple[int | None, int | None, str]:
    """``criteria[1].indicators[6].rule`` → (1, 6, "TC2 › 2.7 › rule")."""
    match = _PATH.match(path)
    if not match:
        return None, None, path
    ci = int(match.group(1))
    ii = int(match.group(2)) if match.group(2) is not None else None
    criteria = data.get("criteria") or []
    criterion = criteria[ci] if ci < len(criteria) and isinstance(criteria[ci], dict) else {}
    label = str(criterion.get("code", ci + 1))
    if ii is not None:
        indicators = criterion.get("indicators") or []
        indicator = indicators[ii] if ii < len(indicators) and isinstance(indicators[ii], dict) else {}
        label += " › " + str(indicator.get("code", ii + 1))
    rest = path[match.end() :].lstrip(".")
    return ci, ii, label + (" › " + rest if rest else "")


def indicator_codes(data: dict[str, Any]) -> list[str]:
    return [
        str(i.get("code"))
        for c in data.get("criteria") or []
        if isinstance(c, dict)
        for i in c.get("indicators") or []
        if isinstance(i, dict)
    ]


def problems(data: dict[str, Any], base: dict[str, Any]) -> list[Located]:
    """Every problem of a draft: the engine's validation, then the crosswalk to the base version."""
    found = [Located(*locate(p.path, data), p.message) for p in engine.validate(data)]
    previous = set(indicator_codes(base))
    claimed: dict[str, str] = {}
    for ci, criterion in enumerate(data.get("criteria") or []):
        if not isinstance(criterion, dict):
            continue
        for ii, indicator in enumerate(criterion.get("indicators") or []):
            if not isinstance(indicator, dict):
                continue
            for code in indicator.get("crosswalk") or []:
                where = locate(f"criteria[{ci}].indicators[{ii}].crosswalk", data)[2]
                if code not in previous:
                    found.append(
                        Located(
                            ci, ii, where, _("chỉ tiêu “%(c)s” không có trong phiên bản gốc") % {"c": code}
                        )
                    )
                elif code in claimed:
                    found.append(
                        Located(
                            ci,
                            ii,
                            where,
                            _("số liệu của chỉ tiêu “%(c)s” đã chuyển sang chỉ tiêu “%(o)s”")
                            % {"c": code, "o": claimed[code]},
                        )
                    )
                else:
                    claimed[code] = str(indicator.get("code"))
    found += _generation_problems(data)
    return found


def _generation_problems(data: dict[str, Any]) -> list[Located]:
    """The links to the previous generation name codes that exist there (read from the database)."""
    block = data.get("crosswalk_from")
    if not isinstance(block, dict) or not isinstance(block.get("framework"), str):
        return []
    earlier = latest_version(block["framework"])
    return [
        Located(None, None, where, message)
        for where, message in crosswalk.problems_against(data, earlier.definition if earlier else None)
    ]


def to_yaml(value: Any) -> str:
    """A block of the definition as YAML a person can edit (empty text for nothing)."""
    if value in (None, [], {}):
        return ""
    return yaml.safe_dump(value, allow_unicode=True, sort_keys=False, width=100).strip()


class _TextDatesLoader(yaml.SafeLoader):
    """The safe loader, but a date typed bare (2025-08-04) stays the text the format stores:
    a ``date`` would be neither valid in the definition nor storable as JSON."""


_TextDatesLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def from_yaml(text: str) -> Any:
    """Parse an edited YAML block; a syntax error, references (& and *), absurd nesting or a value
    JSON cannot hold (NaN, binary, a set, an explicit timestamp) become a Vietnamese message
    (ValueError), as the file import refuses them (``lib.yaml_lines``)."""
    if not text.strip():
        return None
    try:
        load_with_lines(text)  # refuses references and nesting deeper than any framework needs
        value = yaml.load(text, Loader=_TextDatesLoader)  # noqa: S506 - a SafeLoader subclass
    except YamlSyntaxError as exc:
        raise ValueError(_("Không đọc được nội dung YAML (%(e)s).") % {"e": str(exc).rstrip(".")}) from exc
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = _("dòng %(n)s: ") % {"n": mark.line + 1} if mark is not None else ""
        raise ValueError(_("Không đọc được nội dung YAML (%(w)scú pháp sai).") % {"w": where}) from exc
    if not _json_storable(value):
        raise ValueError(
            _(
                "Không đọc được nội dung YAML (chỉ dùng chữ, số, đúng/sai, danh sách và bảng; "
                "ngày tháng viết dạng 2025-08-04)."
            )
        )
    return value


def _json_storable(value: Any) -> bool:
    """Only what a definition (stored as JSON) holds; finite numbers (PostgreSQL refuses NaN)."""
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
        elif isinstance(item, float):
            if not math.isfinite(item):
                return False
        elif item is not None and not isinstance(item, str | int):  # bool is an int
            return False
    return True


def dump_definition(data: dict[str, Any]) -> str:
    """The published file: the same format as the shipped ones, readable and re-importable."""
    header = "# Soạn trên trình soạn bộ tiêu chí của TiếpCận (tiepcan-framework/1).\n"
    return header + yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100)


def unverified_facts(data: dict[str, Any]) -> list[dict[str, str]]:
    """Every item marked ``verified: false`` (and every scoring basis so marked), with where it is."""
    out: list[dict[str, str]] = []

    def add(where: str, text: str, source: str, kind: str) -> None:
        out.append({"where": where, "text": text, "source": source, "kind": kind})

    for doc in data.get("legal_basis") or []:
        if doc.get("verified") is False:
            add(
                _("Căn cứ pháp lý"),
                f"{doc.get('number', '')}: {doc.get('title', '')}",
                doc.get("source", ""),
                "text",
            )
    authority = data.get("authority") or {}
    if authority.get("verified") is False:
        add(_("Thẩm quyền"), str(authority.get("recognition", "")), authority.get("source", ""), "text")
    for item in data.get("deadlines") or []:
        if isinstance(item, dict) and item.get("verified") is False:
            add(_("Thời hạn"), str(item.get("text", "")), item.get("source", ""), "text")
    for key, value in data.items():
        if key in STRUCTURED_KEYS or key in ("legal_basis", "authority", "deadlines"):
            continue
        for item in value if isinstance(value, list) else [value]:
            if isinstance(item, dict) and item.get("verified") is False:
                add(key, str(item.get("text", item.get("title", ""))), item.get("source", ""), "text")
    for criterion in data.get("criteria") or []:
        if criterion.get("verified") is False:
            add(str(criterion["code"]), criterion["title"], criterion.get("source", ""), "text")
        if (criterion.get("scoring_basis") or {}).get("verified") is False:
            add(
                str(criterion["code"]),
                _("Điểm, cách tính"),
                criterion["scoring_basis"].get("source", ""),
                "points",
            )
        for indicator in criterion.get("indicators") or []:
            where = f"{criterion['code']} › {indicator['code']}"
            if indicator.get("placeholder"):
                add(where, indicator["title"], indicator.get("source", ""), "placeholder")
            elif indicator.get("verified") is False:
                add(where, indicator["title"], indicator.get("source", ""), "text")
            if (indicator.get("scoring_basis") or {}).get("verified") is False:
                add(where, _("Điểm, cách tính"), indicator["scoring_basis"].get("source", ""), "points")
    recognition = data.get("recognition") or {}
    if recognition.get("verified") is False:
        add(_("Điều kiện công nhận"), _("Điều kiện công nhận"), recognition.get("source", ""), "text")
    for item in [*(recognition.get("conditions") or []), *(recognition.get("disqualifiers") or [])]:
        if item.get("verified") is False:
            add(_("Điều kiện công nhận"), str(item.get("text", "")), item.get("source", ""), "text")
    return out


def texts_pending(data: dict[str, Any]) -> bool:
    """Whether the indicators a commune answers still have texts pending confirmation."""
    return any(
        indicator.get("placeholder") or indicator.get("verified") is False
        for criterion in data.get("criteria") or []
        for indicator in criterion.get("indicators") or []
    )


def _next_code(existing: list[str], prefix: str) -> str:
    number = len(existing) + 1
    while f"{prefix}{number}" in existing:
        number += 1
    return f"{prefix}{number}"


def restructure(data: dict[str, Any], op: str, ci: int | None, ii: int | None) -> tuple[str, Any, Any]:
    """Add, remove or move a criterion or an indicator; ValueError (Vietnamese) for a wrong position.

    A new indicator starts as a placeholder (not counted, valid): the administrator writes its
    text, fields and rule, then unticks "chờ bổ sung". Nothing is made up for it.
    """
    criteria = data.setdefault("criteria", [])
    if op == "add_criterion":
        code = _next_code([str(c.get("code")) for c in criteria], "TC")
        criterion: dict[str, Any] = {
            "code": code,
            "title": _("Tiêu chí mới"),
            "verified": False,
            "indicators": [],
        }
        criteria.append(criterion)
        criterion["indicators"].append(_new_indicator(data, len(criteria)))
        return op, None, code
    if ci is None or not 0 <= ci < len(criteria):
        raise ValueError(_("Không tìm thấy tiêu chí này (trang đã cũ?)."))
    criterion = criteria[ci]
    indicators = criterion.setdefault("indicators", [])
    if op == "remove_criterion":
        if len(criteria) == 1:
            raise ValueError(_("Bộ tiêu chí phải có ít nhất một tiêu chí."))
        return op, criteria.pop(ci), None
    if op in ("up_criterion", "down_criterion"):
        to = ci - 1 if op == "up_criterion" else ci + 1
        if not 0 <= to < len(criteria):
            raise ValueError(_("Không chuyển được xa hơn."))
        criteria[ci], criteria[to] = criteria[to], criteria[ci]
        return op, ci, to
    if op == "add_indicator":
        indicator = _new_indicator(data, ci + 1)
        indicators.append(indicator)
        return op, None, indicator["code"]
    if ii is None or not 0 <= ii < len(indicators):
        raise ValueError(_("Không tìm thấy chỉ tiêu này (trang đã cũ?)."))
    if op == "remove_indicator":
        if len(indicators) == 1:
            raise ValueError(_("Tiêu chí phải có ít nhất một chỉ tiêu."))
        return op, indicators.pop(ii), None
    to = ii - 1 if op == "up_indicator" else ii + 1
    if not 0 <= to < len(indicators):
        raise ValueError(_("Không chuyển được xa hơn."))
    indicators[ii], indicators[to] = indicators[to], indicators[ii]
    return op, f"{criterion.get('code')}:{ii}", to


def _new_indicator(data: dict[str, Any], criterion_number: int) -> dict[str, Any]:
    codes = indicator_codes(data)
    number = 1
    while f"{criterion_number}.{number}" in codes:
        number += 1
    return {
        "code": f"{criterion_number}.{number}",
        "title": _("Chỉ tiêu mới (chờ bổ sung nội dung)"),
        "placeholder": True,
        "verified": False,
        "source": "",
    }
