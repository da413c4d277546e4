"""The council pages' reads as constant statements (issue 14).

Built through the ORM, the council list's seven scoped querysets cost more CPU to build and
compile than the database spends answering them (docs/results.md, "Issue 14 council pass"). Here
each statement is written once, as ``accounts/signed_in.py`` writes the session's and the person's,
and only its parameters change from request to request.

**The scoping is the querysets', parameter for parameter.** ``Assessment.objects.for_user(user,
"view")`` keeps the rows whose commune's path starts with one of the person's prefixes for
``view_assessments`` (``Grants.path_prefixes``, the same collapsed list ``Grants.unit_q`` turns into
``path__startswith`` filters, with the database's own ``LIKE`` and escaping); the same prefixes go
into these statements as parameters, so the same rows come back. The period is read by id and kept
only if ``AssessmentPeriod.objects.for_user`` would keep it (``Grants.reaches``: the province or
above the person's units); its members and meetings are scoped by their period
(``scope_owner``), so those of a period the person reaches are exactly the ones the querysets keep.
A system administrator (a global grant) reads without a prefix, as ``for_user`` does.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import Field, Model
from django.http import Http404

from tiepcan.accounts.choices import Action
from tiepcan.accounts.models import User
from tiepcan.assessments.choices import Status
from tiepcan.assessments.models import (
    Assessment,
    AssessmentPeriod,
    CouncilMeeting,
    CouncilMembership,
    CouncilRecommendation,
    CouncilScore,
    Evidence,
)
from tiepcan.core.scoping import grants_for, reading_action, user_can
from tiepcan.frameworks.models import FrameworkVersion
from tiepcan.lib.engine.numbers import MAX_ID
from tiepcan.units.choices import UnitLevel
from tiepcan.units.models import Unit, UnitSuccession

_A = Assessment._meta.db_table
_U = Unit._meta.db_table
_S = CouncilScore._meta.db_table
_SUCC = UnitSuccession._meta.db_table
_REC = CouncilRecommendation._meta.db_table
_MEM = CouncilMembership._meta.db_table
_MEET = CouncilMeeting._meta.db_table
_ATT = CouncilMeeting.attendees.through._meta.db_table
_PERIOD = AssessmentPeriod._meta.db_table
_FW = FrameworkVersion._meta.db_table
_USER = User._meta.db_table


def _concrete(model: type[Model], exclude: tuple[str, ...] = ()) -> list[Field[Any, Any]]:
    return [f for f in model._meta.concrete_fields if f.name not in exclude]


def _columns(alias: str, fields: list[Field[Any, Any]]) -> str:
    # Quoted: some columns are words of SQL ("values"). PostgreSQL and SQLite quote alike.
    return ", ".join(f'{alias}."{f.column}"' for f in fields)


# What each statement's columns are, model by model: the converters of the database in use are
# worked out once per connection (SQLite returns dates as text and booleans as integers).
_CONVERTERS: dict[tuple[str, int], list[list[tuple[int, list[Any], Any]]]] = {}


def _converted(
    key: int, parts: list[tuple[type[Model], list[Field[Any, Any]]]], rows: list[tuple[Any, ...]], alias: str
) -> list[list[list[Any]]]:
    """Each row cut into one list of values per part, each value through its field's converters."""
    connection = connections[alias]
    found = _CONVERTERS.get((alias, key))
    if found is None:
        found = []
        for model, fields in parts:
            table = model._meta.db_table
            converters = []
            for index, field in enumerate(fields):
                column = field.get_col(table)
                functions = connection.ops.get_db_converters(column) + column.get_db_converters(connection)
                if functions:
                    converters.append((index, functions, column))
            found.append(converters)
        _CONVERTERS[(alias, key)] = found
    result = []
    for row in rows:
        start, cut = 0, []
        for (_model, fields), converters in zip(parts, found, strict=True):
            values = list(row[start : start + len(fields)])
            start += len(fields)
            for index, functions, column in converters:
                for convert in functions:
                    values[index] = convert(values[index], column, connection)
            cut.append(values)
        cut.append(list(row[start:]))  # annotations, as the database returns them
        result.append(cut)
    return result


def _fetch(sql: str, params: list[Any], alias: str = DEFAULT_DB_ALIAS) -> list[tuple[Any, ...]]:
    with connections[alias].cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _instance(model: type[Model], fields: list[Field[Any, Any]], values: list[Any], alias: str) -> Any:
    """A model instance as the ORM makes it from a row (``fields`` not read are deferred)."""
    if values[[f.primary_key for f in fields].index(True)] is None:
        return None  # a LEFT JOIN that found nothing
    return model.from_db(alias, [f.attname for f in fields], values)


