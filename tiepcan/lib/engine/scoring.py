"""Scoring: values in, points with reasons, the verdict and the gap to recognition out.

Pure functions over a compiled framework. Every rule kind reads its parameters
from the definition; nothing here knows any indicator by its code.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, fields, is_dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from tiepcan.lib.engine.definition import (
    CompiledCriterion,
    CompiledFramework,
    CompiledIndicator,
    compile_framework,
)
from tiepcan.lib.engine.expr import DivisionByZero, ExpressionError, MissingValue
from tiepcan.lib.engine.numbers import (
    MAX_DIGITS,
    ZERO,
    NumberError,
    clamp,
    parse_number,
    round2,
    to_decimal,
    vn,
    vn_percent,
    vn_short,
)

STATE_SCORED = "scored"
STATE_NOT_ARISEN = "not_arisen"
STATE_MISSING = "missing"
STATE_PLACEHOLDER = "placeholder"
PLACEHOLDER_REASON = "Chỉ tiêu chờ bổ sung nội dung: chưa tính vào kết quả"
_FAST_LIMIT = 10**MAX_DIGITS


@dataclass(frozen=True)
class ValueProblem:
    indicator: str
    field: str
    message: str

    def __str__(self) -> str:
        return f"Chỉ tiêu {self.indicator}{', ' + self.field if self.field else ''}: {self.message}"


class ValuesError(ValueError):
    def __init__(self, problems: list[ValueProblem]) -> None:
        super().__init__("\n".join(str(p) for p in problems))
        self.problems = problems


@dataclass
class IndicatorResult:
    code: str
    criterion: str
    title: str
    points: Decimal
    max_points: Decimal
    met: bool
    state: str
    reason: str


@dataclass
class CriterionResult:
    code: str
    title: str
    points: Decimal
    max_points: Decimal
    required: Decimal | None
    met_count: int
    passed: bool


@dataclass
class Suggestion:
    indicator: str
    criterion: str
    title: str
    recoverable: Decimal


@dataclass
class Gap:
    total_short: Decimal = ZERO
    criteria_short: list[tuple[str, Decimal]] = field(default_factory=list)
    suggestions: list[Suggestion] = field(default_factory=list)
    blocking: list[str] = field(default_factory=list)

    @property
    def is_zero(self) -> bool:
        return self.total_short == 0 and not self.criteria_short and not self.blocking


@dataclass
class ScoreResult:
    framework: str
    indicators: list[IndicatorResult]
    criteria: list[CriterionResult]
    total: Decimal
    max_total: Decimal
    recognised: bool
    verdict: str
    reasons: list[str]
    gap: Gap
    problems: list[ValueProblem] = field(default_factory=list)
    # Indicators awaiting their text (placeholders): left out of the result, and named in the verdict.
    pending: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready data (decimals as text, tuples as lists), as every autosave stores it."""
        plain: dict[str, Any] = _plain(self)
        return plain


_FIELD_NAMES: dict[type, tuple[str, ...]] = {}


def _plain(value: Any) -> Any:
    """What ``asdict`` and a walk turning decimals into text gave, in one walk without copies."""
    if value is None or isinstance(value, str | bool | int | float):
        return value
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    kind = type(value)
    names = _FIELD_NAMES.get(kind)
    if names is None:
        if not is_dataclass(value):
            return value
        names = _FIELD_NAMES[kind] = tuple(f.name for f in fields(value))
    return {name: _plain(getattr(value, name)) for name in names}


# --- Values ---------------------------------------------------------------------------------------


