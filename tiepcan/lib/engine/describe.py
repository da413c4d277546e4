"""Plain-Vietnamese descriptions of rules, for the framework document page."""

from __future__ import annotations

import ast
import string
from typing import Any

from tiepcan.lib.engine.numbers import to_decimal, vn_short

_OPERATORS = {ast.Add: "+", ast.Sub: "−", ast.Mult: "×", ast.Div: "/"}
_COMPARISONS = {ast.Lt: "<", ast.LtE: "≤", ast.Gt: ">", ast.GtE: "≥", ast.Eq: "=", ast.NotEq: "≠"}
_COMPOUND = ast.BinOp | ast.BoolOp | ast.IfExp | ast.Compare


class _Formula:
    """Writes an expression of the framework language (``expr.py``) in Vietnamese notation.

    Field names become their labels in quotes, numbers use the decimal comma, ``and``/``or``/``if``
    become "và"/"hoặc"/"nếu"; a computed value is named by a letter and defined after "trong đó".
    """

    def __init__(self, labels: dict[str, str], computed: dict[str, str]) -> None:
        self.labels = labels
        self.computed = computed
        self.letters: dict[str, str] = {}

    def letter(self, name: str) -> str:
        if name not in self.letters:
            self.letters[name] = string.ascii_lowercase[len(self.letters) % 26]
        return self.letters[name]

    def write(self, source: str) -> str:
        return self.node(ast.parse(source, mode="eval").body)

    def inner(self, node: ast.AST, loose: type | tuple[type, ...] = ()) -> str:
        """A sub-expression, in brackets when it is compound and binds looser than its context."""
        text = self.node(node)
        return f"({text})" if isinstance(node, _COMPOUND) and not isinstance(node, loose) else text

    def node(self, node: ast.AST) -> str:
        if isinstance(node, ast.Constant):
            if isinstance(node.value, bool):
                return "đúng" if node.value else "sai"
            return vn_short(to_decimal(node.value))
        if isinstance(node, ast.Name):
            if node.id in ("True", "False"):
                return "đúng" if node.id == "True" else "sai"
            if node.id in self.computed:
                return self.letter(node.id)
            return f"“{self.labels[node.id]}”" if node.id in self.labels else node.id
        if isinstance(node, ast.BinOp):
            additive = isinstance(node.op, ast.Add | ast.Sub)
            left = self.inner(node.left, ast.BinOp if additive else ())
            right = self.inner(node.right, ast.BinOp if isinstance(node.op, ast.Add) else ())
            if (
                isinstance(node.left, ast.BinOp)
                and not additive
                and isinstance(node.left.op, ast.Mult | ast.Div)
            ):
                left = self.node(node.left)
            return f"{left} {_OPERATORS[type(node.op)]} {right}"
        if isinstance(node, ast.UnaryOp):
            return (
                f"không {self.inner(node.operand)}"
                if isinstance(node.op, ast.Not)
                else f"−{self.inner(node.operand)}"
            )
        if isinstance(node, ast.Compare):
            parts = [self.inner(node.left, ast.BinOp)]
            for op, operand in zip(node.ops, node.comparators, strict=True):
                parts += [_COMPARISONS[type(op)], self.inner(operand, ast.BinOp)]
            return " ".join(parts)
        if isinstance(node, ast.BoolOp):
            joiner = " và " if isinstance(node.op, ast.And) else " hoặc "
            return joiner.join(self.inner(value, (ast.Compare, ast.BinOp)) for value in node.values)
        if isinstance(node, ast.IfExp):
            body = self.inner(node.body, (ast.BinOp, ast.Compare))
            return f"{body} nếu {self.node(node.test)}, nếu không {self.inner(node.orelse, (ast.BinOp, ast.Compare))}"
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
            args = "; ".join(self.node(arg) for arg in node.args)
            if node.func.id == "round2":
                return f"{args} (làm tròn 2 chữ số thập phân)"
            return f"|{args}|" if node.func.id == "abs" else f"{node.func.id}({args})"
        raise ValueError(type(node).__name__)

    def definitions(self) -> str:
        """ "a = …; b = …" for every computed value used, including those used by others."""
        written: list[str] = []
        done: set[str] = set()
        while len(done) < len(self.letters):
            for name, letter in list(self.letters.items()):
                if name not in done:
                    done.add(name)
                    written.append(f"{letter} = {self.write(self.computed[name])}")
        return "; ".join(written)


