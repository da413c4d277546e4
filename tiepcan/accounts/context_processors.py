"""Navigation by role and the active unit, for every template."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from tiepcan.accounts.navigation import menu_for
from tiepcan.accounts.session import active_unit_choices, current_active_unit
from tiepcan.core.models import Notification


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {
        "nav_menu": menu_for(request),
        "active_unit": current_active_unit(request),
        "unit_choices": active_unit_choices(request),
        "unread_notifications": Notification.objects.filter(user=user).unread().count(),
    }
