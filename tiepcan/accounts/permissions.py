"""Grants: what a person may do where, loaded once per request (and shared while unchanged).

A :class:`Grants` is built from the person's active role assignments. For each
action it holds the unit path prefixes where the action is allowed; a role at
a unit covers the unit's subtree. Viewing also reaches the predecessors of
those units through every recorded merger (the communes merged into a new one in
2025, those merged into them in 2019–2021, and their subtrees), so history
survives the mergers; acting on them does not.
"""

from __future__ import annotations

import contextlib
import threading
from collections import OrderedDict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db.models import Q
from django.utils import timezone

from tiepcan.accounts.choices import Action, Role
from tiepcan.accounts.models import RoleAssignment
from tiepcan.core.scoping import SCOPED_MEMO_ATTR
from tiepcan.units import lineage
from tiepcan.units.models import path_ids

A = Action
# The finance officer and agency focal points work on the plan and the budget (DOMAIN.md §4):
# they read the plan's data (``view``) but not the communes' assessments, evidence and
# dossiers (``view_assessments``), which every role of the assessment cycle reads.
ROLE_ACTIONS: dict[str, frozenset[str]] = {
    Role.COMMUNE_OFFICER: frozenset({A.VIEW, A.VIEW_ASSESSMENTS, A.SELF_ASSESS, A.REPORT_PROGRESS}),
    Role.COMMUNE_CHAIRMAN: frozenset(
        {A.VIEW, A.VIEW_ASSESSMENTS, A.APPROVE_SELF_ASSESSMENT, A.REPORT_PROGRESS}
    ),
    Role.REVIEWER: frozenset({A.VIEW, A.VIEW_ASSESSMENTS, A.REVIEW}),
    Role.COUNCIL_MEMBER: frozenset({A.VIEW, A.VIEW_ASSESSMENTS, A.COUNCIL_SCORE}),
    Role.COUNCIL_SECRETARY: frozenset({A.VIEW, A.VIEW_ASSESSMENTS, A.COUNCIL_SCORE, A.COUNCIL_SECRETARY}),
    Role.RECOGNISING_AUTHORITY: frozenset({A.VIEW, A.VIEW_ASSESSMENTS, A.RECOGNISE}),
    Role.AGENCY_FOCAL_POINT: frozenset({A.VIEW, A.REPORT_PROGRESS}),
    Role.FINANCE_OFFICER: frozenset({A.VIEW, A.MANAGE_BUDGET}),
    Role.PROVINCE_ADMIN: frozenset(
        {
            A.VIEW,
            A.VIEW_ASSESSMENTS,
            A.MANAGE_UNITS,
            A.MANAGE_USERS,
            A.VIEW_AUDIT,
            A.MANAGE_FRAMEWORKS,
            A.MANAGE_PERIODS,
            A.IMPORT_RESULTS,
            A.MANAGE_PLAN,
            A.REVIEW,
        }
    ),
    Role.SYSTEM_ADMIN: frozenset(Action.values),
    # Least privilege: the national dashboard's aggregates and nothing of any province's own pages.
    Role.NATIONAL_VIEWER: frozenset({A.VIEW_NATIONAL}),
}

# Actions a role holds only when assigned *for an agency*: the finance officer of the Department
# of Finance reports on the tasks the plan gives that department (seed plan, Hoạt động II.4.2),
# but a finance officer held at a unit without an agency reports on nobody's tasks.
AGENCY_BOUND_ACTIONS: dict[str, frozenset[str]] = {Role.FINANCE_OFFICER: frozenset({A.REPORT_PROGRESS})}

# Actions a role holds over its whole unit even when assigned for an agency: the Department of
# Finance appraises every agency's estimate of the province, so a finance officer held *for* that
# department still appraises all of them (and reads them: ``BudgetQuerySet.for_user``). Its
# ``view`` stays its department's own: other agencies' plan tasks are not its business.
UNIT_WIDE_ACTIONS: dict[str, frozenset[str]] = {Role.FINANCE_OFFICER: frozenset({A.MANAGE_BUDGET})}

# Actions that read: they also reach the predecessors of a unit (history across the 2025 merger).
READ_ACTIONS = (A.VIEW, A.VIEW_ASSESSMENTS)

# Only roles whose holders may act outside any unit (no unit on the assignment).
GLOBAL_ROLES = frozenset({Role.SYSTEM_ADMIN, Role.NATIONAL_VIEWER})


