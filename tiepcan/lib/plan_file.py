"""The structured plan file: schema, validation with line numbers, and yearly task specs.

A province describes its implementation plan in YAML (format ``tiepcan-plan/1``,
documented in docs/plan-format.md); this module checks it without Django so the
same checks serve the upload form, the demo loader and the tests.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator

from tiepcan.lib import plan_schedule
from tiepcan.lib.yaml_lines import YamlSyntaxError, dotted, line_of, load_with_lines

SCHEMA_PATH = Path(__file__).resolve().parent.parent / "plans" / "data" / "plan.schema.json"
FORMAT = "tiepcan-plan/1"

# Agency codes of the seed plan. Plain codes name one agency of the province;
# codes starting with "@" name a class of agencies (every district People's Committee…).
SEED_AGENCIES: dict[str, str] = {
    "ubnd-tinh": "UBND tỉnh",
    "so-tu-phap": "Sở Tư pháp",
    "so-tai-chinh": "Sở Tài chính",
    "so-tt-tt": "Sở Thông tin và Truyền thông",
    "bao-lang-son": "Báo Lạng Sơn",
    "dai-ptth": "Đài Phát thanh - Truyền hình tỉnh",
    "bcd-ntm": "Ban Chỉ đạo xây dựng nông thôn mới tỉnh",
    "bo-tu-phap": "Bộ Tư pháp",
}
AGENCY_GROUPS: dict[str, tuple[str, str]] = {
    # group code: (agency code shared by its members, Vietnamese name)
    "@ubnd-huyen": ("ubnd-huyen", "UBND cấp huyện"),
    "@ubnd-xa": ("ubnd-xa", "UBND cấp xã"),
    "@phong-tu-phap": ("phong-tu-phap", "Phòng Tư pháp cấp huyện"),
    "@hoi-dong-huyen": ("hoi-dong-huyen", "Hội đồng đánh giá tiếp cận pháp luật cấp huyện"),
    "@so-nganh": ("", "Các sở, ban, ngành, đoàn thể tỉnh có liên quan"),
    "@lien-quan": ("", "Các cơ quan, đơn vị có liên quan"),
}


@dataclass
class Problem:
    line: int
    path: str
    message: str

    def __str__(self) -> str:
        if not self.line:  # checked in the browser: no file, no line
            return f"{self.path}: {self.message}"
        return f"Dòng {self.line}, {self.path}: {self.message}"


@dataclass
class TaskSpec:
    group: str
    activity: int
    agency: str
    occurrence: plan_schedule.Occurrence
    coordinators: list[str] = field(default_factory=list)


def schema() -> dict[str, Any]:
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))


@functools.cache
def _validator() -> Draft202012Validator:
    """Built once: the browser editor checks the whole plan on every save."""
    return Draft202012Validator(schema())


_MESSAGES = {
    "required": "thiếu trường bắt buộc {missing}",
    "type": "sai kiểu dữ liệu (cần {expected})",
    "enum": "giá trị không hợp lệ; dùng một trong: {options}",
    "minItems": "danh sách không được rỗng",
    "minLength": "không được để trống",
    "additionalProperties": "có trường không được phép: {extra}",
    "minimum": "giá trị nhỏ hơn mức tối thiểu {limit}",
    "maximum": "giá trị lớn hơn mức tối đa {limit}",
    "const": "phải là “{expected}”",
    "pattern": "không đúng định dạng",
}
_TYPES = {
    "string": "chuỗi",
    "integer": "số nguyên",
    "array": "danh sách",
    "object": "bảng khoá – giá trị",
    "null": "rỗng",
}


def _schema_message(error: Any) -> str:
    validator = error.validator
    if validator == "required":
        missing = next((name for name in error.validator_value if name not in (error.instance or {})), "")
        return _MESSAGES["required"].format(missing=f"“{missing}”")
    if validator == "type":
        expected = error.validator_value
        kinds: list[str] = expected if isinstance(expected, list) else [expected]
        names = [_TYPES.get(t, t) for t in kinds]
        return _MESSAGES["type"].format(expected=" hoặc ".join(names))
    if validator == "enum":
        return _MESSAGES["enum"].format(options=", ".join(str(v) for v in error.validator_value))
    if validator == "additionalProperties":
        allowed = set(error.schema.get("properties", {}))
        extra = ", ".join(sorted(k for k in error.instance if k not in allowed))
        return _MESSAGES["additionalProperties"].format(extra=extra)
    if validator in ("minimum", "maximum"):
        return _MESSAGES[validator].format(limit=error.validator_value)
    if validator == "const":
        return _MESSAGES["const"].format(expected=error.validator_value)
    return _MESSAGES.get(validator, "không hợp lệ")


def validate_plan(
    text: str, known_agencies: set[str] | None = None
) -> tuple[dict[str, Any] | None, list[Problem]]:
    """Parse and check a plan file. Returns (data, problems); data is None when unusable."""
    try:
        data, lines = load_with_lines(text)
    except YamlSyntaxError as exc:
        return None, [Problem(exc.line, "(tệp)", str(exc).split(": ", 1)[-1])]
    if not isinstance(data, dict):
        return None, [Problem(1, "(gốc)", "tệp phải là một bảng khoá – giá trị theo mẫu tiepcan-plan/1.")]
    problems = check_plan(data, known_agencies, lambda path: line_of(lines, path))
    return (None if problems else data), problems


def validate_data(data: dict[str, Any], known_agencies: set[str] | None = None) -> list[Problem]:
    """Check a plan built in the browser with exactly the checks and messages of the file import.

    There is no file, so problems carry no line (``line`` 0) and name the field by its path.
    """
    return check_plan(data, known_agencies, lambda path: 0)


def check_plan(
    data: dict[str, Any], known_agencies: set[str] | None, where: Callable[[tuple[Any, ...]], int]
) -> list[Problem]:
    """Every schema and consistency problem of a plan's data; ``where`` maps a path to a line."""
    known = set(SEED_AGENCIES) if known_agencies is None else set(known_agencies)
    problems: list[Problem] = []
    for error in sorted(_validator().iter_errors(data), key=lambda e: list(map(str, e.absolute_path))):
        path = tuple(error.absolute_path)
        if error.validator == "additionalProperties":
            allowed = set(error.schema.get("properties", {}))
            extra = [k for k in error.instance if k not in allowed]
            if extra:
                path = (*path, extra[0])
        problems.append(Problem(where(path), dotted(path), _schema_message(error)))
    if problems:
        return problems

    period = (data["plan"]["period"]["start"], data["plan"]["period"]["end"])
    if period[1] < period[0]:
        problems.append(
            Problem(where(("plan", "period", "end")), "plan.period.end", "năm kết thúc trước năm bắt đầu.")
        )
        return problems

    def check_agency(code: str, path: tuple[str | int, ...]) -> None:
        if code.startswith("@"):
            if code not in AGENCY_GROUPS:
                problems.append(
                    Problem(where(path), dotted(path), f"nhóm cơ quan “{code}” không có trong danh mục.")
                )
        elif code not in known:
            problems.append(Problem(where(path), dotted(path), f"cơ quan “{code}” không có trong danh mục."))

    issuer = data["plan"].get("issuer")
    if issuer:
        check_agency(issuer, ("plan", "issuer"))
    seen_groups: set[str] = set()
    for g_index, group in enumerate(data["groups"]):
        if group["number"] in seen_groups:
            path = ("groups", g_index, "number")
            problems.append(
                Problem(where(path), dotted(path), f"trùng số nhóm hoạt động “{group['number']}”.")
            )
        seen_groups.add(group["number"])
        seen_numbers: set[int] = set()
        for a_index, activity in enumerate(group["activities"]):
            base = ("groups", g_index, "activities", a_index)
            if activity["number"] in seen_numbers:
                path = (*base, "number")
                problems.append(
                    Problem(where(path), dotted(path), f"trùng số hoạt động {activity['number']}.")
                )
            seen_numbers.add(activity["number"])
            for role in ("lead", "coordinating"):
                for r_index, ref in enumerate(activity.get(role, [])):
                    check_agency(ref["agency"], (*base, role, r_index, "agency"))
            try:
                plan_schedule.validate(activity["schedule"], period)
            except plan_schedule.ScheduleError as exc:
                path = (*base, "schedule")
                problems.append(Problem(where(path), dotted(path), str(exc)))
    for r_index, responsibility in enumerate(data.get("responsibilities", [])):
        check_agency(responsibility["agency"], ("responsibilities", r_index, "agency"))
    return problems


def generate_tasks(data: dict[str, Any], year: int) -> list[TaskSpec]:
    """One task per lead agency (or agency class) per occurrence of each activity in ``year``."""
    period = (data["plan"]["period"]["start"], data["plan"]["period"]["end"])
    specs: list[TaskSpec] = []
    for group in data["groups"]:
        for activity in group["activities"]:
            coordinators = [ref["agency"] for ref in activity.get("coordinating", [])]
            for occurrence in plan_schedule.expand(activity["schedule"], year, period):
                for ref in activity["lead"]:
                    specs.append(
                        TaskSpec(group["number"], activity["number"], ref["agency"], occurrence, coordinators)
                    )
    return specs
