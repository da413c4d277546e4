"""Framework definitions: loading, schema and semantic validation, and compilation.

``validate`` reports every problem with a line (when the definition came from
YAML text) and a field path, in Vietnamese, so a province administrator can fix
an import file. ``compile_framework`` prepares a definition once (expressions
parsed, maxima computed) so scoring thousands of communes stays fast.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator

from tiepcan.lib.engine.expr import Expression, ExpressionError, compile_expression
from tiepcan.lib.engine.numbers import round2, to_decimal
from tiepcan.lib.yaml_lines import YamlSyntaxError, dotted, line_of, load_with_lines

SCHEMA = json.loads((Path(__file__).with_name("framework.schema.json")).read_text(encoding="utf-8"))
_VALIDATOR = Draft202012Validator(SCHEMA)

RULE_KEYS: dict[str, set[str]] = {
    "boolean": {"field"},
    "ratio": {"numerator", "denominator"},
    "choice": {"field", "points"},
    "checklist": {"fields"},
    "deduction": {"field", "per"},
    "steps": {"value", "steps"},
    "expression": {"points"},
    "documents": {"field"},
}
RULE_OPTIONAL: dict[str, set[str]] = {
    "boolean": set(),
    "ratio": {"mode", "steps", "full_at", "zero_denominator"},
    "choice": set(),
    "checklist": {"mode", "k", "per_item"},
    "deduction": {"start"},
    "steps": set(),
    "expression": set(),
    "documents": {"mode"},
}


class DefinitionError(ValueError):
    """A definition with problems; ``problems`` lists them all."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("\n".join(str(p) for p in problems))
        self.problems = problems


@dataclass(frozen=True)
class Problem:
    line: int | None
    path: str
    message: str

    def __str__(self) -> str:
        where = f"Dòng {self.line}, " if self.line else ""
        return f"{where}{self.path}: {self.message}"


@dataclass
class Definition:
    data: dict[str, Any]
    lines: dict[tuple[str | int, ...], int] = field(default_factory=dict)
    text: str = ""


def load_definition(source: str | Path | dict[str, Any]) -> Definition:
    """From YAML text, a file path or an already parsed dict. Syntax errors raise DefinitionError."""
    if isinstance(source, dict):
        return Definition(source)
    if isinstance(source, Path) or (
        isinstance(source, str) and "\n" not in source and source.endswith((".yaml", ".yml"))
    ):
        text = Path(source).read_text(encoding="utf-8")
    else:
        text = str(source)
    try:
        data, lines = load_with_lines(text)
    except YamlSyntaxError as exc:
        raise DefinitionError([Problem(exc.line, "(tệp)", str(exc).split(": ", 1)[-1])]) from exc
    if not isinstance(data, dict):
        raise DefinitionError(
            [Problem(1, "(gốc)", "tệp phải là một bảng khoá – giá trị theo mẫu tiepcan-framework/1.")]
        )
    return Definition(data, lines, text)


_TYPE_NAMES = {
    "string": "chuỗi",
    "integer": "số nguyên",
    "number": "số",
    "array": "danh sách",
    "object": "bảng",
    "boolean": "đúng/sai",
    "null": "rỗng",
}


def _schema_message(error: Any) -> str:
    v = error.validator
    if v == "required":
        missing = next((n for n in error.validator_value if n not in (error.instance or {})), "")
        return f"thiếu trường bắt buộc “{missing}”"
    if v == "type":
        expected: list[str] = (
            error.validator_value if isinstance(error.validator_value, list) else [error.validator_value]
        )
        return "sai kiểu dữ liệu (cần " + " hoặc ".join(_TYPE_NAMES.get(t, t) for t in expected) + ")"
    if v == "enum":
        return "giá trị không hợp lệ; dùng một trong: " + ", ".join(str(x) for x in error.validator_value)
    if v == "additionalProperties":
        allowed = set(error.schema.get("properties", {}))
        return "có trường không được phép: " + ", ".join(
            sorted(k for k in error.instance if k not in allowed)
        )
    if v == "const":
        return f"phải là “{error.validator_value}”"
    if v in ("minimum", "exclusiveMinimum"):
        return f"phải lớn hơn{' hoặc bằng' if v == 'minimum' else ''} {error.validator_value}"
    if v == "maximum":
        return f"không được lớn hơn {error.validator_value}"
    if v == "minItems":
        return "danh sách không được rỗng"
    if v == "pattern":
        return "không đúng định dạng (chữ thường không dấu, số, gạch nối hoặc gạch dưới)"
    return "không hợp lệ"