@dataclass
class Grants:
    """The actions a person holds, as unit-path prefixes per action."""

    by_action: dict[str, set[str]] = field(default_factory=dict)
    global_actions: set[str] = field(default_factory=set)
    agency_ids: set[int] = field(default_factory=set)
    roles: set[str] = field(default_factory=set)
    # Unit prefixes from roles held *without* an agency, and agencies from roles held *for*
    # an agency: work owned by agencies (plan tasks) is scoped by these, so a focal point
    # sees their own agency's tasks, not every task of the province.
    unbound_by_action: dict[str, set[str]] = field(default_factory=dict)
    agency_ids_by_action: dict[str, set[int]] = field(default_factory=dict)

    def is_global(self, action: str) -> bool:
        return action in self.global_actions

    def prefixes(self, action: str) -> list[str]:
        return sorted(self.by_action.get(action, ()))

    def has_any(self, action: str) -> bool:
        return self.is_global(action) or bool(self.by_action.get(action))

    def allows(self, action: str, unit: Any) -> bool:
        if self.is_global(action):
            return True
        path = unit.path if hasattr(unit, "path") else str(unit)
        return any(path.startswith(prefix) for prefix in self.by_action.get(action, ()))

    def agency_q(self, action: str, agency_lookup: str) -> Q:
        """Rows owned by an agency: by the agency's unit (roles without agency) or the agency itself."""
        on = f"{agency_lookup}__" if agency_lookup else ""  # "" filters agencies themselves
        query = Q(pk__in=[])
        for prefix in _collapse(self.unbound_by_action.get(action, ())):
            query |= Q(**{f"{on}unit__path__startswith": prefix})
        ids = self.agency_ids_by_action.get(action)
        if ids:
            query |= Q(**{f"{agency_lookup}__in" if agency_lookup else "pk__in": sorted(ids)})
        return query

    def allows_agency(self, action: str, agency: Any) -> bool:
        if self.is_global(action):
            return True
        if agency.pk in self.agency_ids_by_action.get(action, ()):
            return True
        path = agency.unit.path if agency.unit_id else ""
        return bool(path) and any(path.startswith(p) for p in self.unbound_by_action.get(action, ()))

    def path_prefixes(self, action: str) -> list[str]:
        """The unit paths whose subtrees ``action`` covers, none inside another: what ``unit_q``
        filters on (``path__startswith`` each), for statements written by hand (council_reads)."""
        return _collapse(self.by_action.get(action, ()))

    def reaches(self, action: str, unit: Any) -> bool:
        """Whether ``reach_q(action, …)`` keeps a row of ``unit``: the unit is in scope or above it."""
        if self.is_global(action) or self.allows(action, unit):
            return True
        return any(unit.pk in path_ids(prefix) for prefix in self.by_action.get(action, ()))

    def reach_q(self, action: str, lookup: str) -> Q:
        """Units in scope *or above it*: provincial documents are read by the communes below."""
        ancestor_ids = {unit_id for prefix in self.by_action.get(action, ()) for unit_id in path_ids(prefix)}
        query = self.unit_q(action, lookup)
        if ancestor_ids:
            query |= Q(**{f"{lookup}_id__in" if lookup else "pk__in": sorted(ancestor_ids)})
        return query

    def unbound_unit_q(self, action: str, lookup: str) -> Q:
        """Like ``unit_q``, from roles held without an agency only (an agency's focal point is not
        granted its whole unit's rows by holding the role there)."""
        field_name = f"{lookup}__path__startswith" if lookup else "path__startswith"
        query = Q(pk__in=[])
        for prefix in _collapse(self.unbound_by_action.get(action, ())):
            query |= Q(**{field_name: prefix})
        return query

    def unit_q(self, action: str, lookup: str) -> Q:
        """A filter keeping rows whose unit (reached through ``lookup``) is in scope."""
        field_name = f"{lookup}__path__startswith" if lookup else "path__startswith"
        query = Q(pk__in=[])
        for prefix in self.path_prefixes(action):
            query |= Q(**{field_name: prefix})
        return query


def _collapse(prefixes: Iterable[str]) -> list[str]:
    """Drop prefixes already covered by a shorter one, to keep the SQL small."""
    kept: list[str] = []
    for prefix in sorted(set(prefixes), key=len):
        if not any(prefix.startswith(k) for k in kept):
            kept.append(prefix)
    return kept