# --- The period -----------------------------------------------------------------------------------

_PERIOD_FIELDS = _concrete(AssessmentPeriod)
_UNIT_FIELDS = _concrete(Unit)  # a province, a member's area, a district
# The framework's definition is read only when this process has not compiled that version yet.
_FRAMEWORK_FIELDS = _concrete(FrameworkVersion, exclude=("definition", "source_text"))
_PERIOD_SQL = (
    f"SELECT {_columns('p', _PERIOD_FIELDS)}, {_columns('u', _UNIT_FIELDS)}, "  # noqa: S608 (model names)
    f"{_columns('f', _FRAMEWORK_FIELDS)} FROM {_PERIOD} p JOIN {_U} u ON u.id = p.province_id "
    f"JOIN {_FW} f ON f.id = p.framework_id WHERE p.id = %s"
)


def period(user: Any, pk: int, action: str = Action.VIEW) -> AssessmentPeriod:
    """``get_for_user_or_404(AssessmentPeriod…, user, action, pk=pk)`` with its province and framework:
    404 outside the person's reach, 403 inside it without ``action``."""
    if not 0 < pk <= MAX_ID:  # a typed id beyond the column: no row (SQLite's driver would raise)
        raise Http404
    rows = _converted(
        1,
        [(AssessmentPeriod, _PERIOD_FIELDS), (Unit, _UNIT_FIELDS), (FrameworkVersion, _FRAMEWORK_FIELDS)],
        _fetch(_PERIOD_SQL, [pk]),
        DEFAULT_DB_ALIAS,
    )
    if not rows:
        raise Http404
    found: AssessmentPeriod = _instance(AssessmentPeriod, _PERIOD_FIELDS, rows[0][0], DEFAULT_DB_ALIAS)
    province = _instance(Unit, _UNIT_FIELDS, rows[0][1], DEFAULT_DB_ALIAS)
    found.province = province
    found.framework = _instance(FrameworkVersion, _FRAMEWORK_FIELDS, rows[0][2], DEFAULT_DB_ALIAS)
    if not grants_for(user).reaches(Action.VIEW, province):  # PeriodQuerySet.for_user(user, "view")
        raise Http404
    if action != Action.VIEW and not user_can(user, action, found):
        raise PermissionDenied
    return found


# --- The members and the areas --------------------------------------------------------------------

_SEAT_FIELDS = _concrete(CouncilMembership)
_USER_FIELDS = _concrete(User)
_MEMBERS_SQL = (
    f"SELECT {_columns('m', _SEAT_FIELDS)}, {_columns('us', _USER_FIELDS)}, {_columns('a', _UNIT_FIELDS)} "  # noqa: S608
    f"FROM {_MEM} m JOIN {_USER} us ON us.id = m.user_id LEFT JOIN {_U} a ON a.id = m.area_id "
    "WHERE m.period_id = %s"
)


def members(found: AssessmentPeriod) -> list[CouncilMembership]:
    """The council's members of a period the person reaches (``period``), each with its person and
    area: ``CouncilMembership.objects.for_user(user).filter(period=…).select_related("user", "area")``."""
    seats = []
    for seat_values, user_values, area_values, _rest in _converted(
        2,
        [(CouncilMembership, _SEAT_FIELDS), (User, _USER_FIELDS), (Unit, _UNIT_FIELDS)],
        _fetch(_MEMBERS_SQL, [found.pk]),
        DEFAULT_DB_ALIAS,
    ):
        seat = _instance(CouncilMembership, _SEAT_FIELDS, seat_values, DEFAULT_DB_ALIAS)
        seat.user = _instance(User, _USER_FIELDS, user_values, DEFAULT_DB_ALIAS)
        seat.area = _instance(Unit, _UNIT_FIELDS, area_values, DEFAULT_DB_ALIAS)
        seat.period = found
        seats.append(seat)
    return seats


_AREAS_SQL = (
    f"SELECT {_columns('d', _UNIT_FIELDS)} FROM {_U} d WHERE d.level = %s AND (d.path {{like}} "  # noqa: S608
    f"OR d.parent_id IN (SELECT s.predecessor_id FROM {_SUCC} s JOIN {_U} pu ON pu.id = s.predecessor_id "
    "WHERE s.successor_id = %s AND pu.level = %s)) ORDER BY d.name_sort ASC"
)


