"""The filters of the people list (docs/development.md, "List filters")."""

from __future__ import annotations

import django_filters
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from tiepcan.accounts.choices import Action, Role
from tiepcan.accounts.models import User, UserQuerySet
from tiepcan.core.filters import ScopedFilterSet


class UserFilter(ScopedFilterSet):
    q = django_filters.CharFilter(label=_("Tìm"), method="filter_text")
    vai_tro = django_filters.ChoiceFilter(label=_("Vai trò"), choices=Role.choices, method="filter_role")

    class Meta:
        model = User
        fields = ["q", "vai_tro"]

    def filter_text(self, queryset: UserQuerySet, name: str, value: str) -> UserQuerySet:
        return queryset.search(value)

    def filter_role(self, queryset: UserQuerySet, name: str, value: str) -> UserQuerySet:
        return queryset.filter(roles__role=value).distinct()


def user_filter(request: HttpRequest) -> UserFilter:
    """The people the person manages, filtered by name and role."""
    users = User.objects.for_user(request.user, Action.MANAGE_USERS)
    return UserFilter(
        request.GET, queryset=users.order_by("name_sort", "username").prefetch_related("roles__unit")
    )
