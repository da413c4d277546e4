"""The filters of the assessment lists: the review queue of a period and the council's page.

Each list is built by one function here (``queue_filter``, ``council_filter``); the page, its
spreadsheet export and the API call it, so they show the same rows (docs/development.md).
"""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import Q, QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tiepcan.accounts.choices import Action
from tiepcan.assessments import queue
from tiepcan.assessments.choices import Status
from tiepcan.assessments.models import Assessment, AssessmentPeriod
from tiepcan.core.filters import ScopedFilterSet, warn_ignored
from tiepcan.units.choices import COMMUNE_KINDS, UnitKind
from tiepcan.units.models import Unit

NOT_SENT = "chua-gui"
LATE = "1"


class AreaFilterSet(ScopedFilterSet):
    """Dossiers of one period, narrowed to an area: a district, current or former (queue.areas)."""

    khu_vuc = django_filters.ChoiceFilter(
        label=_("Khu vực"), empty_label=_("Tất cả khu vực"), method="filter_area"
    )

    def __init__(self, *args: Any, period: AssessmentPeriod, **kwargs: Any) -> None:
        self.period = period
        self.districts: list[Unit] = queue.areas(period)
        super().__init__(*args, **kwargs)
        self.filters["khu_vuc"].extra["choices"] = [(str(d.pk), d.name) for d in self.districts]

    @property
    def area(self) -> Unit | None:
        return queue.pick(self.districts, str(self.value("khu_vuc")))

    def filter_area(self, queryset: QuerySet[Assessment], name: str, value: str) -> QuerySet[Assessment]:
        area = queue.pick(self.districts, value)
        return queryset if area is None else queue.in_area(queryset, area)


class StepFilterSet(ScopedFilterSet):
    """Kind of commune and step: the filters of the review queue that need no period.

    The API's assessment list (across periods) uses these as they are; ``QueueFilter`` adds
    the period's areas and lateness.
    """

    loai = django_filters.ChoiceFilter(
        label=_("Loại đơn vị"),
        field_name="unit__kind",
        choices=[(k, UnitKind(k).label) for k in COMMUNE_KINDS],
    )
    trang_thai = django_filters.ChoiceFilter(
        label=_("Bước"), choices=[(NOT_SENT, _("Chưa gửi hồ sơ")), *Status.choices], method="filter_status"
    )

    class Meta:
        model = Assessment
        fields = ["loai", "trang_thai"]

    def filter_status(self, queryset: QuerySet[Assessment], name: str, value: str) -> QuerySet[Assessment]:
        if value == NOT_SENT:
            return queryset.filter(status__in=queue.NOT_SENT)
        return queryset.filter(status=value)


class QueueFilter(AreaFilterSet, StepFilterSet):
    """The review queue of a period: area, kind of commune, lateness and step."""

    tre_han = django_filters.ChoiceFilter(
        label=_("Chỉ hồ sơ trễ hạn"), choices=[(LATE, _("Trễ hạn"))], method="filter_late"
    )

    class Meta:
        model = Assessment
        fields = ["khu_vuc", "loai", "tre_han", "trang_thai"]

    def filter_late(self, queryset: QuerySet[Assessment], name: str, value: str) -> QuerySet[Assessment]:
        today = timezone.localdate()
        return queryset.filter(
            queue.late_q(self.period, today) | Q(pk__in=queue.late_returned_ids(self.period, today))
        )


def queue_filter(request: HttpRequest, period: AssessmentPeriod) -> QueueFilter:
    """The dossiers of ``period`` the person may read, filtered by the query string."""
    assessments = (
        Assessment.objects.for_user(request.user, Action.VIEW).filter(period=period).select_related("unit")
    )
    return QueueFilter(request.GET, queryset=assessments, period=period)


def council_area(
    request: HttpRequest, districts: list[Unit], default_area: int | None = None, *, warn: bool = True
) -> Unit | None:
    """The area the council list shows (``council_filter``'s ``.area``) among ``districts`` (read
    already), with ``warn_invalid``'s message (``warn``) when the query string names none of them:
    the ``khu_vuc`` filter's choice, checked without building the filter set."""
    value = request.GET.get("khu_vuc") if "khu_vuc" in request.GET else default_area
    if value is None or value == "":
        return None
    area = queue.pick(districts, str(value))
    if area is None and warn:
        warn_ignored(request, AreaFilterSet.base_filters["khu_vuc"].label)
    return area


class CouncilFilter(AreaFilterSet):
    """The dossiers before the council: forwarded ones, by area."""

    class Meta:
        model = Assessment
        fields = ["khu_vuc"]


def council_filter(
    request: HttpRequest, period: AssessmentPeriod, default_area: int | None = None
) -> CouncilFilter:
    """The forwarded dossiers of ``period`` the person may read, by area.

    A council member seated for an area starts on that area (``default_area``) when the query
    string names none; an empty ``khu_vuc`` shows all areas.
    """
    data = request.GET.copy()
    if "khu_vuc" not in data and default_area is not None:
        data["khu_vuc"] = str(default_area)
    dossiers = Assessment.objects.for_user(request.user, Action.VIEW).filter(
        period=period, status=Status.FORWARDED
    )
    return CouncilFilter(data, queryset=dossiers, period=period)


def minutes_filter(request: HttpRequest, period: AssessmentPeriod, meeting: Any = None) -> CouncilFilter:
    """The rows of the council's minutes, by area: the dossiers of ``period`` still awaiting a
    conclusion and, for recorded minutes (``meeting``), those it concluded on, which stay on their
    pages (read only) while the other rows are added."""
    shown = Q(status=Status.FORWARDED)
    if meeting is not None:
        shown |= Q(recommendation__meeting=meeting)
    dossiers = Assessment.objects.for_user(request.user, Action.VIEW).filter(shown, period=period)
    return CouncilFilter(request.GET, queryset=dossiers, period=period)