def areas(found: AssessmentPeriod) -> list[Unit]:
    """``queue.areas(period)``: the province's districts, current and former, by Vietnamese name."""
    connection = connections[DEFAULT_DB_ALIAS]
    sql = _AREAS_SQL.format(like=_like(connection))
    province = found.province
    rows = _fetch(
        sql, [UnitLevel.DISTRICT, _prefix(connection, province.path), province.pk, UnitLevel.PROVINCE]
    )
    return [
        _instance(Unit, _UNIT_FIELDS, values[0], DEFAULT_DB_ALIAS)
        for values in _converted(3, [(Unit, _UNIT_FIELDS)], rows, DEFAULT_DB_ALIAS)
    ]


def _like(connection: Any) -> str:
    """The database's ``startswith`` operator, as Django's ``path__startswith`` writes it."""
    return connection.operators["startswith"] % "%s"


def _prefix(connection: Any, path: str) -> str:
    return f"{connection.ops.prep_for_like_query(path)}%"


# --- The dossiers before the council --------------------------------------------------------------


@dataclass
class Dossiers:
    """The forwarded dossiers of a period that a person may read (``filters.council_filter``'s
    ``.qs``), narrowed to an area: the WHERE clause and its parameters, over ``a`` (the assessment)
    and ``u`` (its commune)."""

    where: str
    params: list[Any]
    scope: str  # the person's scope alone (the council's counts are over every status)
    scope_params: list[Any]
    area: str
    area_params: list[Any]


def dossiers(user: Any, found: AssessmentPeriod, area: Unit | None) -> Dossiers:
    connection = connections[DEFAULT_DB_ALIAS]
    like = _like(connection)
    grants = grants_for(user)
    action = reading_action(Assessment, Action.VIEW)
    if grants.is_global(action):
        scope, scope_params = "", []
    else:
        prefixes = grants.path_prefixes(action)
        # Q(pk__in=[]) when none: no row, as the queryset (which sends no query at all).
        scope = " AND (" + (" OR ".join(f"u.path {like}" for _p in prefixes) or "1 = 0") + ")"
        scope_params = [_prefix(connection, p) for p in prefixes]
    if area is None:
        area_sql, area_params = "", []
    else:  # queue.in_area: the area's communes, and the new communes merged from them
        # Model names and the database's operator; the values are parameters.
        area_sql = (
            f" AND (u.path {like} OR EXISTS(SELECT 1 FROM {_SUCC} s JOIN {_U} pu ON pu.id = s.predecessor_id "  # noqa: S608
            f"WHERE s.successor_id = a.unit_id AND pu.path {like}))"
        )
        area_params = [_prefix(connection, area.path)] * 2
    return Dossiers(
        where=f"a.period_id = %s AND a.status = %s{scope}{area_sql}",
        params=[found.pk, Status.FORWARDED, *scope_params, *area_params],
        scope=scope,
        scope_params=scope_params,
        area=area_sql,
        area_params=area_params,
    )


@dataclass
class Row:
    """One row of the council list."""

    pk: int
    unit_name: str
    total: Decimal | None
    recognisable: bool
    round: int
    n_scored: int
    scored_by_me: bool


_ROW_FIELDS = [f for f in _concrete(Assessment) if f.name in ("id", "total", "recognisable", "round")]
_NAME_FIELDS = [f for f in _concrete(Unit) if f.name == "name"]


class Page:
    """The list's rows as Django's ``Paginator`` reads them: ``count()`` and a slice, each one
    statement (the count, then the page of rows with the members' count and the person's own)."""

    def __init__(self, found: Dossiers, user_id: int) -> None:
        self.found, self.user_id = found, user_id

    def count(self) -> int:
        sql = f"SELECT COUNT(*) FROM {_A} a JOIN {_U} u ON u.id = a.unit_id WHERE {self.found.where}"  # noqa: S608
        return int(_fetch(sql, self.found.params)[0][0])

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, window: slice) -> list[Row]:
        start, stop = window.start or 0, window.stop
        sql = (
            f"SELECT {_columns('a', _ROW_FIELDS)}, u.name, "  # noqa: S608 (model names)
            f"(SELECT COUNT(DISTINCT s.member_id) FROM {_S} s WHERE s.assessment_id = a.id), "
            f"EXISTS(SELECT 1 FROM {_S} s WHERE s.assessment_id = a.id AND s.member_id = %s) "
            f"FROM {_A} a JOIN {_U} u ON u.id = a.unit_id WHERE {self.found.where} "
            "ORDER BY u.name_sort ASC, a.id ASC LIMIT %s OFFSET %s"
        )
        rows = _fetch(sql, [self.user_id, *self.found.params, stop - start, start])
        return [
            Row(
                pk=values[0][0],
                total=values[0][1],
                recognisable=values[0][2],
                round=values[0][3],
                unit_name=values[1][0],
                n_scored=int(values[2][0]),
                scored_by_me=bool(values[2][1]),
            )
            for values in _converted(
                4, [(Assessment, _ROW_FIELDS), (Unit, _NAME_FIELDS)], rows, DEFAULT_DB_ALIAS
            )
        ]


