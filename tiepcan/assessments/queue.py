"""The reviewers' queue of a period: filters by step, area and lateness.

*Area* is the district a commune belongs to: its parent before the 2025 merger, or, for the
communes in force since 1/7/2025 (which sit directly under the province), the former district
of the communes merged into it. Reviewers of a province still split their work that way.

*Late* means the deadline of the step the dossier is waiting at has passed: not yet sent
after the dossier deadline, waiting for review after the review deadline, at the council after
the council deadline, recommended but not yet decided after the recognition deadline. A step's
deadline is the period's date as typed, else the framework's fixed day as it ends on the working
calendar (``step_due``: carried over a day off, Bộ luật Dân sự 2015 Điều 148 khoản 5).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, Protocol

from django.db.models import Exists, Max, OuterRef, Q, QuerySet
from django.utils import timezone

from tiepcan.assessments import procedure
from tiepcan.assessments.choices import Status
from tiepcan.assessments.models import Assessment, AssessmentPeriod, Transition
from tiepcan.lib.text import sort_key_str
from tiepcan.units.choices import UnitLevel
from tiepcan.units.models import Unit, UnitSuccession, path_ids
from tiepcan.workdays.calendar import working_calendar

NOT_SENT = (Status.DRAFT, Status.APPROVED, Status.POSTED, Status.RETURNED)

# The deadline each waiting step answers to, in the order of the cycle.
STEP_DEADLINES: tuple[tuple[tuple[str, ...], str], ...] = (
    (NOT_SENT, "dossier_due"),
    ((Status.SUBMITTED,), "review_due"),
    ((Status.FORWARDED,), "council_due"),
    ((Status.RECOMMENDED, Status.NOT_RECOMMENDED), "recognition_due"),
)


# When the period leaves a deadline empty, the framework's fixed day for the step applies
# (QĐ 25/2021 Điều 5 khoản 2, 3: dossiers before 10 January, recognition before 10 February).
FRAMEWORK_STEPS = {"dossier_due": "dossier", "recognition_due": "recognition"}


def step_due(period: AssessmentPeriod, field: str) -> procedure.Due | None:
    """The last day of a step: the period's own date as the administrator typed it (the province's
    decision, never moved), else the framework's fixed day as it ends on the working calendar
    (carried over a day off: Bộ luật Dân sự 2015 Điều 148 khoản 5; ``procedure.yearly_due``)."""
    day = getattr(period, field)
    if day is not None:
        return procedure.Due(day, "", "")
    if field in FRAMEWORK_STEPS:
        return procedure.yearly_due(period, FRAMEWORK_STEPS[field])
    return None


def deadline_for(period: AssessmentPeriod, status: str) -> date | None:
    for statuses, field in STEP_DEADLINES:
        if status in statuses:
            due = step_due(period, field)
            return due.day if due is not None else None
    return None


def late_q(period: AssessmentPeriod, today: date) -> Q:
    """Assessments waiting at a step whose deadline is before ``today`` (an empty Q never matches).

    Where the framework gives a supplement limit, a returned dossier answers to it instead
    (``late_returned_ids``): it is left out here.
    """
    late = late_statuses(period, today)
    return Q(status__in=sorted(late)) if late else Q(pk__in=[])


def late_statuses(period: AssessmentPeriod, today: date) -> set[str]:
    """The statuses whose step's deadline is before ``today`` (``late_q`` as a set, for counts
    already grouped by status)."""

    own_limit = "supplement" in procedure.rules_of(period)
    late: set[str] = set()
    for statuses, field in STEP_DEADLINES:
        due = step_due(period, field)
        if due is not None and today > due.day:
            late.update(s for s in statuses if not (own_limit and s == Status.RETURNED))
    return late


def areas(period: AssessmentPeriod) -> list[Unit]:
    """The province's districts, current and former, by Vietnamese name.

    A province formed by the 2025 merger keeps its former provinces as rows of their own, with
    their districts under them: those districts are its areas too.
    """
    province = period.province
    # A district's parent is its province: the former provinces' districts in the same statement.
    former = UnitSuccession.objects.filter(successor=province, predecessor__level=UnitLevel.PROVINCE)
    under = Q(path__startswith=province.path) | Q(parent_id__in=former.values("predecessor_id"))
    return list(Unit.objects.filter(under, level=UnitLevel.DISTRICT).order_by("name_sort"))


def pick(districts: list[Unit], value: str | None) -> Unit | None:
    """The district a request names (by id), if it is one of ``districts``; anything else is ignored."""
    return next((d for d in districts if str(d.pk) == value), None)


def in_area(assessments: QuerySet[Assessment], area: Unit) -> QuerySet[Assessment]:
    merged_from_area = UnitSuccession.objects.filter(
        successor=OuterRef("unit_id"), predecessor__path__startswith=area.path
    )
    return assessments.filter(Q(unit__path__startswith=area.path) | Q(Exists(merged_from_area)))


class UnitPath(Protocol):
    """What ``area_names`` reads of a unit (a ``Unit``, or its id and path read as values)."""

    @property
    def pk(self) -> Any: ...

    @property
    def path(self) -> str: ...


def area_names(units: Sequence[UnitPath], districts: list[Unit]) -> dict[int, str]:
    """Unit id → its district's name (several, joined, when a new commune spans two)."""
    by_id = {d.pk: d for d in districts}

    def district_of(path: str) -> int | None:
        ids = path_ids(path)
        return ids[1] if len(ids) >= 3 and ids[1] in by_id else None

    found: dict[int, list[int]] = {}
    for unit in units:
        own = district_of(unit.path)
        if own is not None:
            found[unit.pk] = [own]
    newer = [u.pk for u in units if u.pk not in found]
    if newer:
        for successor_id, predecessor_path in UnitSuccession.objects.filter(
            successor_id__in=newer
        ).values_list("successor_id", "predecessor__path"):
            district = district_of(predecessor_path)
            if district is not None and district not in found.setdefault(successor_id, []):
                found[successor_id].append(district)
    return {
        unit_id: ", ".join(sorted((by_id[d].name for d in ids), key=sort_key_str))
        for unit_id, ids in found.items()
        if ids
    }