def _non_finite(value: Any, path: tuple[str | int, ...]) -> list[tuple[str | int, ...]]:
    if isinstance(value, float) and not math.isfinite(value):
        return [path]
    if isinstance(value, dict):
        return [p for key, item in value.items() for p in _non_finite(item, (*path, key))]
    if isinstance(value, list):
        return [p for index, item in enumerate(value) for p in _non_finite(item, (*path, index))]
    return []


def validate(definition: Definition | dict[str, Any]) -> list[Problem]:
    """Every problem of a definition: schema first, then meaning (codes, rules, expressions, sums)."""
    if isinstance(definition, dict):
        definition = Definition(definition)
    data, lines = definition.data, definition.lines

    def problem(path: tuple[str | int, ...], message: str) -> Problem:
        return Problem(line_of(lines, path) if lines else None, dotted(path), message)

    problems: list[Problem] = []
    for error in sorted(_VALIDATOR.iter_errors(data), key=lambda e: [str(p) for p in e.absolute_path]):
        path = tuple(error.absolute_path)
        if error.validator == "additionalProperties":
            allowed = set(error.schema.get("properties", {}))
            extra = [k for k in error.instance if k not in allowed]
            path = (*path, extra[0]) if extra else path
        problems.append(problem(path, _schema_message(error)))
    # JSON Schema's "number" admits infinity and NaN (YAML's .inf, .nan): no sum or share can use them.
    problems += [problem(path, "không phải là số hữu hạn") for path in _non_finite(data, ())]
    if problems:
        return problems

    pass_fail = data["scoring"] == "pass_fail"
    years = data["years"]
    if years.get("to") is not None and years["to"] < years["from"]:
        problems.append(problem(("years", "to"), "năm kết thúc trước năm bắt đầu"))
    criterion_codes: set[str] = set()
    indicator_codes: set[str] = set()
    for c_index, criterion in enumerate(data["criteria"]):
        c_path: tuple[str | int, ...] = ("criteria", c_index)
        if criterion["code"] in criterion_codes:
            problems.append(problem((*c_path, "code"), f"trùng mã tiêu chí “{criterion['code']}”"))
        criterion_codes.add(criterion["code"])
        if not pass_fail and "max_points" not in criterion:
            problems.append(problem(c_path, "tiêu chí chấm điểm phải có “max_points”"))
        indicator_sum = Decimal(0)
        for i_index, indicator in enumerate(criterion["indicators"]):
            i_path = (*c_path, "indicators", i_index)
            if indicator["code"] in indicator_codes:
                problems.append(problem((*i_path, "code"), f"trùng mã chỉ tiêu “{indicator['code']}”"))
            indicator_codes.add(indicator["code"])
            if indicator.get("placeholder"):
                # A placeholder stands for an indicator whose text is not in hand: it is not scored
                # until an administrator completes it in a new version (docs/frameworks.md).
                problems.extend(_check_placeholder(indicator, i_path, problem))
                continue
            if not pass_fail and "max_points" not in indicator:
                problems.append(problem(i_path, "chỉ tiêu chấm điểm phải có “max_points”"))
            indicator_sum += to_decimal(indicator.get("max_points", 1))
            problems.extend(_check_indicator(indicator, i_path, problem))
        if (
            not pass_fail
            and "max_points" in criterion
            and round2(indicator_sum) != round2(to_decimal(criterion["max_points"]))
        ):
            problems.append(
                problem(
                    (*c_path, "max_points"),
                    f"điểm tối đa của tiêu chí ({criterion['max_points']}) khác tổng điểm các chỉ tiêu ({indicator_sum})",
                )
            )
        if all(i.get("placeholder") for i in criterion["indicators"]):
            problems.append(
                problem(c_path, "tiêu chí phải có ít nhất một chỉ tiêu đã có nội dung (không chờ bổ sung)")
            )
        required = criterion.get("required_met")
        if (
            required is not None
            and required != "all"
            and (
                not isinstance(required, int)
                or not 1 <= required <= sum(1 for i in criterion["indicators"] if not i.get("placeholder"))
            )
        ):
            problems.append(
                problem(
                    (*c_path, "required_met"),
                    "phải là “all” hoặc số chỉ tiêu từ 1 đến số chỉ tiêu của tiêu chí",
                )
            )
    recognition = data["recognition"]
    problems.extend(_check_disqualifiers(recognition, problem))
    if not pass_fail and "total_min" not in recognition and "total_min_by_class" not in recognition:
        problems.append(problem(("recognition",), "cần “total_min” hoặc “total_min_by_class”"))
    if "satisfaction_min" in recognition:
        target = recognition.get("satisfaction_indicator")
        if target not in indicator_codes:
            problems.append(
                problem(("recognition", "satisfaction_indicator"), f"không có chỉ tiêu “{target}”")
            )
    if "crosswalk_from" in data:
        problems.extend(_check_generation_crosswalk(data, criterion_codes, indicator_codes, problem))
    return problems