def _field_value(spec: dict[str, Any], raw: Any) -> tuple[Any, str | None]:
    """Parse one input; returns (value, Vietnamese problem or None)."""
    kind = spec["type"]
    if raw is None or raw == "":
        return None, None
    if kind == "boolean":
        if isinstance(raw, bool):
            return raw, None
        return None, "phải chọn Có hoặc Không"
    if kind in ("integer", "decimal", "percentage"):
        if isinstance(raw, bool):
            return None, "phải là số"
        if (
            kind == "integer"
            and type(raw) is int
            and 0 <= raw < _FAST_LIMIT
            and "min" not in spec
            and "max" not in spec
        ):
            return Decimal(raw), None  # the common case, without the general checks below
        try:
            number = parse_number(raw, integer=kind == "integer")
        except NumberError as problem:
            return None, str(problem)
        low = to_decimal(spec.get("min", 0))
        if number < low:
            return None, "không được âm" if low == 0 else f"không được nhỏ hơn {vn_short(low)}"
        high = spec.get("max", 100 if kind == "percentage" else None)
        if high is not None and number > to_decimal(high):
            return None, f"không được lớn hơn {vn_short(to_decimal(high))}"
        return number, None
    if kind == "date":
        try:
            return (raw if isinstance(raw, date) else date.fromisoformat(str(raw))), None
        except ValueError:
            return None, "ngày không hợp lệ (dd/mm/yyyy)"
    if kind == "choice":
        options = {o["value"] for o in spec.get("options", [])}
        return (raw, None) if isinstance(raw, str) and raw in options else (None, "lựa chọn không hợp lệ")
    if kind == "documents":
        if not isinstance(raw, list):
            return None, "phải là danh sách văn bản"
        docs = []
        for item in raw:
            try:
                due = date.fromisoformat(str(item["due_on"])) if item.get("due_on") else None
                issued = date.fromisoformat(str(item["issued_on"])) if item.get("issued_on") else None
            except (ValueError, TypeError, KeyError):
                return None, "ngày của văn bản không hợp lệ"
            docs.append({"title": str(item.get("title", "")), "due_on": due, "issued_on": issued})
        return docs, None
    return str(raw), None


def _placeholder_problems(indicator: CompiledIndicator, raw: Any, not_arisen: bool) -> list[ValueProblem]:
    """A placeholder takes no input: it has no fields to fill and cannot “not arise”."""
    if not_arisen:
        return [
            ValueProblem(indicator.code, "", "chỉ tiêu chờ bổ sung nội dung, không ghi “không phát sinh”")
        ]
    if raw:
        return [ValueProblem(indicator.code, "", "chỉ tiêu chờ bổ sung nội dung, chưa nhập số liệu")]
    return []


def _required(spec: dict[str, Any], parsed: dict[str, Any]) -> bool:
    """Whether an input must be given: by default yes (not free text); ``required_if`` ties it to a flag."""
    flag = spec.get("required_if")
    if flag is not None:
        return bool(parsed.get(flag))
    return bool(spec.get("required", True)) and spec["type"] != "text"


def _parse(indicator: CompiledIndicator, raw: dict[str, Any]) -> tuple[dict[str, Any], list[ValueProblem]]:
    values: dict[str, Any] = {}
    problems: list[ValueProblem] = []
    for spec in indicator.fields:
        value, message = _field_value(spec, raw.get(spec["name"]))
        if message:
            problems.append(ValueProblem(indicator.code, spec["label"], message))
        values[spec["name"]] = value
    return values, problems


def _unfilled(indicator: CompiledIndicator, parsed: dict[str, Any]) -> list[ValueProblem]:
    """A problem for every required input left empty (part of a full set even if no rule reads it)."""
    return [
        ValueProblem(indicator.code, spec["label"], "chưa nhập")
        for spec in indicator.fields
        if _required(spec, parsed) and parsed.get(spec["name"]) in (None, "")
    ]


def _failed_validations(indicator: CompiledIndicator, env: dict[str, Any]) -> list[ValueProblem]:
    """The framework's own checks that fail; one waiting for a missing input does not count yet."""
    problems = []
    for expression, message in indicator.validations:
        try:
            if not expression.evaluate(env):
                problems.append(ValueProblem(indicator.code, "", message))
        except MissingValue:
            continue
        except ExpressionError:
            problems.append(ValueProblem(indicator.code, "", message))
    return problems


def _env(indicator: CompiledIndicator, values: dict[str, Any]) -> dict[str, Any]:
    env = dict(values)
    for name, expression in indicator.computed:
        try:
            env[name] = expression.evaluate(env)
        except ExpressionError:
            env[name] = None
    return env


