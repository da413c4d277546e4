"""Request types for views, so mypy knows what the middleware has attached.

``HtmxHttpRequest``: every request goes through django-htmx's middleware. A signed-in
person's request is ``tiepcan.accounts.http.AuthenticatedHttpRequest``: it names the ``User``
model, and core knows no domain app.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.http import HttpRequest

if TYPE_CHECKING:
    from django_htmx.middleware import HtmxDetails


class HtmxHttpRequest(HttpRequest):
    """A request that went through django-htmx's middleware (every request does: see settings)."""

    htmx: HtmxDetails