# How many earlier codes each relation of a crosswalk link names (a "split" names the one it came from).
_LINK_SOURCES = {
    "equivalent": (1, 1),
    "split": (1, 1),
    "merged": (2, None),
    "partial": (1, None),
    "none": (0, 0),
}


def _check_generation_crosswalk(
    data: dict[str, Any], criterion_codes: set[str], indicator_codes: set[str], problem: Any
) -> list[Problem]:
    """The links to the previous generation name this framework's own codes, once each, and as many
    earlier codes as the relation says (whether those exist is checked against the earlier framework
    by the editor, which can read it)."""
    found: list[Problem] = []
    crosswalk = data["crosswalk_from"]
    if crosswalk["framework"] == data["code"]:
        found.append(problem(("crosswalk_from", "framework"), "phải là một bộ tiêu chí khác (thế hệ trước)"))
    for key, own in (("criteria", criterion_codes), ("indicators", indicator_codes)):
        seen: set[str] = set()
        for index, link in enumerate(crosswalk.get(key, [])):
            path = ("crosswalk_from", key, index)
            if link["code"] not in own:
                found.append(problem((*path, "code"), f"không có mã “{link['code']}” trong bộ tiêu chí này"))
            if link["code"] in seen:
                found.append(problem((*path, "code"), f"mã “{link['code']}” đã được nối ở trên"))
            seen.add(link["code"])
            low, high = _LINK_SOURCES[link["relation"]]
            count = len(link.get("from", []))
            if count < low or (high is not None and count > high):
                wanted = {
                    "equivalent": "đúng một mã cũ",
                    "split": "đúng một mã cũ (mã được tách ra)",
                    "merged": "ít nhất hai mã cũ",
                    "partial": "ít nhất một mã cũ",
                    "none": "không có mã cũ nào",
                }[link["relation"]]
                found.append(problem((*path, "from"), f"quan hệ “{link['relation']}” cần {wanted}"))
    return found


def _check_placeholder(indicator: dict[str, Any], path: tuple[str | int, ...], problem: Any) -> list[Problem]:
    extra = sorted(
        key
        for key in ("rule", "max_points", "computed", "validations", "allow_not_arisen")
        if key in indicator
    ) + (["fields"] if indicator.get("fields") else [])
    if not extra:
        return []
    return [
        problem(
            path,
            "chỉ tiêu chờ bổ sung (placeholder) chưa có cách chấm nên không được có: "
            + ", ".join(extra)
            + "; khi đã bổ sung nội dung, hãy bỏ “placeholder”",
        )
    ]


def _check_disqualifiers(recognition: dict[str, Any], problem: Any) -> list[Problem]:
    problems: list[Problem] = []
    seen: set[str] = set()
    for d_index, item in enumerate(recognition.get("disqualifiers", [])):
        codes = [item["code"]] + [f["code"] for f in item.get("facts", [])]
        for f_index, code in enumerate(codes):
            if code in seen:
                path: tuple[str | int, ...] = ("recognition", "disqualifiers", d_index)
                path = (*path, "code") if f_index == 0 else (*path, "facts", f_index - 1, "code")
                problems.append(problem(path, f"trùng mã điều kiện “{code}”"))
            seen.add(code)
    return problems


def fact_codes(recognition: dict[str, Any]) -> set[str]:
    """The inputs a commune answers for the disqualifying conditions (their facts, or the condition itself)."""
    codes: set[str] = set()
    for item in recognition.get("disqualifiers", []):
        facts = item.get("facts")
        codes |= {f["code"] for f in facts} if facts else {item["code"]}
    return codes


