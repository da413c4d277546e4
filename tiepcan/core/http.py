"""Request types for views, so mypy knows what the middleware has attached.

Django types ``request.user`` as a user *or* the anonymous user; behind ``login_required``,
``require_action`` or ``ActionRequiredMixin`` it is always a signed-in ``User``. A view so guarded
annotates its request as ``AuthenticatedHttpRequest`` (a class-based view declares
``request: AuthenticatedHttpRequest``) instead of narrowing ``request.user`` line by line.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.http import HttpRequest

if TYPE_CHECKING:
    from django_htmx.middleware import HtmxDetails

    from tiepcan.accounts.models import User


class HtmxHttpRequest(HttpRequest):
    """A request that went through django-htmx's middleware (every request does: see settings)."""

    htmx: HtmxDetails


class AuthenticatedHttpRequest(HtmxHttpRequest):
    """A request of a signed-in person: only for views that refuse the anonymous first."""

    user: User
