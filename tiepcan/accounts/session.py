"""The unit a person is working on now (the unit switcher).

The active unit only narrows what pages show by default; what a person may see
and do is still decided by all their grants (``permissions.grants_for``).
"""

from __future__ import annotations

from typing import Any
from weakref import WeakKeyDictionary

from django.http import HttpRequest

from tiepcan.accounts.models import RoleAssignment

SESSION_KEY = "active_unit_id"

# A person's units, read once per request (the menu, the switcher and the page all ask).
_units_of_request: WeakKeyDictionary[HttpRequest, list[Any]] = WeakKeyDictionary()


def assignment_units(request: HttpRequest) -> list[Any]:
    cached = _units_of_request.get(request)
    if cached is None:
        seen: dict[int, Any] = {}
        rows = (
            RoleAssignment.objects.active()
            .filter(user=request.user, unit__isnull=False)
            .select_related("unit")
        )
        for row in rows:
            seen.setdefault(row.unit_id, row.unit)
        cached = sorted(seen.values(), key=lambda unit: (unit.level, unit.name_sort))
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
