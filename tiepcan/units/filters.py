"""The filters of the units list (docs/development.md, "List filters")."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from tiepcan.accounts.choices import Action
from tiepcan.core.filters import ScopedFilterSet
from tiepcan.lib.text import fold
from tiepcan.units.choices import UnitKind, UnitLevel
from tiepcan.units.models import Agency, Unit

ERA_CURRENT = "hien-hanh"
ERA_LEGACY = "truoc-2025"
ERAS = [(ERA_CURRENT, _("Hiện hành (từ 01/7/2025)")), (ERA_LEGACY, _("Trước 01/7/2025"))]


class UnitFilter(ScopedFilterSet):
    thoi_ky = django_filters.ChoiceFilter(label=_("Thời kỳ"), choices=ERAS, method="filter_era")
    loai = django_filters.ChoiceFilter(label=_("Loại"), choices=UnitKind.choices, field_name="kind")
    cap = django_filters.ChoiceFilter(label=_("Cấp"), choices=UnitLevel.choices, field_name="level")
    q = django_filters.CharFilter(label=_("Tìm"), method="filter_text")

    class Meta:
        model = Unit
        fields = ["thoi_ky", "loai", "cap", "q"]

    def filter_queryset(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        if self.value("thoi_ky") == "":  # the map in force unless the one before 2025 is asked for
            queryset = queryset.filter(valid_to__isnull=True)
        return super().filter_queryset(queryset)

    def filter_era(self, queryset: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        return queryset.filter(valid_to__isnull=value == ERA_CURRENT)

    def filter_text(self, queryset: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        return queryset.search(value)  # type: ignore[attr-defined]

    @property
    def era(self) -> str:
        return str(self.value("thoi_ky") or ERA_CURRENT)


def unit_filter(request: HttpRequest) -> UnitFilter:
    """The units the person may see, of the map in force or the one before 2025, by kind, level, name."""
    units = Unit.objects.for_user(request.user, Action.VIEW).select_related("parent")
    return UnitFilter(request.GET, queryset=units)


class AgencyFilter(ScopedFilterSet):
    q = django_filters.CharFilter(label=_("Tìm"), method="filter_text")

    class Meta:
        model = Agency
        fields = ["q"]

    def filter_text(self, queryset: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        return queryset.filter(name_search__contains=fold(value))


def agency_filter(request: HttpRequest) -> AgencyFilter:
    """The agencies the person may see (central bodies included), by name, diacritics ignored."""
    agencies = Agency.objects.for_user(request.user, Action.VIEW).select_related("unit")
    return AgencyFilter(request.GET, queryset=agencies)