def counts(user: Any, found: AssessmentPeriod, shown: Dossiers, member: bool) -> dict[str, int]:
    """The council's counts: dossiers awaiting a conclusion and concluded (all areas), and for a
    member how many of the dossiers shown (``shown``: the list's area) the member has scored."""
    scored = (
        f", COUNT(CASE WHEN a.status = %s{shown.area} AND EXISTS(SELECT 1 FROM {_S} s WHERE "  # noqa: S608
        "s.assessment_id = a.id AND s.member_id = %s) THEN 1 END)"
        if member
        else ""
    )
    sql = (
        f"SELECT COUNT(CASE WHEN a.status = %s THEN 1 END), COUNT(r.id){scored} FROM {_A} a "  # noqa: S608
        f"JOIN {_U} u ON u.id = a.unit_id LEFT JOIN {_REC} r ON r.assessment_id = a.id "
        f"WHERE a.period_id = %s{shown.scope}"
    )
    params: list[Any] = [Status.FORWARDED]
    if member:
        params += [Status.FORWARDED, *shown.area_params, user.pk]
    row = _fetch(sql, [*params, found.pk, *shown.scope_params])[0]
    result = {"awaiting": int(row[0]), "concluded": int(row[1])}
    if member:
        result["scored"] = int(row[2])
    result["total"] = result["awaiting"] + result["concluded"]
    return result


# --- The meetings ---------------------------------------------------------------------------------

_MEETING_FIELDS = _concrete(CouncilMeeting)
_CHAIR_FIELDS = _concrete(User)
_MEETINGS_SQL = (
    f"SELECT {_columns('m', _MEETING_FIELDS)}, {_columns('c', _CHAIR_FIELDS)}, "  # noqa: S608 (model names)
    f"(SELECT COUNT(DISTINCT t.user_id) FROM {_ATT} t WHERE t.councilmeeting_id = m.id), "
    f"(SELECT COUNT(DISTINCT r.id) FROM {_REC} r WHERE r.meeting_id = m.id AND r.recommend = %s), "
    f"(SELECT COUNT(DISTINCT r.id) FROM {_REC} r WHERE r.meeting_id = m.id AND r.recommend = %s) "
    f"FROM {_MEET} m LEFT JOIN {_USER} c ON c.id = m.chaired_by_id WHERE m.period_id = %s"
    "{open} ORDER BY m.held_on DESC, m.id DESC"
)


def meetings(found: AssessmentPeriod, *, open_only: bool = False) -> list[CouncilMeeting]:
    """The meetings of a period the person reaches (``period``), with the person chairing and their
    counts of attendees and of rows each way (``views.council._meetings``); ``open_only``: those
    nobody has signed yet."""
    sql = _MEETINGS_SQL.format(
        open=" AND m.chair_signed_at IS NULL AND m.secretary_signed_at IS NULL" if open_only else ""
    )
    shown = []
    for meeting_values, chair_values, extra in _converted(
        5,
        [(CouncilMeeting, _MEETING_FIELDS), (User, _CHAIR_FIELDS)],
        _fetch(sql, [True, False, found.pk]),
        DEFAULT_DB_ALIAS,
    ):
        meeting = _instance(CouncilMeeting, _MEETING_FIELDS, meeting_values, DEFAULT_DB_ALIAS)
        meeting.chaired_by = _instance(User, _CHAIR_FIELDS, chair_values, DEFAULT_DB_ALIAS)
        meeting.period = found
        meeting.n_attendees, meeting.n_recommended, meeting.n_not_recommended = (int(n) for n in extra)
        shown.append(meeting)
    return shown


