"""The unit a person is working on now (the unit switcher).

The active unit only narrows what pages show by default; what a person may see
and do is still decided by all their grants (``permissions.grants_for``).
"""

from __future__ import annotations

from typing import Any
from weakref import WeakKeyDictionary

from django.http import HttpRequest

from tiepcan.accounts.chrome import chrome_for

SESSION_KEY = "active_unit_id"

# A person's units, as instances of this request (the menu, the switcher and the page all ask).
_units_of_request: WeakKeyDictionary[HttpRequest, list[Any]] = WeakKeyDictionary()


def assignment_units(request: HttpRequest) -> list[Any]:
    """The units the person holds an active role at, by level then name: read from the database
    once per grants stamp (``chrome.chrome_for``), fresh instances for each request."""
    cached = _units_of_request.get(request)
    if cached is None:
        cached = chrome_for(request.user).units()
        _units_of_request[request] = cached
    return cached


def active_unit_choices(request: HttpRequest) -> list[Any]:
    return assignment_units(request)


def current_active_unit(request: HttpRequest) -> Any:
    units = assignment_units(request)
    if not units:
        return None
    wanted = request.session.get(SESSION_KEY)
    for unit in units:
        if unit.pk == wanted:
            return unit
    return units[0]


def set_active_unit(request: HttpRequest, unit_id: int) -> bool:
    if any(unit.pk == unit_id for unit in assignment_units(request)):
        request.session[SESSION_KEY] = unit_id
        return True
    return False
