"""The one choke point for data access: querysets that know whose units they may show.

Every model that belongs to units gets its manager from :class:`ScopedQuerySet`
and names the path to its unit in ``scope_unit_field``. Views, form choices,
exports and API endpoints fetch through ``Model.objects.for_user(user, action)``;
:func:`get_for_user_or_404` turns "outside your units" into 404 and
"inside but not allowed" into 403.

Core knows no domain: the grants a person holds are read through a provider that
the accounts app registers when it is ready (:func:`set_grants_provider`). A grants
object answers ``is_global(action)``, ``has_any(action)``, ``allows(action, unit)``
and ``unit_q(action, lookup)``.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from typing import Any, Self, cast

from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import Http404

_grants_provider: Callable[[Any], Any] | None = None


def set_grants_provider(provider: Callable[[Any], Any]) -> None:
    """Name the function that loads a person's grants (called by the accounts app's ``ready``)."""
    global _grants_provider  # set once at start-up, read on every request
    _grants_provider = provider


def grants_for(user: Any) -> Any:
    """The person's grants, from the provider the accounts app registered."""
    if _grants_provider is None:
        raise RuntimeError("No grants provider: is tiepcan.accounts in INSTALLED_APPS?")
    return _grants_provider(user)


def reading_action(model: type[models.Model], action: str) -> str:
    """The action that reading ``model`` takes: ``view``, unless the model asks for more.

    A model sets ``scope_view_action`` when reading its rows needs a narrower grant than
    ``view`` (communes' assessments need ``view_assessments``): every ``for_user(user,
    "view")`` on it, and so every ``get_for_user_or_404``, then asks for that action.
    """
    if action == "view":
        return getattr(model, "scope_view_action", action)
    return action


class ScopedQuerySet(models.QuerySet):
    """A queryset whose model declares how to reach its unit.

    ``scope_unit_field`` is the lookup path from the model to a ``units.Unit``
    ("" for Unit itself, "unit" for most models, "assessment__unit" deeper down).
    A row that lives inside another scoped row (a transition inside an assessment, a
    meeting inside a period) also names that row in ``scope_owner``: it is then visible
    exactly when its owner is, by the owner's own rules.
    """

    def for_user(self, user: Any, action: str = "view") -> Self:
        owner = getattr(self.model, "scope_owner", None)
        if owner:
            parent = self.model._meta.get_field(owner).related_model
            if not isinstance(parent, type):
                raise TypeError(f"{self.model.__name__}.{owner} is not a relation to a model")
            return self.filter(**{f"{owner}__in": scoped_rows(parent).for_user(user, action)})
        action = reading_action(self.model, action)
        grants = grants_for(user)
        if grants.is_global(action):
            return self
        return self.filter(grants.unit_q(action, scope_unit_field(self.model)))


def scoped_rows(model: type[models.Model]) -> ScopedQuerySet:
    """All rows of a scoped model, as the queryset that can narrow them with ``for_user``.

    A model scoped its own way (``User``: the people one manages, ``accounts.models``) has a
    ``for_user`` of its own without deriving from ``ScopedQuerySet``; it is accepted too.
    """
    rows = model._default_manager.all()
    if not callable(getattr(rows, "for_user", None)):
        raise TypeError(f"{model.__name__} has no scoped queryset")
    return cast(ScopedQuerySet, rows)


def scope_unit_field(model: type[models.Model]) -> str:
    """The lookup path from ``model`` to its unit, as the model declares it."""
    path = getattr(model, "scope_unit_field", None)
    if path is None:
        raise TypeError(f"{model.__name__} does not declare scope_unit_field")
    return path


def get_for_user_or_404(
    queryset: ScopedQuerySet | type[models.Model], user: Any, action: str = "view", **lookup: Any
) -> Any:
    """Fetch one object the user may see; 404 if outside their units, 403 if ``action`` is not allowed."""
    if isinstance(queryset, type):
        queryset = scoped_rows(queryset)
    scoped = queryset.for_user(user, "view").filter(**lookup)
    # By id, one row at most: no ordering to compile or join (a model's default ordering may
    # follow several relations: an assessment's goes through its period to the province).
    obj = next(iter(scoped.order_by()[:1]), None) if set(lookup) <= {"pk", "id"} else scoped.first()
    if obj is None:
        raise Http404
    if action != "view" and not user_can(user, action, obj):
        raise PermissionDenied
    return obj


def unit_of(obj: models.Model) -> Any:
    """Follow the model's ``scope_unit_field`` to the unit the object belongs to."""
    target: Any = obj
    for part in [p for p in scope_unit_field(type(obj)).split("__") if p]:
        target = getattr(target, part)
        if target is None:
            return None
    return target


def unit_path_of(obj: models.Model) -> str:
    """The path of the unit an object belongs to ("" when it belongs to none), for the audit."""
    if getattr(type(obj), "scope_unit_field", None) is None:
        return ""
    unit = unit_of(obj)
    return getattr(unit, "path", "") if unit is not None else ""


# Where ``user_can`` keeps, on the request's user object, the rows a queryset-decided action reaches.
SCOPED_MEMO_ATTR = "_tiepcan_scoped_pks"


def user_can(user: Any, action: str, obj: models.Model) -> bool:
    """Whether ``user`` may do ``action`` on ``obj`` (the grant at the object's unit).

    A model whose queryset narrows an action by more than the unit lists it in
    ``scope_queryset_actions`` (an agency's own work is done by the people who hold the role
    *for* that agency): ``for_user(user, action)`` then decides, so the answer here, in
    :func:`get_for_user_or_404` and in the ``{% can %}`` tag is the queryset's.
    """
    grants = grants_for(user)
    if grants.is_global(action):
        return True
    if action in getattr(type(obj), "scope_queryset_actions", ()):
        # One query per model and action for the rest of the request (kept on the request's user
        # object, never on the grants, which requests share), however many rows a page asks about.
        memo: dict[Any, set[Any]] = getattr(user, SCOPED_MEMO_ATTR, None) or {}
        key = (type(obj), action)
        if key not in memo:
            manager: Any = type(obj)._default_manager
            memo[key] = set(manager.for_user(user, action).values_list("pk", flat=True))
            with contextlib.suppress(AttributeError):
                setattr(user, SCOPED_MEMO_ATTR, memo)
        return obj.pk in memo[key]
    unit = unit_of(obj)
    return unit is not None and grants.allows(action, unit)
