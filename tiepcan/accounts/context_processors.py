"""Navigation by role and the active unit, for every template."""

from __future__ import annotations

from functools import cache
from typing import Any

from django.http import HttpRequest

from tiepcan.accounts.navigation import menu_for
from tiepcan.accounts.session import active_unit_choices, current_active_unit
from tiepcan.core.models import Notification


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    # Templates call callables when they resolve a variable: each value is computed the first time
    # a template uses it, once, and never for the htmx partials that do not show the menu.
    return {
        "nav_menu": cache(lambda: menu_for(request)),
        "active_unit": cache(lambda: current_active_unit(request)),
        "unit_choices": cache(lambda: active_unit_choices(request)),
        "unread_notifications": cache(lambda: Notification.objects.filter(user=user).unread().count()),
    }
