"""The one choke point for data access: querysets that know whose units they may show.

Every model that belongs to units gets its manager from :class:`ScopedQuerySet`
and names the path to its unit in ``scope_unit_field``. Views, form choices,
exports and API endpoints fetch through ``Model.objects.for_user(user, action)``;
:func:`get_for_user_or_404` turns "outside your units" into 404 and
"inside but not allowed" into 403.
"""

from __future__ import annotations

from typing import Any, Self

from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import Http404


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
    """

    def for_user(self, user: Any, action: str = "view") -> Self:
        from tiepcan.accounts.permissions import grants_for

        action = reading_action(self.model, action)
        grants = grants_for(user)
        if grants.is_global(action):
            return self
        return self.filter(grants.unit_q(action, self.model.scope_unit_field))


def get_for_user_or_404(
    queryset: ScopedQuerySet | type[models.Model], user: Any, action: str = "view", **lookup: Any
) -> Any:
    """Fetch one object the user may see; 404 if outside their units, 403 if ``action`` is not allowed."""
    if isinstance(queryset, type):
        queryset = queryset._default_manager.all()  # type: ignore[assignment]
    obj = queryset.for_user(user, "view").filter(**lookup).first()  # type: ignore[union-attr]
    if obj is None:
        raise Http404
    if action != "view" and not user_can(user, action, obj):
        raise PermissionDenied
    return obj


def unit_of(obj: models.Model) -> Any:
    """Follow the model's ``scope_unit_field`` to the unit the object belongs to."""
    path = getattr(type(obj), "scope_unit_field", None)
    if path is None:
        raise TypeError(f"{type(obj).__name__} does not declare scope_unit_field")
    target: Any = obj
    for part in [p for p in path.split("__") if p]:
        target = getattr(target, part)
        if target is None:
            return None
    return target


def user_can(user: Any, action: str, obj: models.Model) -> bool:
    from tiepcan.accounts.permissions import grants_for

    grants = grants_for(user)
    if grants.is_global(action):
        return True
    unit = unit_of(obj)
    return unit is not None and grants.allows(action, unit)