def build_grants(user: Any) -> Grants:
    """Load a person's grants in two queries (assignments, then predecessors)."""
    grants = Grants()
    if user is None or not user.is_authenticated or not user.is_active:
        return grants
    if user.is_superuser:
        grants.global_actions = set(Action.values)
        grants.roles.add(Role.SYSTEM_ADMIN)
        return grants
    # Plain tuples, not model instances: this runs on every request (autosave included).
    assignments = list(
        RoleAssignment.objects.active()
        .filter(user=user)
        .order_by()
        .values_list("role", "agency_id", "unit_id", "unit__path")
    )
    unit_ids: set[int] = set()
    for role, agency_id, unit_id, unit_path in assignments:
        grants.roles.add(role)
        actions = ROLE_ACTIONS.get(role, frozenset())
        if agency_id:
            grants.agency_ids.add(agency_id)
            actions = actions | AGENCY_BOUND_ACTIONS.get(role, frozenset())
        if unit_id is None:
            if role in GLOBAL_ROLES:
                grants.global_actions |= set(actions)
            continue
        unit_ids.add(unit_id)
        unit_wide = UNIT_WIDE_ACTIONS.get(role, frozenset())
        for action in actions:
            grants.by_action.setdefault(action, set()).add(unit_path)
            if agency_id and action not in unit_wide:
                grants.agency_ids_by_action.setdefault(action, set()).add(agency_id)
            else:
                grants.unbound_by_action.setdefault(action, set()).add(unit_path)
    if unit_ids:
        # History across mergers: people of a unit may read what its predecessors recorded
        # (DOMAIN.md §3), through every recorded merger (2025, and the 2019–2021 ones an
        # administrator recorded), in one query whatever the depth; but not act on it.
        root_paths = {unit_id: unit_path for _role, _agency, unit_id, unit_path in assignments if unit_id}
        chains = lineage.predecessors(unit_ids)
        for action in READ_ACTIONS:
            prefixes = grants.by_action.get(action)
            if not prefixes:
                continue
            for root, steps in chains.items():
                if any(root_paths[root].startswith(p) for p in prefixes):
                    prefixes.update(step.path for step in steps)
    return grants


_CACHE_ATTR = "_tiepcan_grants"

# Grants shared by the requests of this process, keyed by what they were built from: the person,
# their grants stamp (a new random one, in the same transaction, whenever an assignment of theirs,
# a unit's path or a succession changes: the triggers of accounts migration 0004) and the day
# (assignments start and end on dates). Every request reads the person's row, stamp included,
# so a change made by any process is seen by the next request of every process, with no message
# between processes; entries of old stamps are never looked up again and age out. A cached
# Grants is shared: callers read it and never change it.
_SHARED_MAX = 4096
_shared: OrderedDict[tuple[int, int, date], Grants] = OrderedDict()
_shared_lock = threading.Lock()


def _shared_key(user: Any) -> tuple[int, int, date] | None:
    stamp = getattr(user, "grants_stamp", None)
    if stamp is None or user.pk is None or not user.is_active or user.is_superuser:
        return None  # nothing to share: no stamp read, or nothing to build (no query)
    return (user.pk, stamp, timezone.localdate())


def _load(user: Any) -> Grants:
    key = _shared_key(user) if user.is_authenticated else None
    if key is None:
        return build_grants(user)
    with _shared_lock:
        grants = _shared.get(key)
        if grants is not None:
            _shared.move_to_end(key)
            return grants
    grants = build_grants(user)
    with _shared_lock:
        _shared[key] = grants
        while len(_shared) > _SHARED_MAX:
            _shared.popitem(last=False)
    return grants


def grants_for(user: Any) -> Grants:
    """The user's grants, kept on the user object for the rest of the request and shared by the
    process's requests while the person's grants stamp and the day stay the same."""
    if user is None:
        return Grants()
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is None:
        cached = _load(user)
        # AnonymousUser may refuse new attributes; then grants are rebuilt (cheaply: no query).
        with contextlib.suppress(AttributeError):
            setattr(user, _CACHE_ATTR, cached)
    return cached


def forget_grants(user: Any) -> None:
    """Build this person's grants again on next use (their assignments just changed in this request).

    The stamp the triggers gave them is read again: the instance still holds the one it was read with.
    """
    for attr in (_CACHE_ATTR, SCOPED_MEMO_ATTR):
        if hasattr(user, attr):
            delattr(user, attr)
    if getattr(user, "pk", None) is not None and hasattr(user, "grants_stamp"):
        stamp = type(user)._default_manager.filter(pk=user.pk).values_list("grants_stamp", flat=True).first()
        if stamp is not None:
            user.grants_stamp = stamp


def clear_shared_grants() -> None:
    """Empty this process's shared grants (tests; never needed for correctness)."""
    with _shared_lock:
        _shared.clear()
