"""The public pages' frame (``portal/base_public.html``: the header, the scripts), rendered once per
process and language rather than by the template engine on every request.

The results page and a commune's history cache their content per results version; what was left of
a cold request besides it was the frame: about a millisecond of template work (the base template's
blocks, the header's links, the assets) to print the same text for everyone. Those two pages print
nothing of the request in their frame (they empty the CSRF blocks: nothing posts from them), so the
frame is the template rendered once with markers for the title and the body, cut there, and joined
with each page's. A request with messages to show (after signing out, say) is rendered by the
template as before: the messages are printed and marked as read.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.autoreload import file_changed
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from tiepcan.lib.text import escape_html

# Stand for the title and the body in the rendering that is kept (no page prints these).
_TITLE, _BODY = "tc-frame-title-7c1e9a", "tc-frame-body-7c1e9a"

_shells: dict[tuple[str, str], tuple[str, str, str]] = {}


@receiver(file_changed)
def _forget(sender: Any, file_path: Path, **kwargs: Any) -> None:
    """The development server reloads a changed template without restarting: so is the frame."""
    if file_path.suffix == ".html":
        _shells.clear()


def render_public(request: HttpRequest, template_name: str, *, name: str = "", body: str) -> HttpResponse:
    """``render(request, template_name, {"name": name, "body": body})`` for a template that extends
    ``portal/base_public.html`` with only ``{{ name }}`` (its title, escaped) and ``{{ body }}``
    (written by the view, already escaped) of its own, and empties the CSRF blocks."""
    # What the context processors would read: the person (the session, so the answer varies on the
    # cookie as before) and the messages (``{% if messages %}`` counts them, as here).
    request.user.is_authenticated  # noqa: B018 - read for its effect on the session, as above
    messages = getattr(request, "_messages", None)
    if messages is not None and len(messages):
        return render(request, template_name, {"name": name, "body": mark_safe(body)})  # noqa: S308
    key = (template_name, get_language())
    shell = _shells.get(key)
    if shell is None:
        text = render_to_string(template_name, {"name": _TITLE, "body": mark_safe(_BODY)})  # noqa: S308 - a constant
        head, rest = text.split(_TITLE, 1) if _TITLE in text else ("", text)
        middle, tail = rest.split(_BODY, 1)
        shell = _shells[key] = (head, middle, tail)
    head, middle, tail = shell
    if not head:  # the title is the template's own
        return HttpResponse(f"{middle}{body}{tail}")
    return HttpResponse(f"{head}{escape_html(name)}{middle}{body}{tail}")
