"""List filters: django-filter FilterSets over a person's scoped rows.

The convention (docs/development.md, "List filters"): every list page builds its rows with one
function of its app's ``filters.py``, ``<list>_filter(request, ...) -> <List>Filter``, whose
``.qs`` is the scoped queryset (``Model.objects.for_user(request.user, action)``) narrowed by
the query string. The page, its spreadsheet export and the API call that same function, so they
always show the same rows to the same person.

A value that does not parse (an unknown status, a year of forty nines, an area of another
province) is left out of the filtering, never a server error; ``warn_invalid`` tells the person
in Vietnamese which filter was ignored.
"""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any

import django_filters
from django import forms
from django.contrib import messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from tiepcan.core.choices import VIEW_AUDIT, AuditAction
from tiepcan.core.forms import DATE_INPUT_FORMATS
from tiepcan.core.models import AuditEntry


class ScopedFilterSet(django_filters.FilterSet):
    """A FilterSet whose queryset is already scoped to the person (``for_user``).

    ``filter_queryset_without(*names)`` gives the rows the other filters keep, for counts shown
    next to a filter (the step pills of the review queue count what their link would show).
    """

    def filter_queryset_without(self, *names: str) -> QuerySet[Any]:
        queryset = self.queryset.all()
        if not self.is_bound:
            return queryset
        self.errors  # noqa: B018 - validates the form, as FilterSet.qs does
        for name, value in self.form.cleaned_data.items():
            if name not in names:
                queryset = self.filters[name].filter(queryset, value)
        return queryset

    def value(self, name: str) -> Any:
        """The cleaned value of one filter ('' when absent or invalid)."""
        if not self.is_bound:
            return ""
        self.errors  # noqa: B018
        value = self.form.cleaned_data.get(name)
        return "" if value is None else value

    def warn_invalid(self, request: HttpRequest) -> None:
        """A Vietnamese message for each filter whose value was ignored."""
        if not self.is_bound:
            return
        for name in self.form.errors:
            field = self.form.fields.get(name)
            warn_ignored(request, field.label if field is not None and field.label else name)


def warn_ignored(request: HttpRequest, label: Any) -> None:
    """The message for a filter whose value was ignored (``label``: the filter's name shown)."""
    messages.warning(
        request, _("Bộ lọc “%(label)s” có giá trị không hợp lệ nên đã được bỏ qua.") % {"label": label}
    )


class YearFilter(django_filters.NumberFilter):
    """A year typed or picked in a list; anything but a whole number in range is ignored."""

    field_class = forms.IntegerField

    def __init__(self, *args: Any, low: int = 1, high: int = 9999, **kwargs: Any) -> None:
        kwargs.setdefault("min_value", low)
        kwargs.setdefault("max_value", high)
        super().__init__(*args, **kwargs)


class IdFilter(django_filters.NumberFilter):
    """A row id from a select box: a positive whole number within the database's integer range."""

    field_class = forms.IntegerField

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", 2**31 - 1)
        super().__init__(*args, **kwargs)


class AuditFilter(ScopedFilterSet):
    """The audit log's filters: the kind of object, the action, the object's id, who, and when."""

    doi_tuong = django_filters.CharFilter(label=_l("Đối tượng"), method="filter_model")
    hanh_dong = django_filters.ChoiceFilter(
        label=_l("Hành động"), choices=AuditAction.choices, field_name="action"
    )
    ma = django_filters.CharFilter(label=_l("Mã đối tượng"), field_name="object_id")
    nguoi = django_filters.CharFilter(
        label=_l("Người thực hiện"), field_name="actor_label", lookup_expr="icontains"
    )
    tu = django_filters.DateFilter(
        label=_l("Từ ngày"), method="filter_since", input_formats=DATE_INPUT_FORMATS
    )
    den = django_filters.DateFilter(
        label=_l("Đến ngày"), method="filter_until", input_formats=DATE_INPUT_FORMATS
    )

    class Meta:
        model = AuditEntry
        fields = ["doi_tuong", "hanh_dong", "ma", "nguoi", "tu", "den"]

    def filter_model(self, queryset: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        app_label, _dot, model_name = value.partition(".")
        return queryset.filter(content_type__app_label=app_label, content_type__model=model_name)

    def filter_since(self, queryset: QuerySet[Any], name: str, value: date) -> QuerySet[Any]:
        tz = timezone.get_current_timezone()
        return queryset.filter(timestamp__gte=datetime.combine(value, time.min, tzinfo=tz))

    def filter_until(self, queryset: QuerySet[Any], name: str, value: date) -> QuerySet[Any]:
        tz = timezone.get_current_timezone()
        return queryset.filter(timestamp__lte=datetime.combine(value, time.max, tzinfo=tz))


def audit_filter(request: HttpRequest) -> AuditFilter:
    """The audit entries of the person's units (``view_audit``), filtered by the query string."""
    entries = AuditEntry.objects.for_user(request.user, VIEW_AUDIT).select_related("content_type")
    return AuditFilter(request.GET, queryset=entries)