# --- One dossier's scoring page -------------------------------------------------------------------

_DOSSIER_FIELDS = _concrete(Assessment, exclude=("not_arisen",))
_COMMUNE_FIELDS = _concrete(Unit)


def dossier(user: Any, pk: int) -> Assessment:
    """``get_for_user_or_404(Assessment.objects.select_related("unit").defer("not_arisen"), user,
    "view", pk=pk)``: 404 outside the person's units."""
    if not 0 < pk <= MAX_ID:  # as period()
        raise Http404
    connection = connections[DEFAULT_DB_ALIAS]
    grants = grants_for(user)
    action = reading_action(Assessment, Action.VIEW)
    if grants.is_global(action):
        scope, params = "", []
    else:
        prefixes = grants.path_prefixes(action)
        scope = " AND (" + (" OR ".join(f"u.path {_like(connection)}" for _p in prefixes) or "1 = 0") + ")"
        params = [_prefix(connection, p) for p in prefixes]
    sql = (
        f"SELECT {_columns('a', _DOSSIER_FIELDS)}, {_columns('u', _COMMUNE_FIELDS)} FROM {_A} a "  # noqa: S608
        f"JOIN {_U} u ON u.id = a.unit_id WHERE a.id = %s{scope}"
    )
    rows = _converted(
        6,
        [(Assessment, _DOSSIER_FIELDS), (Unit, _COMMUNE_FIELDS)],
        _fetch(sql, [pk, *params]),
        DEFAULT_DB_ALIAS,
    )
    if not rows:
        raise Http404
    found: Assessment = _instance(Assessment, _DOSSIER_FIELDS, rows[0][0], DEFAULT_DB_ALIAS)
    found.unit = _instance(Unit, _COMMUNE_FIELDS, rows[0][1], DEFAULT_DB_ALIAS)
    return found


def neighbours(shown: Dossiers, assessment: Assessment) -> tuple[int | None, int | None, int]:
    """``council.neighbours``: the dossiers before and after ``assessment`` among ``shown`` in the
    list's order (commune name, then id), and how many come before it; two statements."""
    name = assessment.unit.name_sort
    before_sql = (
        f"SELECT COUNT(*) FROM {_A} a JOIN {_U} u ON u.id = a.unit_id WHERE {shown.where} "  # noqa: S608
        "AND (u.name_sort < %s OR (u.name_sort = %s AND a.id < %s))"
    )
    before = int(_fetch(before_sql, [*shown.params, name, name, assessment.pk])[0][0])
    start = max(0, before - 1)
    window_sql = (
        f"SELECT a.id FROM {_A} a JOIN {_U} u ON u.id = a.unit_id WHERE {shown.where} "  # noqa: S608
        "ORDER BY u.name_sort ASC, a.id ASC LIMIT %s OFFSET %s"
    )
    window = [row[0] for row in _fetch(window_sql, [*shown.params, before + 2 - start, start])]
    previous = window[0] if before and window else None
    following = next((pk for pk in window[before - start :] if pk != assessment.pk), None)
    return previous, following, before


@dataclass
class Score:
    """One member's points for one indicator (``CouncilScore`` as ``values_list(named=True)``)."""

    member_id: int
    indicator: str
    points: Decimal
    reason: str


_SCORE_FIELDS = [f for f in _concrete(CouncilScore) if f.name in ("member", "indicator", "points", "reason")]
_SCORES_SQL = f"SELECT {_columns('s', _SCORE_FIELDS)} FROM {_S} s WHERE s.assessment_id = %s"  # noqa: S608
_EVIDENCE_FIELDS = [
    f for f in _concrete(Evidence) if f.name in ("id", "assessment", "indicator", "title", "file", "link")
]
_EVIDENCE_SQL = (
    f"SELECT {_columns('e', _EVIDENCE_FIELDS)} FROM {Evidence._meta.db_table} e "  # noqa: S608
    "WHERE e.assessment_id = %s ORDER BY e.indicator ASC, e.id ASC"
)


def scores(assessment: Assessment) -> list[Score]:
    """The members' scores of a dossier the person reads (``dossier``): its own rows by its id."""
    by_name = {f.name: i for i, f in enumerate(_SCORE_FIELDS)}
    return [
        Score(
            member_id=values[0][by_name["member"]],
            indicator=values[0][by_name["indicator"]],
            points=values[0][by_name["points"]],
            reason=values[0][by_name["reason"]],
        )
        for values in _converted(
            7, [(CouncilScore, _SCORE_FIELDS)], _fetch(_SCORES_SQL, [assessment.pk]), DEFAULT_DB_ALIAS
        )
    ]


