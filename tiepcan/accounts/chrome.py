"""The page's frame for a signed-in person (the menu, the unit switcher), built once and shared.

Every signed-in page shows the menu of the person's grants and the units they hold roles at.
Both are built from what the grants are built from, so the process keeps them under the same
key as the grants (``permissions._shared_key``: the person, their grants stamp, the day) plus
the two flags of the person's row that change the menu without touching the stamp (superuser,
active). The stamp is on the person's row, which every request reads, and the database gives
it a new value in the same transaction as any change of an assignment, a unit's path or a
succession (accounts migration 0004): a role granted or revoked anywhere shows in the next page
of every process. A unit (or an agency) renamed keeps its old name in a process's switcher and
the home page's list of roles for at most ``TTL`` seconds (renames are rare and change nobody's rights). The active unit itself is read
from the session on every request, so switching shows at once.

The menu's markup is rendered once per set of entries, language and highlighted entry, and shared
by everyone whose menu has those entries. Kept entries are shared by the requests of the process:
callers never change them.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db import DEFAULT_DB_ALIAS
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import SafeString

from tiepcan.accounts.choices import Role
from tiepcan.accounts.models import RoleAssignment
from tiepcan.accounts.navigation import MENU, MenuItem, allowed_actions
from tiepcan.units.models import Unit

TTL = 300.0  # seconds: bounds how long a renamed unit keeps its old name in the switcher
_MAX = 4096
_UNIT_FIELDS = [f.attname for f in Unit._meta.concrete_fields]

Key = tuple[int, int, bool, bool, date]


@dataclass
class Chrome:
    """A person's menu entries (URLs reversed once) and the rows of the units they hold roles at."""

    menu: list[dict[str, Any]]
    unit_rows: list[tuple[Any, ...]]
    # The person's roles in force as the home page lists them: (role, unit's name, agency's name).
    role_rows: list[tuple[str, str, str]] = field(default_factory=list)
    built: float = field(default_factory=time.monotonic)
    # The end of the top bar (switcher, bell, the person's menu) per language, active unit, unread
    # count and name, with placeholders for the request's CSRF token and path (nav_end_html).
    ends: dict[tuple[Any, ...], str] = field(default_factory=dict)

    @property
    def signature(self) -> tuple[str, ...]:
        """The menu's URLs in order: two people with the same entries share its markup."""
        return tuple(c["url"] for item in self.menu for c in item.get("children", [item]))

    def roles(self) -> list[dict[str, Any]]:
        """The roles for the home page's "Vai trò của bạn" (the role's name in the request's language)."""
        return [
            {"label": Role(role).label, "unit": unit, "agency": agency}
            for role, unit, agency in self.role_rows
        ]

    def units(self) -> list[Unit]:
        """The units as fresh model instances (each request gets its own: nothing shared is changed)."""
        return [Unit.from_db(DEFAULT_DB_ALIAS, _UNIT_FIELDS, row) for row in self.unit_rows]


_kept: OrderedDict[Key, Chrome] = OrderedDict()
_lock = threading.Lock()


def _key(user: Any) -> Key | None:
    stamp = getattr(user, "grants_stamp", None)
    if stamp is None or user.pk is None:
        return None
    return (user.pk, stamp, bool(user.is_superuser), bool(user.is_active), timezone.localdate())


def chrome_for(user: Any) -> Chrome:
    """The person's frame, from this process's entry when their stamp and the day are unchanged."""
    key = _key(user)
    if key is not None:
        with _lock:
            kept = _kept.get(key)
            if kept is not None and time.monotonic() - kept.built < TTL:
                _kept.move_to_end(key)
                return kept
    chrome = _build(user)
    if key is not None:
        with _lock:
            _kept[key] = chrome
            _kept.move_to_end(key)
            while len(_kept) > _MAX:
                _kept.popitem(last=False)
    return chrome