def _split(values: dict[str, Any]) -> tuple[dict[str, Any], set[str]]:
    """Accept {"values": {...}, "not_arisen": [...]} or a plain {indicator: {...}} mapping."""
    if "values" in values or "not_arisen" in values:
        return values.get("values", {}) or {}, set(values.get("not_arisen", []) or [])
    return values, set()


def check_values(
    definition: Any, values: dict[str, Any], *, partial: bool = False, only: str | None = None
) -> list[ValueProblem]:
    """Every problem of a set of values; ``partial`` tolerates inputs not yet given.

    ``only``: the code of the one indicator to check (an autosave checks the indicator it saves);
    its problems are exactly those a check of every indicator gives for it.
    """
    framework = _compiled(definition)
    raw_values, not_arisen = _split(values)
    problems: list[ValueProblem] = []
    known = {i.code for i in framework.indicators()}
    for code in sorted(set(raw_values) - known):
        if only is None or code == only:
            problems.append(ValueProblem(code, "", "không có chỉ tiêu này trong bộ tiêu chí"))
    for indicator in framework.indicators():
        if only is not None and indicator.code != only:
            continue
        if indicator.placeholder:
            problems.extend(
                _placeholder_problems(indicator, raw_values.get(indicator.code), indicator.code in not_arisen)
            )
            continue
        if indicator.code in not_arisen:
            if not indicator.allow_not_arisen:
                problems.append(
                    ValueProblem(indicator.code, "", "chỉ tiêu này không được ghi “không phát sinh”")
                )
            continue
        parsed, parse_problems = _parse(indicator, raw_values.get(indicator.code) or {})
        problems.extend(parse_problems)
        if parse_problems:
            continue
        if not partial:
            problems.extend(_unfilled(indicator, parsed))
        problems.extend(_failed_validations(indicator, _env(indicator, parsed)))
    return problems


# --- Rules ----------------------------------------------------------------------------------------


class _Missing(Exception):
    pass


class _NotArisen(Exception):
    pass


def _need(env: dict[str, Any], name: str) -> Any:
    if env.get(name) is None:
        raise _Missing(name)
    return env[name]


def _steps(value: Decimal, steps: list[tuple[Decimal, Decimal]]) -> tuple[Decimal, Decimal | None]:
    for threshold, points in steps:
        if value >= threshold:
            return points, threshold
    return ZERO, None


def _rule_boolean(indicator: CompiledIndicator, env: dict[str, Any]) -> tuple[Decimal, str]:
    rule = indicator.rule
    maximum = indicator.max_points
    value = bool(_need(env, rule["field"]))
    return (maximum, "Đáp ứng yêu cầu") if value else (ZERO, "Không đáp ứng yêu cầu")


def _rule_ratio(indicator: CompiledIndicator, env: dict[str, Any]) -> tuple[Decimal, str]:
    rule = indicator.rule
    params = indicator.params
    maximum = indicator.max_points
    numerator = to_decimal(_need(env, rule["numerator"]))
    denominator = to_decimal(_need(env, rule["denominator"]))
    if denominator == 0:
        policy = rule.get("zero_denominator", "not_arisen")
        if policy == "full":
            return maximum, "Không có trường hợp phát sinh: đạt điểm tối đa"
        if policy == "zero":
            return ZERO, "Không có số liệu để tính tỷ lệ: 0 điểm"
        raise _NotArisen
    ratio = numerator / denominator
    percent = vn_percent(ratio * 100)
    if rule.get("mode", "steps") == "proportional":
        full_at = params.get("full_at", Decimal(1))
        points = maximum if ratio >= full_at else maximum * ratio / full_at
        return points, f"Tỷ lệ {percent}%: tính điểm theo tỷ lệ"
    points, threshold = _steps(ratio, params["steps"])
    if threshold is None:
        return ZERO, f"Tỷ lệ {percent}% dưới mức thấp nhất"
    return points, f"Tỷ lệ {percent}% (từ {vn_percent(threshold * 100)}% trở lên)"


