"""Navigation by role and the active unit, for every template."""

from __future__ import annotations

from functools import cache
from typing import Any

from django.http import HttpRequest
from django.middleware.csrf import get_token
from django.utils.functional import SimpleLazyObject
from django.utils.translation import get_language

from tiepcan.accounts import chrome
from tiepcan.accounts.session import active_unit_choices, current_active_unit


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    # Templates call callables when they resolve a variable: each value is computed the first time
    # a template uses it, once, and never for the htmx partials that do not show the menu. The
    # menu and the units come from the frame the process keeps per grants stamp (accounts/chrome.py).
    frame = cache(lambda: chrome.chrome_for(user))
    # One CSRF token for the page: the top bar's forms and the template's own (Django's processor would
    # mask another for the template).
    csrf_token = cache(lambda: get_token(request))
    active_unit = cache(lambda: current_active_unit(request))
    unit_choices = cache(lambda: active_unit_choices(request))
    return {
        "nav_menu": cache(lambda: chrome.menu_with_active(frame(), request.path)),
        "nav_menu_html": cache(lambda: chrome.menu_html(frame(), request.path, get_language())),
        "active_unit": active_unit,
        "unit_choices": unit_choices,
        # The end of the top bar (switcher, bell, the person's menu), kept with the frame.
        "nav_end_html": cache(
            lambda: chrome.nav_end_html(
                frame(),
                user,
                unit_choices(),
                active_unit(),
                get_language(),
                csrf_token(),
                request.get_full_path(),
            )
        ),
        "csrf_token": SimpleLazyObject(csrf_token),
        # Kept on the person's row by database triggers (accounts migration 0005): no query.
        "unread_notifications": user.unread_notifications,
    }