@dataclass(frozen=True)
class Lateness:
    due: date
    days: int


def lateness(period: AssessmentPeriod, status: str, today: date) -> Lateness | None:
    due = deadline_for(period, status)
    if due is None or today <= due:
        return None
    return Lateness(due=due, days=(today - due).days)


@dataclass(frozen=True)
class Deadline:
    """The last day of the step a dossier waits at, and how many days are left (negative: late)."""

    due: date
    days_left: int
    supplement: bool = False
    nominal: date | None = None  # the framework's day, when ``due`` is carried over a day off

    @property
    def late(self) -> bool:
        return self.days_left < 0

    @property
    def days_late(self) -> int:
        return -self.days_left


def returned_on(assessments: list[Assessment]) -> dict[int, date]:
    """The day each returned dossier was last returned (the supplement request), in one query."""
    ids = [a.pk for a in assessments if a.status == Status.RETURNED]
    if not ids:
        return {}
    rows = (
        Transition.objects.filter(assessment_id__in=ids, to_status=Status.RETURNED)
        .values("assessment_id")
        .annotate(last=Max("created_at"))
        .values_list("assessment_id", "last")
    )
    return {pk: timezone.localdate(last) for pk, last in rows}


def deadline(
    period: AssessmentPeriod, status: str, today: date, returned: date | None = None, calendar: Any = None
) -> Deadline | None:
    """The deadline a dossier in ``status`` answers to: the period's, else the framework's.

    A returned dossier answers to the supplement limit, counted in working days from the request
    (TT 09/2021/TT-BTP Điều 3 khoản 2 điểm a), when the framework gives one.
    """

    if status == Status.RETURNED and returned is not None:
        due = procedure.supplement_due_from(period, returned, calendar)
        if due is not None:
            return Deadline(due.day, (due.day - today).days, supplement=True)
    for statuses, field in STEP_DEADLINES:
        if status in statuses:
            found = step_due(period, field)
            if found is None:
                return None
            return Deadline(found.day, (found.day - today).days, nominal=found.nominal)
    return None


def late_returned_ids(period: AssessmentPeriod, today: date) -> list[int]:
    """Returned dossiers past their supplement limit (computed per dossier: working days)."""
    returned = list(Assessment.objects.filter(period=period, status=Status.RETURNED).only("pk", "status"))
    dates = returned_on(returned)
    calendar = calendar_for(dates)
    late = []
    for assessment in returned:
        found = deadline(period, Status.RETURNED, today, dates.get(assessment.pk), calendar)
        if found is not None and found.late:
            late.append(assessment.pk)
    return late


def calendar_for(dates: dict[int, date]) -> Any:
    """One working calendar covering these return dates (one read of the table), or None."""
    if not dates:
        return None

    return working_calendar(min(dates.values()), max(dates.values()))