def _build(user: Any) -> Chrome:
    allowed = allowed_actions(user)
    menu = [entry for entry in (_entry(item, allowed) for item in MENU) if entry]
    seen: dict[int, Unit] = {}
    # Every role in force (the home page lists them, with the agency's name), the units of the
    # switcher among them: one read for both.
    rows = list(
        RoleAssignment.objects.active()
        .filter(user=user)
        .select_related("unit", "agency")
        .order_by("role", "pk")
    )
    for row in rows:
        if row.unit is not None:
            seen.setdefault(row.unit_id, row.unit)
    units = sorted(seen.values(), key=lambda unit: (unit.level, unit.name_sort))
    return Chrome(
        menu=menu,
        unit_rows=[tuple(getattr(u, name) for name in _UNIT_FIELDS) for u in units],
        role_rows=[
            (row.role, row.unit.name if row.unit else "", row.agency.name if row.agency else "")
            for row in rows
        ],
    )


def _entry(item: MenuItem, allowed: set[str]) -> dict[str, Any] | None:
    if not item.shown(allowed):
        return None
    if item.children:
        children = [c for c in (_entry(child, allowed) for child in item.children) if c]
        if not children:
            return None
        return {"label": item.label, "icon": item.icon, "children": children}
    return {"label": item.label, "url": reverse(item.url_name), "icon": item.icon}


def _active(url: str, path: str) -> bool:
    return path == url or (url != "/" and path.startswith(url))


def menu_with_active(chrome: Chrome, path: str) -> list[dict[str, Any]]:
    """The entries with ``active`` set for the page at ``path`` (new dicts: the kept ones stay as they are)."""
    entries = []
    for item in chrome.menu:
        if "children" in item:
            children = [{**child, "active": _active(child["url"], path)} for child in item["children"]]
            entries.append({**item, "children": children, "active": any(c["active"] for c in children)})
        else:
            entries.append({**item, "active": _active(item["url"], path)})
    return entries


def highlighted(chrome: Chrome, path: str) -> tuple[str, ...]:
    """The URLs of the entries the page at ``path`` highlights: all the menu's markup depends on
    besides its entries and the language."""
    return tuple(url for url in chrome.signature if _active(url, path))


# The menu's markup per (entries, language, highlighted entries): shared by everyone with the
# same entries (a role's menu), so its size depends on the roles and pages, not the people.
_html: OrderedDict[tuple[tuple[str, ...], str, tuple[str, ...]], SafeString] = OrderedDict()
_HTML_MAX = 1024


def menu_html(chrome: Chrome, path: str, language: str) -> SafeString:
    """The menu's markup for the page at ``path``, rendered once per entries, language and highlight."""
    key = (chrome.signature, language, highlighted(chrome, path))
    with _lock:
        html = _html.get(key)
        if html is not None:
            _html.move_to_end(key)
            return html
    html = SafeString(
        render_to_string("partials/nav_menu.html", {"nav_menu": menu_with_active(chrome, path)})
    )
    with _lock:
        _html[key] = html
        while len(_html) > _HTML_MAX:
            _html.popitem(last=False)
    return html


# Placeholders of the request's CSRF token and path in a kept end of the top bar. Their "<" and ">"
# cannot come from any text the fragment shows (unit names, the person's name): those are escaped.
_CSRF_TOKEN = SafeString("<tc:csrf-token>")
_NEXT_PATH = SafeString("<tc:next-path>")
_ENDS_MAX = 16


def nav_end_html(
    chrome: Chrome,
    user: Any,
    units: list[Unit],
    active: Unit | None,
    language: str,
    csrf_token: str,
    path: str,
) -> SafeString:
    """The signed-in end of the top bar (``partials/nav_end.html``): rendered once per language, active
    unit, unread count and name of the person whose frame ``chrome`` is, then filled with this
    request's CSRF token and path (the forms' ``next``)."""
    key = (language, active.pk if active else None, user.unread_notifications, user.full_name, user.username)
    html = chrome.ends.get(key)
    if html is None:
        context = {
            "user": user,
            "unit_choices": units,
            "active_unit": active,
            "unread_notifications": user.unread_notifications,
            "csrf_token": _CSRF_TOKEN,
            "next_path": _NEXT_PATH,
        }
        html = render_to_string("partials/nav_end.html", context)
        if len(chrome.ends) >= _ENDS_MAX:
            chrome.ends.clear()
        chrome.ends[key] = html
    return SafeString(html.replace(_CSRF_TOKEN, escape(csrf_token)).replace(_NEXT_PATH, escape(path)))


def clear() -> None:
    """Forget every kept frame (tests; never needed for correctness)."""
    with _lock:
        _kept.clear()
        _html.clear()
