"""The scoring engine: framework definitions as data, scores with reasons, verdicts and gaps.

Pure Python, no Django. Public API::

    load_definition(text_or_path_or_dict) -> Definition
    validate(definition) -> list[Problem]                 # line-precise, Vietnamese
    compile_framework(definition) -> CompiledFramework    # validated, cached
    check_values(definition, values, partial=False, only=None) -> list[ValueProblem]
    score(definition, values, facts=None, unit_class=None, partial=False) -> ScoreResult
    judge(definition, criterion_points, facts=None, unit_class=None, satisfaction=None) -> ScoreResult

Values are ``{"values": {indicator: {field: value}}, "not_arisen": [indicator, …]}``.
"""

from tiepcan.lib.engine.definition import (
    CompiledFramework,
    Definition,
    DefinitionError,
    Problem,
    compile_framework,
    load_definition,
    validate,
)
from tiepcan.lib.engine.numbers import round2, vn
from tiepcan.lib.engine.scoring import ScoreResult, ValueProblem, ValuesError, check_values, judge, score

__all__ = [
    "CompiledFramework",
    "Definition",
    "DefinitionError",
    "Problem",
    "ScoreResult",
    "ValueProblem",
    "ValuesError",
    "check_values",
    "compile_framework",
    "judge",
    "load_definition",
    "round2",
    "score",
    "validate",
    "vn",
]
