"""A small, safe expression language for computed values, validations and custom rules.

Expressions are parsed with Python's ``ast`` and evaluated by walking a strict
whitelist of nodes: numbers, names of fields, + - * /, comparisons, and/or/not,
``a if c else b`` and the functions min, max, abs, round2. Nothing else parses:
no attribute access, no subscripts, no calls to anything outside the whitelist,
and ``eval`` is never used.
"""

from __future__ import annotations

import ast
import operator
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from tiepcan.lib.engine.numbers import round2, to_decimal


class ExpressionError(ValueError):
    """An expression that cannot be parsed or evaluated."""


class MissingValue(ExpressionError):
    """A name the expression needs has no value yet."""

    def __init__(self, name: str) -> None:
        super().__init__(f"chưa có giá trị “{name}”")
        self.name = name


class DivisionByZero(ExpressionError):
    pass


_BINARY: dict[type, Callable[[Any, Any], Any]] = {
    ast.Add: operator.add,
    ast.Sub: operator.sub,
    ast.Mult: operator.mul,
    ast.Div: operator.truediv,
}
_COMPARE: dict[type, Callable[[Any, Any], bool]] = {
    ast.Lt: operator.lt,
    ast.LtE: operator.le,
    ast.Gt: operator.gt,
    ast.GtE: operator.ge,
    ast.Eq: operator.eq,
    ast.NotEq: operator.ne,
}
_FUNCTIONS: dict[str, Callable[..., Any]] = {
    "min": min,
    "max": max,
    "abs": abs,
    "round2": round2,
}


@dataclass(frozen=True)
class Expression:
    source: str
    tree: ast.Expression
    names: frozenset[str]

    def evaluate(self, env: Mapping[str, Any]) -> Any:
        return _eval(self.tree.body, env)


def compile_expression(source: str) -> Expression:
    try:
        tree = ast.parse(source, mode="eval")
    except SyntaxError as exc:
        raise ExpressionError(f"biểu thức “{source}” sai cú pháp") from exc
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Name):
            if node.id not in _FUNCTIONS and node.id not in ("True", "False"):
                names.add(node.id)
        elif isinstance(node, ast.Call):
            if not isinstance(node.func, ast.Name) or node.func.id not in _FUNCTIONS or node.keywords:
                raise ExpressionError(f"biểu thức “{source}” gọi hàm không được phép")
        elif not isinstance(
            node,
            ast.Expression
            | ast.BinOp
            | ast.UnaryOp
            | ast.Compare
            | ast.BoolOp
            | ast.IfExp
            | ast.Constant
            | ast.Load
            | ast.operator
            | ast.unaryop
            | ast.cmpop
            | ast.boolop,
        ):
            raise ExpressionError(
                f"biểu thức “{source}” dùng cú pháp không được phép ({type(node).__name__})"
            )
        if isinstance(node, ast.BinOp) and type(node.op) not in _BINARY:
            raise ExpressionError(f"biểu thức “{source}” dùng phép toán không được phép")
        if isinstance(node, ast.UnaryOp) and not isinstance(node.op, ast.USub | ast.Not):
            raise ExpressionError(f"biểu thức “{source}” dùng phép toán không được phép")
        if isinstance(node, ast.Constant) and not isinstance(node.value, int | float | bool):
            raise ExpressionError(f"biểu thức “{source}” chỉ được dùng hằng số là số")
    return Expression(source, tree, frozenset(names))


def _eval(node: ast.AST, env: Mapping[str, Any]) -> Any:
    if isinstance(node, ast.Constant):
        return node.value if isinstance(node.value, bool) else to_decimal(node.value)
    if isinstance(node, ast.Name):
        if node.id in ("True", "False"):
            return node.id == "True"
        if node.id not in env or env[node.id] is None:
            raise MissingValue(node.id)
        value = env[node.id]
        return value if isinstance(value, bool) else to_decimal(value)
    if isinstance(node, ast.BinOp):
        left, right = _eval(node.left, env), _eval(node.right, env)
        if isinstance(node.op, ast.Div) and right == 0:
            raise DivisionByZero("chia cho 0")
        return _BINARY[type(node.op)](to_decimal(left), to_decimal(right))
    if isinstance(node, ast.UnaryOp):
        value = _eval(node.operand, env)
        return (not value) if isinstance(node.op, ast.Not) else -to_decimal(value)
    if isinstance(node, ast.Compare):
        left = _eval(node.left, env)
        for op, comparator in zip(node.ops, node.comparators, strict=True):
            right = _eval(comparator, env)
            if not _COMPARE[type(op)](left, right):
                return False
            left = right
        return True
    if isinstance(node, ast.BoolOp):
        if isinstance(node.op, ast.And):
            return all(bool(_eval(v, env)) for v in node.values)
        return any(bool(_eval(v, env)) for v in node.values)
    if isinstance(node, ast.IfExp):
        return _eval(node.body, env) if _eval(node.test, env) else _eval(node.orelse, env)
    if isinstance(node, ast.Call):
        assert isinstance(node.func, ast.Name)
        args = [_eval(a, env) for a in node.args]
        return _FUNCTIONS[node.func.id](*args)
    raise ExpressionError(f"không đánh giá được nút {type(node).__name__}")  # pragma: no cover


__all__ = ["Decimal", "DivisionByZero", "Expression", "ExpressionError", "MissingValue", "compile_expression"]