def _rule_choice(indicator: CompiledIndicator, env: dict[str, Any]) -> tuple[Decimal, str]:
    rule = indicator.rule
    params = indicator.params
    value = _need(env, rule["field"])
    label = next(
        (
            o["label"]
            for f in indicator.fields
            if f["name"] == rule["field"]
            for o in f.get("options", [])
            if o["value"] == value
        ),
        value,
    )
    return params["choice"].get(value, ZERO), f"Mức: {label}"


def _rule_checklist(indicator: CompiledIndicator, env: dict[str, Any]) -> tuple[Decimal, str]:
    rule = indicator.rule
    params = indicator.params
    maximum = indicator.max_points
    names = rule["fields"]
    held = sum(1 for name in names if bool(_need(env, name)))
    total = len(names)
    mode = rule.get("mode", "all")
    if mode == "per_item":
        per = params.get("per_item", maximum / total)
        return min(maximum, per * held), f"Đạt {held}/{total} nội dung"
    needed = total if mode == "all" else int(rule["k"])
    return (maximum if held >= needed else ZERO), f"Đạt {held}/{total} nội dung (yêu cầu {needed})"


def _rule_deduction(indicator: CompiledIndicator, env: dict[str, Any]) -> tuple[Decimal, str]:
    rule = indicator.rule
    params = indicator.params
    count = to_decimal(_need(env, rule["field"]))
    points = params["start"] - count * params["per"]
    return points, (
        "Không có vi phạm"
        if count == 0
        else f"Trừ {vn_short(params['per'])} điểm × {vn_short(count)} vi phạm"
    )


def _rule_steps(indicator: CompiledIndicator, env: dict[str, Any]) -> tuple[Decimal, str]:
    rule = indicator.rule
    params = indicator.params
    try:
        value = (
            to_decimal(indicator.expressions["value"].evaluate(env))
            if "value" in indicator.expressions
            else to_decimal(_need(env, rule["value"]))
        )
    except MissingValue as exc:
        raise _Missing(exc.name) from exc
    except DivisionByZero as exc:
        raise _NotArisen from exc
    points, threshold = _steps(value, params["steps"])
    if threshold is None:
        return ZERO, f"Giá trị {vn_short(value)} dưới mức thấp nhất"
    return points, f"Giá trị {vn_short(value)} (từ {vn_short(threshold)} trở lên)"


def _rule_expression(indicator: CompiledIndicator, env: dict[str, Any]) -> tuple[Decimal, str]:
    maximum = indicator.max_points
    try:
        points = to_decimal(indicator.expressions["points"].evaluate({**env, "max_points": maximum}))
    except MissingValue as exc:
        raise _Missing(exc.name) from exc
    except DivisionByZero as exc:
        raise _NotArisen from exc
    return points, "Tính theo công thức của bộ tiêu chí"


def _rule_documents(indicator: CompiledIndicator, env: dict[str, Any]) -> tuple[Decimal, str]:
    rule = indicator.rule
    maximum = indicator.max_points
    docs = _need(env, rule["field"])
    if not docs:
        raise _NotArisen
    # A document counts when it was issued, and not later than its deadline.
    timely = [
        d["issued_on"] is not None and d["due_on"] is not None and d["issued_on"] <= d["due_on"] for d in docs
    ]
    on_time = sum(timely)
    late = [d["title"] for d, ok in zip(docs, timely, strict=True) if not ok]
    if rule.get("mode", "all") == "proportional":
        points = maximum * to_decimal(on_time) / to_decimal(len(docs))
    else:
        points = maximum if on_time == len(docs) else ZERO
    reason = f"{on_time}/{len(docs)} văn bản ban hành đúng hạn"
    if late:
        reason += f"; chậm hoặc thiếu ngày: {', '.join(t or '(không tên)' for t in late[:3])}"
    return points, reason


RuleFunction = Callable[[CompiledIndicator, dict[str, Any]], tuple[Decimal, str]]