def describe_expression(indicator: dict[str, Any], source: str, unit: str = "") -> str:
    """ "1 if plan_on_time and share_done >= 0.9 else 0" → "1 điểm nếu “…” và a ≥ 0,9, …; trong đó a = …"."""
    labels = {f["name"]: f["label"] for f in indicator.get("fields", [])}
    formula = _Formula(labels, dict(indicator.get("computed") or {}))
    try:
        tree = ast.parse(source, mode="eval").body
        if (
            isinstance(tree, ast.IfExp)
            and isinstance(tree.body, ast.Constant)
            and isinstance(tree.orelse, ast.Constant)
            and not tree.orelse.value
        ):
            text = (
                f"Đạt khi {formula.node(tree.test)}"
                if not unit
                else f"{formula.node(tree.body)}{unit} khi {formula.node(tree.test)}, nếu không 0{unit}"
            )
        else:
            text = f"Tính theo công thức: {formula.node(tree)}{unit}"
        definitions = formula.definitions()
    except (SyntaxError, ValueError, KeyError):
        return f"Tính theo công thức: {source}."
    return f"{text}; trong đó {definitions}." if definitions else f"{text}."


def _pct(value: Any) -> str:
    return f"{vn_short(to_decimal(value) * 100)}%"


def describe_rule(indicator: dict[str, Any], pass_fail: bool = False) -> str:
    if indicator.get("placeholder"):
        return "Chờ bổ sung nội dung: chưa tính vào kết quả."
    rule = indicator["rule"]
    kind = rule["kind"]
    labels = {f["name"]: f["label"] for f in indicator.get("fields", [])}
    unit = "" if pass_fail else " điểm"

    computed = dict(indicator.get("computed") or {})

    def label(name: str) -> str:
        if name not in labels and name in computed:  # a computed value is shown by its formula
            try:
                return _Formula(labels, computed).write(str(computed[name]))
            except (SyntaxError, ValueError, KeyError):
                return name
        return f"“{labels.get(name, name)}”"

    if kind == "boolean":
        return (
            f"Đạt khi {label(rule['field'])}."
            if pass_fail
            else f"Có: đủ điểm; không: 0 điểm ({label(rule['field'])})."
        )
    if kind == "ratio":
        ratio = f"{label(rule['numerator'])} / {label(rule['denominator'])}"
        if rule.get("mode", "steps") == "proportional":
            full = f", đủ điểm từ {_pct(rule['full_at'])}" if "full_at" in rule else ""
            return f"Điểm theo tỷ lệ {ratio}{full}."
        steps = "; ".join(
            f"từ {_pct(s['min'])}: {vn_short(to_decimal(s['points']))}{unit}" for s in rule["steps"]
        )
        if pass_fail:
            steps = "; ".join(
                f"đạt khi từ {_pct(s['min'])}" for s in rule["steps"] if to_decimal(s["points"]) > 0
            )
        return f"Tỷ lệ {ratio}: {steps}."
    if kind == "choice":
        options = {o["value"]: o["label"] for f in indicator.get("fields", []) for o in f.get("options", [])}
        return (
            "Theo mức: "
            + "; ".join(
                f"{options.get(k, k)}: {vn_short(to_decimal(v))}{unit}" for k, v in rule["points"].items()
            )
            + "."
        )
    if kind == "checklist":
        items = ", ".join(label(n) for n in rule["fields"])
        mode = rule.get("mode", "all")
        if mode == "per_item":
            return f"{vn_short(to_decimal(rule.get('per_item', 1)))}{unit} cho mỗi nội dung đạt: {items}."
        need = "tất cả" if mode == "all" else f"ít nhất {rule['k']}/{len(rule['fields'])}"
        return f"Đạt khi {need} nội dung: {items}."
    if kind == "deduction":
        return f"Trừ {vn_short(to_decimal(rule['per']))}{unit} cho mỗi {label(rule['field'])}, thấp nhất 0."
    if kind == "steps":
        steps = "; ".join(
            f"từ {vn_short(to_decimal(s['min']))}: {vn_short(to_decimal(s['points']))}{unit}"
            for s in rule["steps"]
        )
        return f"Theo giá trị {label(rule['value']) if rule['value'] in labels else rule['value']}: {steps}."
    if kind == "expression":
        return describe_expression(indicator, rule["points"], unit)
    if kind == "documents":
        how = (
            "điểm theo tỷ lệ văn bản đúng hạn"
            if rule.get("mode") == "proportional"
            else "mọi văn bản phải ban hành đúng hạn"
        )
        return f"Văn bản {label(rule['field'])}: {how}."
    return kind
