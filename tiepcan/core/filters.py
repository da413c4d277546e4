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

from typing import Any

import django_filters
from django import forms
from django.contrib import messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _


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
            label = field.label if field is not None and field.label else name
            messages.warning(
                request,
                _("Bộ lọc “%(label)s” có giá trị không hợp lệ nên đã được bỏ qua.") % {"label": label},
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