# One function per rule kind of the framework schema (``rule.kind``).
RULES: dict[str, RuleFunction] = {
    "boolean": _rule_boolean,
    "ratio": _rule_ratio,
    "choice": _rule_choice,
    "checklist": _rule_checklist,
    "deduction": _rule_deduction,
    "steps": _rule_steps,
    "expression": _rule_expression,
    "documents": _rule_documents,
}


def _apply_rule(indicator: CompiledIndicator, env: dict[str, Any]) -> tuple[Decimal, str]:
    """Points (before rounding) and a one-line reason, by the function of the rule's kind."""
    return RULES[indicator.rule["kind"]](indicator, env)


def _score_indicator(
    indicator: CompiledIndicator, raw: dict[str, Any], not_arisen: bool, partial: bool
) -> tuple[IndicatorResult, list[ValueProblem]]:
    maximum = indicator.max_points

    def result(points: Decimal, state: str, reason: str) -> IndicatorResult:
        points = round2(clamp(points, ZERO, maximum))
        return IndicatorResult(
            indicator.code,
            indicator.criterion,
            indicator.title,
            points,
            maximum,
            points == maximum and not indicator.placeholder,
            state,
            reason,
        )

    if indicator.placeholder:
        return result(ZERO, STATE_PLACEHOLDER, PLACEHOLDER_REASON), _placeholder_problems(
            indicator, raw, not_arisen
        )
    if not_arisen:
        if indicator.allow_not_arisen:
            return result(maximum, STATE_NOT_ARISEN, "Không phát sinh trong năm: đạt tối đa"), []
        problem = ValueProblem(indicator.code, "", "chỉ tiêu này không được ghi “không phát sinh”")
        return result(ZERO, STATE_MISSING, "Không được ghi “không phát sinh”"), [problem]
    parsed, problems = _parse(indicator, raw or {})
    if problems:
        return result(ZERO, STATE_MISSING, "Số liệu không hợp lệ"), problems
    if not partial:
        # Inputs the rule does not read (a decision's number and date) are still part of a full set.
        problems = _unfilled(indicator, parsed)
        if problems:
            return result(ZERO, STATE_MISSING, "Chưa nhập"), problems
    env = _env(indicator, parsed)
    problems = _failed_validations(indicator, env)
    if problems:
        return result(ZERO, STATE_MISSING, problems[0].message), problems
    try:
        points, reason = _apply_rule(indicator, env)
    except _Missing as exc:
        label = next((f["label"] for f in indicator.fields if f["name"] == str(exc)), str(exc))
        missing = [] if partial else [ValueProblem(indicator.code, label, "chưa nhập")]
        return result(ZERO, STATE_MISSING, "Chưa nhập"), missing
    except _NotArisen:
        if indicator.allow_not_arisen:
            return result(maximum, STATE_NOT_ARISEN, "Không phát sinh trong năm: đạt tối đa"), []
        return result(
            ZERO, STATE_SCORED, "Không có số liệu phát sinh; chỉ tiêu không cho phép ghi “không phát sinh”"
        ), []
    return result(points, STATE_SCORED, reason), []


# --- Verdict --------------------------------------------------------------------------------------


def _criterion_label(code: str) -> str:
    digits = "".join(ch for ch in code if ch.isdigit())
    return f"Tiêu chí {digits}" if digits else f"Tiêu chí {code}"


