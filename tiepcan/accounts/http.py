"""The request type of a signed-in person's views, so mypy knows what the middleware attached.

Django types ``request.user`` as a user *or* the anonymous user; behind ``login_required``,
``require_action`` or ``ActionRequiredMixin`` it is always a signed-in ``User``. A view so guarded
annotates its request as ``AuthenticatedHttpRequest`` (a class-based view declares
``request: AuthenticatedHttpRequest``) instead of narrowing ``request.user`` line by line. It lives
here, not in ``core``, because it names the ``User`` model (core knows no domain app).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from tiepcan.core.http import HtmxHttpRequest

if TYPE_CHECKING:
    from tiepcan.accounts.models import User


class AuthenticatedHttpRequest(HtmxHttpRequest):
    """A request of a signed-in person: only for views that refuse the anonymous first."""

    user: User