def _check_indicator(indicator: dict[str, Any], path: tuple[str | int, ...], problem: Any) -> list[Problem]:
    problems: list[Problem] = []
    names = [f["name"] for f in indicator["fields"]]
    if len(set(names)) != len(names):
        problems.append(problem((*path, "fields"), "trùng tên trường nhập liệu"))
    for f_index, spec in enumerate(indicator["fields"]):
        flag = spec.get("required_if")
        if flag is not None and flag not in names:
            problems.append(
                problem((*path, "fields", f_index, "required_if"), f"không có trường “{flag}” trong chỉ tiêu")
            )
    known = set(names)
    for name, source in indicator.get("computed", {}).items():
        try:
            expression = compile_expression(source)
        except ExpressionError as exc:
            problems.append(problem((*path, "computed", name), str(exc)))
            continue
        unknown = expression.names - known
        if unknown:
            problems.append(
                problem(
                    (*path, "computed", name),
                    f"biểu thức dùng trường chưa khai báo: {', '.join(sorted(unknown))}",
                )
            )
        known.add(name)
    for v_index, item in enumerate(indicator.get("validations", [])):
        try:
            expression = compile_expression(item["check"])
        except ExpressionError as exc:
            problems.append(problem((*path, "validations", v_index, "check"), str(exc)))
            continue
        unknown = expression.names - known
        if unknown:
            problems.append(
                problem(
                    (*path, "validations", v_index, "check"),
                    f"biểu thức dùng trường chưa khai báo: {', '.join(sorted(unknown))}",
                )
            )
    rule = indicator["rule"]
    kind = rule["kind"]
    r_path = (*path, "rule")
    missing = RULE_KEYS[kind] - set(rule)
    if missing:
        problems.append(problem(r_path, f"quy tắc “{kind}” thiếu: {', '.join(sorted(missing))}"))
        return problems
    extra = set(rule) - RULE_KEYS[kind] - RULE_OPTIONAL[kind] - {"kind"}
    if extra:
        problems.append(
            problem(r_path, f"quy tắc “{kind}” có trường không được phép: {', '.join(sorted(extra))}")
        )
    referenced: list[str] = []
    if kind in ("boolean", "choice", "deduction", "documents"):
        referenced.append(rule["field"])
    elif kind == "ratio":
        referenced += [rule["numerator"], rule["denominator"]]
        if rule.get("mode", "steps") == "steps" and not rule.get("steps"):
            problems.append(problem(r_path, "tỷ lệ theo bậc cần danh sách “steps”"))
    elif kind == "checklist":
        referenced += list(rule["fields"])
        if rule.get("mode") == "k_of_n" and not isinstance(rule.get("k"), int):
            problems.append(problem(r_path, "danh mục k trên n cần số “k”"))
    for name in referenced:
        if name not in known:
            problems.append(problem(r_path, f"quy tắc dùng trường chưa khai báo “{name}”"))
    for key in ("value", "points"):
        if kind in ("steps", "expression") and key in rule and isinstance(rule[key], str):
            try:
                expression = compile_expression(rule[key])
            except ExpressionError as exc:
                problems.append(problem((*r_path, key), str(exc)))
                continue
            # An expression rule may use its indicator's maximum (docs/frameworks.md, rule kinds).
            unknown = expression.names - known - ({"max_points"} if key == "points" else set())
            if unknown:
                problems.append(
                    problem(
                        (*r_path, key), f"biểu thức dùng trường chưa khai báo: {', '.join(sorted(unknown))}"
                    )
                )
    if "steps" in rule:
        mins = [to_decimal(step["min"]) for step in rule["steps"]]
        if mins != sorted(mins, reverse=True):
            problems.append(problem((*r_path, "steps"), "các bậc phải xếp theo ngưỡng giảm dần"))
        maximum = to_decimal(indicator.get("max_points", 1))
        if any(
            to_decimal(step["points"]) > maximum or to_decimal(step["points"]) < 0 for step in rule["steps"]
        ):
            problems.append(
                problem((*r_path, "steps"), "điểm của một bậc vượt điểm tối đa của chỉ tiêu hoặc âm")
            )
    if kind == "choice":
        fields_by_name = {f["name"]: f for f in indicator["fields"]}
        options = {o["value"] for o in fields_by_name.get(rule["field"], {}).get("options", [])}
        if set(rule["points"]) - options:
            problems.append(problem((*r_path, "points"), "có lựa chọn không khai báo trong trường"))
    return problems


# --- Compiled form ---------------------------------------------------------------------------------


@dataclass
class CompiledIndicator:
    code: str
    title: str
    criterion: str
    max_points: Decimal
    allow_not_arisen: bool
    fields: list[dict[str, Any]]
    computed: list[tuple[str, Expression]]
    validations: list[tuple[Expression, str]]
    rule: dict[str, Any]
    expressions: dict[str, Expression]
    params: dict[str, Any]
    evidence_required: bool
    verified: bool
    data: dict[str, Any]
    placeholder: bool = False
    # Every evidence file must carry a digital signature found valid (``evidence: {signed: true}``).
    evidence_signed: bool = False