def evidence(assessment: Assessment) -> list[Evidence]:
    """The evidence of a dossier the person reads (``dossier``), by indicator."""
    return [
        _instance(Evidence, _EVIDENCE_FIELDS, values[0], DEFAULT_DB_ALIAS)
        for values in _converted(
            8, [(Evidence, _EVIDENCE_FIELDS)], _fetch(_EVIDENCE_SQL, [assessment.pk]), DEFAULT_DB_ALIAS
        )
    ]


# --- The minutes page -----------------------------------------------------------------------------

_LISTED_FIELDS = [f for f in _concrete(Assessment) if f.name in ("id", "status", "unit")]
_LISTED_UNIT_FIELDS = [f for f in _concrete(Unit) if f.name in ("id", "name")]
_RECORDED_FIELDS = [
    f
    for f in _concrete(CouncilRecommendation)
    if f.name
    in ("id", "recommend", "votes_for", "votes_against", "votes_abstain", "verdict", "meeting", "assessment")
]
_RECOMMENDATION = Assessment._meta.get_field("recommendation")


class MinutesPage:
    """The minutes' rows as Django's ``Paginator`` reads them (``filters.minutes_filter``'s ``.qs``
    with each dossier's commune and recommendation): the dossiers awaiting a conclusion that the
    person may read, in an area, and on a recorded meeting's page those it concluded on."""

    def __init__(self, shown: Dossiers, meeting: CouncilMeeting | None) -> None:
        # ``shown.where`` keeps forwarded dossiers only: a meeting's own rows are added here.
        self.where = f"a.period_id = %s AND (a.status = %s{' OR r.meeting_id = %s' if meeting else ''})"
        self.params = [
            shown.params[0],
            Status.FORWARDED,
            *([meeting.pk] if meeting else []),
            *shown.scope_params,
            *shown.area_params,
        ]
        self.where += f"{shown.scope}{shown.area}"

    def count(self) -> int:
        sql = (
            f"SELECT COUNT(*) FROM {_A} a JOIN {_U} u ON u.id = a.unit_id LEFT JOIN {_REC} r "  # noqa: S608
            f"ON r.assessment_id = a.id WHERE {self.where}"
        )
        return int(_fetch(sql, self.params)[0][0])

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, window: slice) -> list[Assessment]:
        start, stop = window.start or 0, window.stop
        sql = (
            f"SELECT {_columns('a', _LISTED_FIELDS)}, {_columns('u', _LISTED_UNIT_FIELDS)}, "  # noqa: S608
            f"{_columns('r', _RECORDED_FIELDS)} FROM {_A} a JOIN {_U} u ON u.id = a.unit_id "
            f"LEFT JOIN {_REC} r ON r.assessment_id = a.id WHERE {self.where} "
            "ORDER BY u.name_sort ASC, a.id ASC LIMIT %s OFFSET %s"
        )
        listed = []
        for values in _converted(
            9,
            [
                (Assessment, _LISTED_FIELDS),
                (Unit, _LISTED_UNIT_FIELDS),
                (CouncilRecommendation, _RECORDED_FIELDS),
            ],
            _fetch(sql, [*self.params, stop - start, start]),
            DEFAULT_DB_ALIAS,
        ):
            dossier = _instance(Assessment, _LISTED_FIELDS, values[0], DEFAULT_DB_ALIAS)
            dossier.unit = _instance(Unit, _LISTED_UNIT_FIELDS, values[1], DEFAULT_DB_ALIAS)
            recommendation = _instance(CouncilRecommendation, _RECORDED_FIELDS, values[2], DEFAULT_DB_ALIAS)
            _RECOMMENDATION.set_cached_value(dossier, recommendation)
            if recommendation is not None:
                recommendation.assessment = dossier
            listed.append(dossier)
        return listed


_AWAITING_SQL = f"SELECT COUNT(*) FROM {_A} a WHERE a.period_id = %s AND a.status = %s"  # noqa: S608


def awaiting(found: AssessmentPeriod) -> int:
    """``council.awaiting``: the period's dossiers still before the council without a conclusion
    (all of them, whoever reads: the minutes are signed only when none is left)."""
    return int(_fetch(_AWAITING_SQL, [found.pk, Status.FORWARDED])[0][0])
