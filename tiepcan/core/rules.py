"""Rules: may this person take this step on this object, now?

A grant says what a person may do in a unit (``user_can``); whether the step is open also
depends on the object: a dossier's status, a seat on the council. Each step has one rule, a
function registered by the app that owns it. It returns nothing when the step is open to the
person, raises ``PermissionDenied`` when the person may not take it, and ``ValidationError``
(with the reason, in Vietnamese) when the object is not in a state that allows it.

The services call :func:`check` before they act, and the ``{% can "app.step" obj as x %}`` tag
calls :func:`allowed`, so a page shows exactly the buttons the server will accept.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError

Rule = Callable[[Any, Any], None]
_RULES: dict[str, Rule] = {}


def rule(name: str) -> Callable[[Rule], Rule]:
    """Register the rule of a step (``"assessments.note"``); one function per step."""

    def register(function: Rule) -> Rule:
        if _RULES.get(name, function) is not function:
            raise ValueError(f"Two rules for {name}")
        _RULES[name] = function
        return function

    return register


def is_rule(name: str) -> bool:
    return name in _RULES


def check(user: Any, name: str, obj: Any) -> None:
    """Raise ``PermissionDenied`` or ``ValidationError`` unless ``user`` may take step ``name`` on ``obj``."""
    _RULES[name](user, obj)


def check_person(user: Any, name: str, obj: Any) -> None:
    """Raise ``PermissionDenied`` when ``user`` may not take the step at all; a refusal because of
    the object's state passes, for the service to give its reason on the form (a POST that the
    page would not have offered, such as a report on a task cancelled meanwhile)."""
    with contextlib.suppress(ValidationError):
        _RULES[name](user, obj)


def allowed(user: Any, name: str, obj: Any) -> bool:
    """Whether the step is open to ``user`` on ``obj`` (what a page asks before showing its button)."""
    try:
        _RULES[name](user, obj)
    except (PermissionDenied, ValidationError):
        return False
    return True


def require(condition: bool) -> None:
    """The person may not take the step (403): for the grant part of a rule."""
    if not condition:
        raise PermissionDenied