@dataclass
class CompiledCriterion:
    code: str
    title: str
    max_points: Decimal
    min_share: Decimal | None
    required_met: int | str
    indicators: list[CompiledIndicator]


@dataclass
class CompiledFramework:
    code: str
    version: int
    title: str
    pass_fail: bool
    criteria: list[CompiledCriterion]
    recognition: dict[str, Any]
    data: dict[str, Any]

    @property
    def max_total(self) -> Decimal:
        return sum((c.max_points for c in self.criteria), Decimal(0))

    def indicators(self) -> list[CompiledIndicator]:
        return [i for c in self.criteria for i in c.indicators]

    def placeholders(self) -> list[str]:
        """Codes of the indicators awaiting their text: shown as “chờ bổ sung”, never scored."""
        return [i.code for i in self.indicators() if i.placeholder]


def _params(rule: dict[str, Any], maximum: Decimal) -> dict[str, Any]:
    """Numbers of a rule converted to Decimal once, so scoring does no parsing."""
    params: dict[str, Any] = {}
    if "steps" in rule:
        params["steps"] = [(to_decimal(step["min"]), to_decimal(step["points"])) for step in rule["steps"]]
    for key in ("per", "full_at", "per_item"):
        if key in rule:
            params[key] = to_decimal(rule[key])
    params["start"] = to_decimal(rule["start"]) if "start" in rule else maximum
    if rule["kind"] == "choice":
        params["choice"] = {key: to_decimal(value) for key, value in rule["points"].items()}
    return params


def compile_framework(definition: Definition | dict[str, Any]) -> CompiledFramework:
    """Validate and prepare a definition; raises DefinitionError listing every problem."""
    data = definition.data if isinstance(definition, Definition) else definition
    problems = validate(definition)
    if problems:
        raise DefinitionError(problems)
    pass_fail = data["scoring"] == "pass_fail"
    recognition = data["recognition"]
    criteria = []
    for criterion in data["criteria"]:
        indicators = []
        for indicator in criterion["indicators"]:
            if indicator.get("placeholder"):
                indicators.append(
                    CompiledIndicator(
                        code=indicator["code"],
                        title=indicator["title"],
                        criterion=criterion["code"],
                        max_points=Decimal(0),
                        allow_not_arisen=False,
                        fields=[],
                        computed=[],
                        validations=[],
                        rule={},
                        expressions={},
                        params={},
                        evidence_required=False,
                        verified=bool(indicator.get("verified")),
                        data=indicator,
                        placeholder=True,
                    )
                )
                continue
            rule = indicator["rule"]
            expressions = {
                key: compile_expression(rule[key])
                for key in ("value", "points")
                if rule["kind"] in ("steps", "expression") and isinstance(rule.get(key), str)
            }
            indicators.append(
                CompiledIndicator(
                    code=indicator["code"],
                    title=indicator["title"],
                    criterion=criterion["code"],
                    max_points=to_decimal(indicator.get("max_points", 1)),
                    allow_not_arisen=bool(indicator.get("allow_not_arisen")),
                    fields=indicator["fields"],
                    computed=[
                        (name, compile_expression(src)) for name, src in indicator.get("computed", {}).items()
                    ],
                    validations=[
                        (compile_expression(v["check"]), v["message"])
                        for v in indicator.get("validations", [])
                    ],
                    rule=rule,
                    expressions=expressions,
                    params=_params(rule, to_decimal(indicator.get("max_points", 1))),
                    evidence_required=bool(indicator.get("evidence", {}).get("required")),
                    verified=bool(indicator.get("verified")),
                    data=indicator,
                    evidence_signed=bool(indicator.get("evidence", {}).get("signed")),
                )
            )
        counted = [i for i in indicators if not i.placeholder]
        max_points = to_decimal(len(counted)) if pass_fail else to_decimal(criterion["max_points"])
        share = criterion.get("min_share", recognition.get("criterion_min_share"))
        criteria.append(
            CompiledCriterion(
                code=criterion["code"],
                title=criterion["title"],
                max_points=max_points,
                min_share=None if share is None else to_decimal(share),
                required_met=criterion.get("required_met", "all"),
                indicators=indicators,
            )
        )
    # Callers that score many communes keep this object: compiling validates the whole definition.
    return CompiledFramework(
        data["code"], data["version"], data["title"], pass_fail, criteria, recognition, data
    )