def _decide(
    framework: CompiledFramework,
    criteria: list[CriterionResult],
    total: Decimal,
    facts: dict[str, Any],
    unit_class: str | None,
    satisfaction: Decimal | None,
    indicators: list[IndicatorResult] | None,
) -> tuple[bool, list[str], Gap]:
    recognition = framework.recognition
    reasons: list[str] = []
    gap = Gap()
    for criterion in criteria:
        if not criterion.passed:
            label = _criterion_label(criterion.code)
            if framework.pass_fail:
                reasons.append(
                    f"{label} chưa đạt: {criterion.met_count}/{vn_short(criterion.max_points)} chỉ tiêu đạt"
                )
                gap.criteria_short.append(
                    (criterion.code, (criterion.required or ZERO) - to_decimal(criterion.met_count))
                )
            else:
                share = vn_percent(to_decimal(_criterion(framework, criterion.code).min_share or 0) * 100)
                reasons.append(
                    f"{label} đạt {vn(criterion.points)}/{vn_short(criterion.max_points)} điểm, dưới {share}%"
                )
                gap.criteria_short.append(
                    (criterion.code, round2((criterion.required or ZERO) - criterion.points))
                )
    threshold = _total_threshold(recognition, unit_class)
    if not framework.pass_fail and threshold is not None and total < threshold:
        reasons.append(f"Tổng điểm {vn(total)}, dưới {vn_short(threshold)} điểm")
        gap.total_short = round2(threshold - total)
    if not framework.pass_fail and threshold is None and recognition.get("total_min_by_class"):
        reasons.append("Chưa xác định phân loại đơn vị hành chính (loại I, II, III) để áp ngưỡng tổng điểm")
        gap.blocking.append("unit_class")
    for item in recognition.get("disqualifiers", []):
        if "facts" in item:
            # The condition is answered through its facts; only those that disqualify count
            # (QĐ 25/2021/QĐ-TTg, Điều 4, khoản 3: administrative discipline or prosecution,
            # not Party discipline alone).
            fired = [f for f in item["facts"] if f["disqualifies"] and facts.get(f["code"])]
            if fired:
                reasons.append("Không đủ điều kiện: " + "; ".join(f["label"] for f in fired))
                gap.blocking.append(item["code"])
        elif facts.get(item["code"]):
            reasons.append(f"Không đủ điều kiện: {item['text']}")
            gap.blocking.append(item["code"])
    minimum = recognition.get("satisfaction_min")
    if minimum is not None:
        if satisfaction is None:
            reasons.append("Chưa có kết quả khảo sát mức độ hài lòng")
            gap.blocking.append("satisfaction")
        elif satisfaction < to_decimal(minimum):
            reasons.append(
                f"Mức độ hài lòng {vn_percent(satisfaction)}%, dưới {vn_percent(to_decimal(minimum))}%"
            )
            gap.blocking.append("satisfaction")
    recognised = not reasons
    if indicators is not None and not recognised:
        failing = {code for code, _ in gap.criteria_short}
        lost = [
            Suggestion(r.code, r.criterion, r.title, round2(r.max_points - r.points))
            for r in indicators
            if r.points < r.max_points
        ]
        # Points recoverable where a criterion is short come first, then the biggest recoveries.
        lost.sort(key=lambda s: (s.criterion not in failing, -s.recoverable, s.indicator))
        gap.suggestions = lost[:5]
    return recognised, reasons, gap


def _total_threshold(recognition: dict[str, Any], unit_class: str | None) -> Decimal | None:
    by_class = recognition.get("total_min_by_class")
    if by_class:
        if unit_class in by_class:
            return to_decimal(by_class[unit_class])
        return None
    if "total_min" in recognition:
        return to_decimal(recognition["total_min"])
    return None


def _criterion(framework: CompiledFramework, code: str) -> CompiledCriterion:
    return next(c for c in framework.criteria if c.code == code)


def _criterion_result(
    framework: CompiledFramework, criterion: CompiledCriterion, points: Decimal, met_count: int
) -> CriterionResult:
    if framework.pass_fail:
        counted = int(criterion.max_points)  # the indicators that are not placeholders
        needed = counted if criterion.required_met == "all" else min(int(criterion.required_met), counted)
        return CriterionResult(
            criterion.code,
            criterion.title,
            points,
            criterion.max_points,
            to_decimal(needed),
            met_count,
            met_count >= needed,
        )
    required = round2(criterion.max_points * criterion.min_share) if criterion.min_share is not None else None
    passed = required is None or points >= required
    return CriterionResult(
        criterion.code, criterion.title, points, criterion.max_points, required, met_count, passed
    )


def _verdict_text(recognised: bool, reasons: list[str], pending: list[str] | None = None) -> str:
    text = "Đạt chuẩn tiếp cận pháp luật" if recognised else "Không đạt: " + "; ".join(reasons)
    if pending:
        text += f" (chưa tính chỉ tiêu chờ bổ sung: {', '.join(pending)})"
    return text


