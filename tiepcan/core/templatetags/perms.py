"""``{% can "action" obj as name %}``: may the person of this request do ``action`` on ``obj``?

An action is a grant (``"manage_plan"``), backed by the same grants as the choke point
(:func:`tiepcan.core.scoping.user_can`), or a step with a rule (``"assessments.note"``,
:mod:`tiepcan.core.rules`) that also knows the object's status or the person's seat, the same
function the service checks before acting. So a template shows only the buttons a person can
use, without the view computing ``can_*`` flags. Without an object a grant asks whether the
person holds the action anywhere (a "new …" button).
"""

from __future__ import annotations

from typing import Any

from django import template

from tiepcan.core import rules
from tiepcan.core.scoping import grants_for, user_can

register = template.Library()


@register.simple_tag(takes_context=True)
def can(context: template.Context, action: str, obj: Any = None) -> bool:
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return False
    if rules.is_rule(action):
        return obj not in (None, "") and rules.allowed(user, action, obj)
    if obj is None or obj == "":
        return bool(grants_for(user).has_any(action))
    return user_can(user, action, obj)
