"""Rule parameters of the wrong type are problems of the definition, never a crash of the validator.

The framework editor lets an administrator type a rule as YAML: every shape of parameter
must come back as a Vietnamese problem (the import path benefits the same way).
"""

from __future__ import annotations

import copy
from typing import Any

import pytest

from tiepcan.lib.engine import validate
from tiepcan.lib.engine.definition import RULE_KEYS, RULE_OPTIONAL
from tiepcan.lib.tests.engine_helpers import flag, framework, indicator

WEIRD: list[Any] = [
    5,
    "x",
    None,
    [],
    {},
    [1],
    ["a"],
    {"a": 1},
    [{"min": "x", "points": "y"}],
    [{"min": None}],
    True,
    -1,
]


@pytest.mark.parametrize("kind", sorted(RULE_KEYS))
def test_every_parameter_of_every_rule_kind_is_checked_without_a_crash(kind: str) -> None:
    fw = framework([indicator({"kind": "boolean", "field": "ok"}, [flag("ok")])])
    for key in sorted(RULE_KEYS[kind] | RULE_OPTIONAL[kind]):
        for value in WEIRD:
            rule = {"kind": kind, **dict.fromkeys(RULE_KEYS[kind], "ok"), key: value}
            data = copy.deepcopy(fw)
            data["criteria"][0]["indicators"][0]["rule"] = rule
            assert isinstance(validate(data), list)


def test_a_threshold_of_the_wrong_type_is_named_in_vietnamese() -> None:
    fw = framework([indicator({"kind": "boolean", "field": "ok"}, [flag("ok")])])
    fw["criteria"][0]["indicators"][0]["rule"] = {
        "kind": "steps",
        "value": "ok",
        "steps": [{"min": "x", "points": 1}],
    }
    assert [(p.path, p.message) for p in validate(fw)] == [
        ("criteria[0].indicators[0].rule.steps[0].min", "sai kiểu dữ liệu (cần số)")
    ]


def test_infinite_points_are_refused() -> None:
    fw = framework([indicator({"kind": "boolean", "field": "ok"}, [flag("ok")])])
    fw["criteria"][0]["indicators"][0]["max_points"] = float("inf")
    assert "không phải là số hữu hạn" in [p.message for p in validate(fw)]