def _compiled(definition: Any) -> CompiledFramework:
    if isinstance(definition, CompiledFramework):
        return definition
    return compile_framework(definition)


def score(
    definition: Any,
    values: dict[str, Any],
    facts: dict[str, Any] | None = None,
    unit_class: str | None = None,
    *,
    partial: bool = False,
) -> ScoreResult:
    """Score a commune. Invalid or (unless ``partial``) missing values raise ValuesError."""
    framework = _compiled(definition)
    raw_values, not_arisen = _split(values)
    facts = facts or {}
    indicator_results: list[IndicatorResult] = []
    problems: list[ValueProblem] = []
    known = {i.code for i in framework.indicators()}
    for code in sorted(set(raw_values) - known):
        problems.append(ValueProblem(code, "", "không có chỉ tiêu này trong bộ tiêu chí"))
    criteria_results: list[CriterionResult] = []
    for criterion in framework.criteria:
        points = ZERO
        met = 0
        for indicator in criterion.indicators:
            result, indicator_problems = _score_indicator(
                indicator, raw_values.get(indicator.code) or {}, indicator.code in not_arisen, partial
            )
            problems.extend(indicator_problems)
            indicator_results.append(result)
            points += result.points
            met += int(result.met)
        points = round2(points)
        criteria_results.append(_criterion_result(framework, criterion, points, met))
    if problems and not partial:
        raise ValuesError(problems)
    total = round2(sum((c.points for c in criteria_results), ZERO))
    satisfaction = _satisfaction(framework, raw_values)
    recognised, reasons, gap = _decide(
        framework, criteria_results, total, facts, unit_class, satisfaction, indicator_results
    )
    if problems:
        recognised = False
        reasons = ["Số liệu chưa đầy đủ hoặc chưa hợp lệ", *reasons]
    return ScoreResult(
        framework=framework.code,
        indicators=indicator_results,
        criteria=criteria_results,
        total=total,
        max_total=framework.max_total,
        recognised=recognised,
        verdict=_verdict_text(recognised, reasons, framework.placeholders()),
        reasons=reasons,
        gap=gap,
        problems=problems,
        pending=framework.placeholders(),
    )


def _satisfaction(framework: CompiledFramework, raw_values: dict[str, Any]) -> Decimal | None:
    code = framework.recognition.get("satisfaction_indicator")
    name = framework.recognition.get("satisfaction_field")
    if not code or not name:
        return None
    value = (raw_values.get(code) or {}).get(name)
    try:
        return None if value in (None, "") else to_decimal(value)
    except ValueError:
        return None


def judge(
    definition: Any,
    criterion_points: dict[str, Any],
    facts: dict[str, Any] | None = None,
    unit_class: str | None = None,
    satisfaction: Any = None,
) -> ScoreResult:
    """The verdict from criterion totals alone (a council's sheet, a published annex)."""
    framework = _compiled(definition)
    criteria_results = []
    for criterion in framework.criteria:
        if criterion.code not in criterion_points:
            raise ValuesError([ValueProblem(criterion.code, "", "thiếu điểm của tiêu chí")])
        points = round2(to_decimal(criterion_points[criterion.code]))
        if points < 0 or points > criterion.max_points:
            raise ValuesError(
                [ValueProblem(criterion.code, "", f"điểm phải từ 0 đến {vn_short(criterion.max_points)}")]
            )
        met = int(points) if framework.pass_fail else 0
        criteria_results.append(_criterion_result(framework, criterion, points, met))
    total = round2(sum((c.points for c in criteria_results), ZERO))
    recognised, reasons, gap = _decide(
        framework,
        criteria_results,
        total,
        facts or {},
        unit_class,
        None if satisfaction is None else to_decimal(satisfaction),
        None,
    )
    return ScoreResult(
        framework.code,
        [],
        criteria_results,
        total,
        framework.max_total,
        recognised,
        _verdict_text(recognised, reasons, framework.placeholders()),
        reasons,
        gap,
        pending=framework.placeholders(),
    )
