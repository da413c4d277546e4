"""Small helpers views share: action guards, pagination, search text."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Page, Paginator
from django.http import HttpRequest, HttpResponse

from tiepcan.core.scoping import grants_for

PAGE_SIZE = 50


def require_action(action: str) -> Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]]:
    """Signed in, and holding ``action`` somewhere; object views still scope their objects."""

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @login_required
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not grants_for(request.user).has_any(action):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


def flash_errors(request: HttpRequest, source: Any) -> None:
    """Show every message of a ValidationError, or every error of a bound form, as an error message."""
    if hasattr(source, "errors") and not hasattr(source, "messages"):
        texts = [text for errors in source.errors.values() for text in errors]
    else:
        texts = list(source.messages)
    for text in texts:
        messages.error(request, text)


def paginate(request: HttpRequest, queryset: Any, per_page: int = PAGE_SIZE) -> Page:
    return Paginator(queryset, per_page).get_page(request.GET.get("trang"))


def querystring_without_page(request: HttpRequest) -> str:
    params = request.GET.copy()
    params.pop("trang", None)
    return params.urlencode()
