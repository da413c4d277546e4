"""What the portal publishes, as queries shared by its pages and the API's open data (tiepcan/api/v1.py).

Only what the law makes public: communes whose self-assessment is posted (or decided on), their
results and recognition decisions, and counts. Never drafts, evidence or reviewers' notes.

Everything reads result summary rows (:mod:`tiepcan.reports.summaries`), never an assessment's
JSON, and the pages cache what they build under :func:`cached`, keyed on the results version
that the services bump in the transaction of every change: right after a decision or a
revocation commits, the next request builds afresh.
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Callable, Mapping
from dataclasses import asdict, dataclass
from datetime import date
from typing import TYPE_CHECKING, Any, cast

from django.core.cache import cache
from django.db import connection
from django.db.models import Field, Model, QuerySet
from django.db.models.expressions import Col

from tiepcan.assessments.choices import Status
from tiepcan.assessments.models import AssessmentPeriod, DecisionEntry, RecognitionDecision
from tiepcan.lib.text import fold
from tiepcan.reports import aggregates, maps, summaries
from tiepcan.reports.models import BoundaryFile, ResultDistrict, ResultSummary, Source
from tiepcan.units import lineage as units_lineage
from tiepcan.units.choices import COMMUNE_KINDS, UnitLevel
from tiepcan.units.models import Unit, UnitSuccession

if TYPE_CHECKING:
    pass

PUBLIC = summaries.PUBLIC
CACHE_SECONDS = 6 * 3600  # a version never changes meaning: old keys just age out
# Bumped when what a cached build returns changes shape, so a deployment never serves an old one.
LAYOUT = 3


def cached[T](name: str, params: Any, build: Callable[[], T], *, version: int | None = None) -> T:
    """``build()`` cached under the results version (read here, one small query, unless given). A
    build that finds nothing (None: an address that is no page) is not kept."""
    digest = hashlib.sha256(repr(params).encode()).hexdigest()[:20]
    key = f"portal:{LAYOUT}:{summaries.version() if version is None else version}:{name}:{digest}"
    value = cache.get(key)
    if value is None:
        value = build()
        if value is not None:
            cache.set(key, value, CACHE_SECONDS)
    return value


# Outcome filter of the result list.
RECOGNISED, MET, NOT_MET, REVOKED, POSTED = "recognised", "met", "not_met", "revoked", "posted"


@dataclass(frozen=True)
class ResultFilter:
    """The public result list's filters; every field optional."""

    year: int | None = None
    province: str | None = None  # official code of the province
    district: int | None = None  # id of a former district (before 1/7/2025)
    kind: str | None = None
    query: str = ""
    outcome: str = ""

    def key(self) -> tuple[Any, ...]:
        return tuple(asdict(self).values())


def public_results() -> QuerySet[ResultSummary]:
    return ResultSummary.objects.public()


def results(f: ResultFilter) -> QuerySet[ResultSummary]:
    """Public results with the filters, newest year first, then province and commune by name."""
    rows = public_results().select_related("unit", "province", "district")
    if f.year is not None:
        rows = rows.filter(year=f.year)
    if f.province:
        rows = rows.filter(province_id__in=province_ids(f.province))
    if f.district is not None:
        # Every result that counts toward the former district (aggregates.DISTRICT_RULE).
        rows = rows.filter(former_districts__district_id=f.district)
    if f.kind:
        rows = rows.filter(kind=f.kind)
    if f.query and fold(f.query):
        rows = rows.filter(unit__name_search__contains=fold(f.query))
    rows = {
        RECOGNISED: rows.filter(recognised=True),
        MET: rows.filter(met=True),
        NOT_MET: rows.filter(met=False),
        REVOKED: rows.filter(revoked=True),
        POSTED: rows.filter(status=Status.POSTED),
    }.get(f.outcome, rows)
    return rows.order_by("-year", "province__name_sort", "unit__name_sort", "pk")


OPEN_POSTINGS_SHOWN = 50


# What a listed result shows (the portal's list, the postings, a commune's history), read as plain
# values: no model instances to build for each row of a page.
# The result itself, shown by every listing: the score, the outcome, the decision.
_RESULT_FIELDS = (
    "total",
    "max_total",
    "pass_fail",
    "recognised",
    "revoked",
    "met",
    "status",
    "decision_number",
    "decision_date",
    "revocation_number",
    "revoked_on",
    "assessment_id",
    "source",
)
ROW_FIELDS = (
    "year",
    "unit_id",
    "unit__name",
    "unit__code",
    "kind",
    "province__name",
    "district_id",
    "district__name",
    *_RESULT_FIELDS,
)


# Where each of ``ROW_FIELDS`` is read in the constant statements below: the summary row ``s``, its
# commune ``u``, its province ``p`` and its former district ``d``.
_ROW_COLUMNS: dict[str, tuple[str, type[Model], str]] = {
    name: ("s", ResultSummary, name) for name in ROW_FIELDS if "__" not in name
} | {
    "criteria": ("s", ResultSummary, "criteria"),
    "unit__name": ("u", Unit, "name"),
    "unit__code": ("u", Unit, "code"),
    "province__name": ("p", Unit, "name"),
    "district__name": ("d", Unit, "name"),
    "unit__kind": ("u", Unit, "kind"),
    "unit__level": ("u", Unit, "level"),
    "province_id": ("s", ResultSummary, "province_id"),
    "province__code": ("p", Unit, "code"),
    "province__kind": ("p", Unit, "kind"),
    "province__level": ("p", Unit, "level"),
}


def _select_rows(fields: tuple[str, ...]) -> str:
    """The select list and joins of a statement reading ``fields`` (keys of ``_ROW_COLUMNS``) of the
    summary rows ``s``."""
    summary, unit = _tables()
    q = connection.ops.quote_name
    columns = ", ".join(f"{_ROW_COLUMNS[f][0]}.{q(str(_field(f).column))}" for f in fields)
    return (
        f"SELECT {columns} FROM {summary} s JOIN {unit} u ON u.id = s.unit_id "  # noqa: S608
        f"JOIN {unit} p ON p.id = s.province_id LEFT JOIN {unit} d ON d.id = s.district_id"
    )


def _field(name: str) -> Field[Any, Any]:
    """The model field ``name`` (a key of ``_ROW_COLUMNS``) is read from."""
    _alias, model, field_name = _ROW_COLUMNS[name]
    return cast("Field[Any, Any]", model._meta.get_field(field_name))


def _values(fields: tuple[str, ...], rows: list[tuple[Any, ...]]) -> list[dict[str, Any]]:
    """Rows read by a constant statement as the ORM's ``values(*fields)`` returns them: each column
    through the converters the ORM would apply (SQLite's booleans, decimals, dates; JSON)."""
    converters = []
    for index, name in enumerate(fields):
        column = Col(_ROW_COLUMNS[name][1]._meta.db_table, _field(name))
        found = [*connection.ops.get_db_converters(column), *column.get_db_converters(connection)]
        if found:
            converters.append((index, found, column))
    out = []
    for row in rows:
        values = list(row)
        for index, found, column in converters:
            for convert in found:
                values[index] = convert(values[index], column, connection)
        out.append(dict(zip(fields, values, strict=True)))
    return out


# What the list of self-assessments open for comments shows (no former district: no join for it).
POSTING_FIELDS = ("year", "unit__name", "province__name", "assessment_id")


def open_postings(province_code: str | None = None) -> tuple[int, list[dict[str, Any]]]:
    """Self-assessments posted for comments now (TT 09/2021 Điều 3), any year: how many, and the
    first of them by province and name (``POSTING_FIELDS``), for the citizens who come to comment.
    One statement: only the posted rows, through their partial index (``result_posted``), the
    number counted over the whole selection beside them."""
    summary, unit = _tables()
    sql = (
        f"SELECT s.year, u.name, p.name, s.assessment_id, COUNT(*) OVER () FROM {summary} s "  # noqa: S608
        f"JOIN {unit} p ON p.id = s.province_id JOIN {unit} u ON u.id = s.unit_id "
        "WHERE s.status = %s AND s.public = %s"
    )
    params: list[Any] = [Status.POSTED, True]
    if province_code:
        sql += f" AND s.province_id IN (SELECT id FROM {unit} WHERE level = %s AND code = %s)"  # noqa: S608
        params += [UnitLevel.PROVINCE, province_code]
    sql += " ORDER BY p.name_sort, u.name_sort, s.id LIMIT %s"
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, OPEN_POSTINGS_SHOWN])
        shown = [dict(zip((*POSTING_FIELDS, "selected"), row, strict=True)) for row in cursor.fetchall()]
    return (shown[0]["selected"] if shown else 0), shown


def _tables() -> tuple[str, str]:
    """The summary rows' and the units' table names, quoted, for the statements written here: the
    fixed reads of every public page, where the ORM's building of a query cost more than running it."""
    q = connection.ops.quote_name
    return q(ResultSummary._meta.db_table), q(Unit._meta.db_table)


def province_ids(code: str) -> QuerySet[Unit, Mapping[str, Any]]:
    """The province(s) with this official code, as a subquery: the filter then uses the province index.
    A code can name two provinces (one before 1/7/2025, one since: e.g. 15, Yên Bái then Lào Cai); the
    list, its totals and its shares all read both."""
    return Unit.objects.filter(level=UnitLevel.PROVINCE, code=code).values("pk")


def recognised(
    *, year: int | None = None, query: str = "", province_code: str | None = None
) -> QuerySet[ResultSummary]:
    """Communes recognised (and not revoked), as the portal lists them and the API serves them."""
    return results(ResultFilter(year=year, province=province_code, query=query, outcome=RECOGNISED))


OPEN_DATA_FIELDS = (
    "nam",
    "ma_tinh",
    "ten_tinh",
    "ma_huyen_cu",
    "ten_huyen_cu",
    "ma_xa",
    "ten_xa",
    "loai",
    "tong_diem",
    "diem_toi_da",
    "so_quyet_dinh",
    "ngay_quyet_dinh",
)


def open_data_rows(*, year: int | None = None, province_code: str | None = None) -> list[tuple[Any, ...]]:
    """Recognised communes as tuples of the database's values in ``OPEN_DATA_FIELDS``' order (points
    as decimals, the date as a date), one query: what the open-data files write."""
    return list(
        recognised(year=year, province_code=province_code).values_list(
            "year",
            "province__code",
            "province__name",
            "district__code",
            "district__name",
            "unit__code",
            "unit__name",
            "kind",
            "total",
            "max_total",
            "decision_number",
            "decision_date",
        )
    )


def open_data(*, year: int | None = None, province_code: str | None = None) -> list[dict[str, Any]]:
    """Recognised communes as open-data records (official unit codes), one query."""
    return [
        dict(
            zip(
                OPEN_DATA_FIELDS,
                (*row[:8], _text(row[8]), _text(row[9]), row[10], row[11].isoformat() if row[11] else None),
                strict=True,
            )
        )
        for row in open_data_rows(year=year, province_code=province_code)
    ]


def _text(value: Any) -> str | None:
    return None if value is None else format(value, "f")


def decision_page(
    *, year: int | None = None, province_code: str | None = None, offset: int = 0, limit: int = 50
) -> tuple[int, list[dict[str, Any]]]:
    """Issued recognition decisions (public documents), newest first: how many, and ``limit`` of them
    from ``offset`` with their year, province (``id, code, name, kind, level``) and number of communes.
    One constant statement (:func:`_counted_page`); the communes are counted for the page's decisions
    only (counting them through a grouped join counted every annex row of the country before the page
    was cut), and the total counts the decisions alone, joined to their period and province only to
    filter on them (both keys are required)."""
    decision, period, unit, entry = _decision_tables()
    joins = (
        f"FROM {decision} d JOIN {period} pe ON pe.id = d.period_id JOIN {unit} p ON p.id = pe.province_id"
    )
    where, params = "WHERE 1 = 1", _params()
    if year is not None:
        where += " AND pe.year = %s"
        params.append(year)
    if province_code:
        where += " AND p.code = %s"
        params.append(province_code)
    if province_code:
        counted = joins
    elif year is not None:
        counted = f"FROM {decision} d JOIN {period} pe ON pe.id = d.period_id"
    else:
        counted = f"FROM {decision} d"
    count, rows = _counted_page(
        f"SELECT COUNT(*) {counted} {where}",
        "d.id, d.number, d.signed_on, pe.year, p.id, p.code, p.name, p.kind, p.level, d.issuer_name, "  # noqa: S608
        f"(SELECT COUNT(*) FROM {entry} e WHERE e.decision_id = d.id)",
        f"{joins} {where} ORDER BY d.signed_on DESC, d.id DESC",
        params,
        offset,
        limit,
    )
    return count, [
        {
            "id": pk,
            "number": number,
            "signed_on": date.fromisoformat(signed) if isinstance(signed, str) else signed,
            "year": year_,
            "province": {"id": p_id, "code": p_code, "name": p_name, "kind": p_kind, "level": p_level},
            "issuer_name": issuer,
            "communes": communes,
        }
        for pk, number, signed, year_, p_id, p_code, p_name, p_kind, p_level, issuer, communes in rows
    ]


def _counted_page(
    count_sql: str, columns: str, rest: str, params: list[Any], offset: int, limit: int
) -> tuple[int, list[tuple[Any, ...]]]:
    """How many rows ``count_sql`` counts, and ``limit`` rows of ``SELECT {columns} {rest}`` (``rest``:
    from its ``FROM`` to its ``ORDER BY``) from ``offset``; both statements take ``params``. One
    statement: the count rides on each row of the page as a scalar subquery, which the database runs
    once (an init plan) beside the page's own plan. A page past the end has no row to carry it: only
    then is it counted alone (a second statement)."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT ({count_sql}), {columns} {rest} LIMIT %s OFFSET %s",
            [*params, *params, limit, offset],
        )
        rows = cursor.fetchall()
        if rows:
            return rows[0][0], [row[1:] for row in rows]
        if not offset:
            return 0, []
        cursor.execute(count_sql, params)
        (count,) = cursor.fetchone() or (0,)
    return count, []


# What the API's list of recognised communes shows of each (tiepcan/api/v1.py, ``public_recognised``).
PUBLIC_COMMUNE_FIELDS = (
    "year",
    "unit_id",
    "unit__code",
    "unit__name",
    "unit__kind",
    "unit__level",
    "province_id",
    "province__code",
    "province__name",
    "province__kind",
    "province__level",
    "status",
    "total",
)


def recognised_page(
    *, year: int | None = None, province_code: str | None = None, offset: int = 0, limit: int = 50
) -> tuple[int, list[dict[str, Any]]]:
    """Communes recognised (:func:`recognised`'s selection and order, by year, province and name): how
    many, and ``limit`` of them from ``offset`` as ``values(*PUBLIC_COMMUNE_FIELDS)`` returns them. One
    constant statement (:func:`_counted_page`), the count on the summary rows alone."""
    summary, unit = _tables()
    q = connection.ops.quote_name
    where, params = "WHERE s.public AND s.recognised", _params()
    if year is not None:
        where += " AND s.year = %s"
        params.append(year)
    if province_code:
        where += f" AND s.province_id IN (SELECT id FROM {unit} WHERE level = %s AND code = %s)"  # noqa: S608
        params += [UnitLevel.PROVINCE, province_code]
    columns = ", ".join(f"{_ROW_COLUMNS[f][0]}.{q(str(_field(f).column))}" for f in PUBLIC_COMMUNE_FIELDS)
    count, rows = _counted_page(
        f"SELECT COUNT(*) FROM {summary} s {where}",  # noqa: S608
        columns,
        f"FROM {summary} s JOIN {unit} u ON u.id = s.unit_id JOIN {unit} p ON p.id = s.province_id "
        f"{where} ORDER BY s.year DESC, p.name_sort, u.name_sort, s.id",
        params,
        offset,
        limit,
    )
    return count, _values(PUBLIC_COMMUNE_FIELDS, rows)


def _params(*values: Any) -> list[Any]:
    return list(values)


def _decision_tables() -> tuple[str, str, str, str]:
    q = connection.ops.quote_name
    return (
        q(RecognitionDecision._meta.db_table),
        q(AssessmentPeriod._meta.db_table),
        q(Unit._meta.db_table),
        q(DecisionEntry._meta.db_table),
    )


RECENT_DECISIONS = 20


def recent_decisions(*, year: int | None = None, province_code: str | None = None) -> list[dict[str, Any]]:
    """The latest issued recognition decisions (:func:`decisions`' selection) as the results page
    lists them: ``pk``, ``number``, ``signed_on``, ``province`` (its name), ``communes``; one
    constant statement."""
    _summary, unit = _tables()
    q = connection.ops.quote_name
    decision, entry = q(RecognitionDecision._meta.db_table), q(DecisionEntry._meta.db_table)
    period = q(AssessmentPeriod._meta.db_table)
    sql = (
        f"SELECT d.id, d.number, d.signed_on, p.name, (SELECT COUNT(*) FROM {entry} e "  # noqa: S608
        f"WHERE e.decision_id = d.id) FROM {decision} d JOIN {period} pe ON pe.id = d.period_id "
        f"JOIN {unit} p ON p.id = pe.province_id WHERE 1 = 1"
    )
    params: list[Any] = []
    if year is not None:
        sql += " AND pe.year = %s"
        params.append(year)
    if province_code:
        sql += " AND p.code = %s"
        params.append(province_code)
    sql += " ORDER BY d.signed_on DESC, d.id DESC LIMIT %s"
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, RECENT_DECISIONS])
        rows = cursor.fetchall()
    return [
        {
            "pk": pk,
            "number": number,
            "signed_on": date.fromisoformat(signed) if isinstance(signed, str) else signed,
            "province": name,
            "communes": communes,
        }
        for pk, number, signed, name, communes in rows
    ]


def province_counts(*, year: int | None = None) -> list[dict[str, Any]]:
    """Per year and province: public results, recognised, not recognised, revoked; newest year first,
    then by province code. One statement: the rows counted per (year, province id), then the
    provinces joined to the few groups (grouping by the provinces' names too sorted every row of the
    country on text: 15 times slower)."""
    summary, unit = _tables()
    where, params = "WHERE s.public = %s", _params(True)
    if year is not None:
        where += " AND s.year = %s"
        params.append(year)
    sql = (
        "SELECT c.year, c.province_id, p.code, p.name, p.kind, p.level, c.posted, c.recognised, "  # noqa: S608
        "c.not_recognised, c.revoked FROM (SELECT s.year AS year, s.province_id AS province_id, "
        "COUNT(*) AS posted, SUM(CASE WHEN s.recognised THEN 1 ELSE 0 END) AS recognised, "
        "SUM(CASE WHEN s.status = %s THEN 1 ELSE 0 END) AS not_recognised, "
        f"SUM(CASE WHEN s.revoked THEN 1 ELSE 0 END) AS revoked FROM {summary} s {where} "
        f"GROUP BY s.year, s.province_id) c JOIN {unit} p ON p.id = c.province_id "
        "ORDER BY c.year DESC, p.code, c.province_id"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [Status.NOT_RECOGNISED, *params])
        return [dict(zip(PROVINCE_COUNT_FIELDS, row, strict=True)) for row in cursor.fetchall()]


PROVINCE_COUNT_FIELDS = (
    "year",
    "province_id",
    "province__code",
    "province__name",
    "province__kind",
    "province__level",
    "posted",
    "recognised",
    "not_recognised",
    "revoked",
)


def year_summary() -> list[tuple[int, bool]]:
    """(year, has decided results) for every year with results, newest first, in one query.

    Cheap at national scale: the distinct years are read from the (year, province) index one year at
    a time (a recursive query that jumps from each year to the next lower one: a probe per year, where
    ``SELECT DISTINCT`` reads every row), and each year is probed for a decided public result on the
    same index (it stops at the first decided row; only a year still being assessed is read through).
    """
    sql, params = _year_summary_sql(connection.vendor)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [(year, bool(found)) for year, found in cursor.fetchall()]


@functools.cache
def _year_summary_sql(vendor: str) -> tuple[str, tuple[Any, ...]]:
    """:func:`year_summary`'s statement, built once per process (it is constant; the ORM's
    compiling of its condition cost more than running it)."""
    table = connection.ops.quote_name(ResultSummary._meta.db_table)
    decided = public_results().filter(aggregates.DECIDED).query
    where, params = decided.get_compiler(connection=connection).compile(decided.where)
    sql = (
        f"WITH RECURSIVE y (year) AS (SELECT MAX(year) FROM {table} UNION ALL "  # noqa: S608 - our table's name
        f"SELECT (SELECT MAX(year) FROM {table} WHERE year < y.year) FROM y WHERE y.year IS NOT NULL) "
        # A scalar subquery read in the (year, province) index's order, not EXISTS nor ``year = y.year``:
        # PostgreSQL plans those as a sequential scan per year (70–100 ms over the whole country; the
        # equality also lets it pick the province index for the order), this as a short index scan
        # (1.5 ms).
        f"SELECT y.year, (SELECT 1 FROM {table} WHERE {where} AND {table}.year BETWEEN y.year AND y.year "
        f"ORDER BY {table}.year, {table}.province_id LIMIT 1) IS NOT NULL "
        "FROM y WHERE y.year IS NOT NULL ORDER BY y.year DESC"
    )
    return sql, tuple(params)


def years() -> list[int]:
    """Years with public results, newest first."""
    return [year for year, _decided in year_summary()]


def default_year(summary: list[tuple[int, bool]] | None = None) -> int | None:
    """The year the portal opens on: the latest with decided results, else the latest with any."""
    summary = year_summary() if summary is None else summary
    return next((year for year, decided in summary if decided), None) or next((y for y, _d in summary), None)


def outcome(row: ResultSummary | dict[str, Any]) -> str:
    """recognised / revoked / met (meets the standard, not or not yet recognised) / not_met."""
    get = row.get if isinstance(row, dict) else lambda name: getattr(row, name)
    if get("recognised"):
        return RECOGNISED
    if get("revoked"):
        return REVOKED
    return MET if get("met") else NOT_MET


def map_points(*, year: int, province_code: str | None = None) -> list[dict[str, Any]]:
    """Public results of a year as map points (:func:`tiepcan.reports.maps.point`), by name; one
    statement (:func:`map_rows`)."""
    return maps.points_of(map_rows(year=year, province_code=province_code))


def map_rows(*, year: int, province_code: str | None = None, drawn: bool = False) -> list[tuple[Any, ...]]:
    """The rows of :func:`map_points` as tuples (``maps.FIELDS``, ``near_lat``, ``near_lon``): the rows
    of :func:`tiepcan.reports.maps.points` (a commune without coordinates of its own placed at a whole
    successor's first), read by one statement written here as the page's other fixed reads are.
    ``drawn``: only what the map's data shows (``maps.DRAWN_FIELDS``: no score; the coordinates as
    floats, which the database converts faster than Python converts decimals)."""
    summary, unit = _tables()
    succession = connection.ops.quote_name(UnitSuccession._meta.db_table)

    def coordinate(column: str) -> str:
        return f"CAST({column} AS DOUBLE PRECISION)" if drawn else column

    def near(column: str) -> str:
        return (
            f"(SELECT {coordinate('n.' + column)} FROM {succession} x JOIN {unit} n ON n.id = x.successor_id "  # noqa: S608
            "WHERE x.predecessor_id = s.unit_id AND n.latitude IS NOT NULL AND n.longitude IS NOT NULL "
            "ORDER BY x.partial, x.id LIMIT 1)"
        )

    score = "" if drawn else "s.total, s.max_total, s.pass_fail, "
    sql = (
        f"SELECT s.unit_id, u.code, u.name, {coordinate('u.latitude')}, {coordinate('u.longitude')}, "  # noqa: S608
        f"s.recognised, s.revoked, s.status, s.source, {score}{near('latitude')}, {near('longitude')} "
        f"FROM {summary} s JOIN {unit} u ON u.id = s.unit_id WHERE s.public = %s AND s.year = %s"
    )
    params: list[Any] = [True, year]
    if province_code:
        sql += f" AND s.province_id IN (SELECT id FROM {unit} WHERE level = %s AND code = %s)"  # noqa: S608
        params += [UnitLevel.PROVINCE, province_code]
    sql += " ORDER BY u.name_sort, s.unit_id"
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


@dataclass(frozen=True)
class Province:
    pk: int
    code: str
    name: str
    has_boundary: bool  # its administrator imported commune boundaries


def province(code: str) -> Province | None:
    """The province with this official code (the one in force first), and whether it has commune
    boundaries (one statement)."""
    _summary, unit = _tables()
    boundaries = connection.ops.quote_name(BoundaryFile._meta.db_table)
    sql = (
        f"SELECT u.id, u.code, u.name, EXISTS (SELECT 1 FROM {boundaries} b WHERE b.province_id = u.id) "  # noqa: S608
        f"FROM {unit} u WHERE u.level = %s AND u.code = %s ORDER BY u.valid_to LIMIT 1"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [UnitLevel.PROVINCE, code])
        row = cursor.fetchone()
    return Province(row[0], row[1], row[2], bool(row[3])) if row else None


def boundary(province: Province) -> BoundaryFile | None:
    """The province's imported commune boundaries, without the GeoJSON unless asked for."""
    return BoundaryFile.objects.filter(province_id=province.pk).defer("geojson").first()


# What a commune's history shows of each result (``ROW_FIELDS`` less the code, kind, province and
# former district it does not show: no join for them).
HISTORY_FIELDS = ("year", "unit_id", "unit__name", *_RESULT_FIELDS, "criteria")


def history(pk: int) -> dict[str, Any] | None:
    """A commune's results year by year with its predecessors' across mergers, or None when ``pk`` is
    not a commune. Two queries whatever the number of mergers: the commune with its predecessors and
    successors (:func:`tiepcan.units.lineage.family`), then their public results (``HISTORY_FIELDS``,
    a constant statement) as the database returns them: the caller converts each distinct value
    once (:func:`converter`), a long history repeating its scores, dates and points."""
    family = units_lineage.family(pk)
    if family is None or family.unit.level != UnitLevel.COMMUNE or family.unit.kind not in COMMUNE_KINDS:
        return None
    ids = [pk, *(u.pk for u in family.predecessors)]
    summary, unit = _tables()
    q = connection.ops.quote_name
    columns = ", ".join(f"{_ROW_COLUMNS[f][0]}.{q(str(_field(f).column))}" for f in HISTORY_FIELDS)
    sql = (
        f"SELECT {columns} FROM {summary} s JOIN {unit} u ON u.id = s.unit_id "  # noqa: S608
        f"WHERE s.public = %s AND s.unit_id IN ({', '.join('%s' for _ in ids)}) "
        "ORDER BY s.year DESC, u.name_sort"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [True, *ids])
        rows = cursor.fetchall()
    return {"family": family, "rows": rows}


def converter(name: str) -> Callable[[Any], Any]:
    """What the ORM does to a value of ``name`` (a key of ``_ROW_COLUMNS``) read by a constant
    statement (SQLite's booleans, decimals, dates; JSON), as one function."""
    column = Col(_ROW_COLUMNS[name][1]._meta.db_table, _field(name))
    found = [*connection.ops.get_db_converters(column), *column.get_db_converters(connection)]

    def convert(value: Any) -> Any:
        for step in found:
            value = step(value, column, connection)
        return value

    return convert


def filter_choices(
    province_code: str | None,
    years_: list[int] | None = None,
    districts: list[dict[str, Any]] | None = None,
    provinces_: list[tuple[str, str]] | None = None,
) -> dict[str, Any]:
    """Years, provinces and (for a chosen province) its former districts that have public results.

    ``districts``: the province's shares by district the page already computed (for its year), so the
    choices cost no second scan of the province's rows; ``provinces_``: the options :func:`provinces`
    read with the chosen province.
    """
    rows = public_results()
    provinces_ = provinces(None)[0] if provinces_ is None else provinces_
    if province_code and districts is None:
        districts = aggregates.shares(
            rows.filter(province_id__in=province_ids(province_code), district__isnull=False), "district"
        )
    return {
        "years": years() if years_ is None else years_,
        "provinces": list(provinces_),
        "districts": [(d["district_id"], d["district_name"]) for d in districts or [] if d["district_id"]],
    }


# --- The results page's aggregates and rows as constant statements ---------------------------------
# What ``aggregates.totals``/``shares`` and ``results(f).values(*ROW_FIELDS)`` return for the page's
# usual filters (a year, a province, a kind; not a former district, a search or an outcome, which go
# through the ORM), written here as the fixed reads are: the ORM's building and compiling of these
# three queries cost a cold page more CPU than the database spent answering them.


def _where(year: int | None, province_code: str | None, kind: str | None) -> tuple[str, list[Any]]:
    """The condition on the public summary rows ``s`` for these filters, and its parameters."""
    _summary, unit = _tables()
    sql, params = "s.public = %s", list[Any]([True])
    if year is not None:
        sql += " AND s.year = %s"
        params.append(year)
    if province_code:
        sql += f" AND s.province_id IN (SELECT id FROM {unit} WHERE level = %s AND code = %s)"  # noqa: S608
        params += [UnitLevel.PROVINCE, province_code]
    if kind:
        sql += " AND s.kind = %s"
        params.append(kind)
    return sql, params


def _counts_sql() -> tuple[str, list[Any]]:
    """``aggregates._counts`` over the rows ``s``: communes, decided, met, recognised, revoked."""
    decided = "s.source = %s OR s.status IN (%s, %s, %s)"
    return (
        f"COUNT(*), COUNT(CASE WHEN {decided} THEN 1 END), COUNT(CASE WHEN s.met THEN 1 END), "
        "COUNT(CASE WHEN s.recognised THEN 1 END), COUNT(CASE WHEN s.revoked THEN 1 END)",
        [Source.IMPORTED, Status.RECOGNISED, Status.NOT_RECOGNISED, Status.REVOKED],
    )


COUNT_KEYS = ("communes", "decided", "met", "recognised", "revoked")


def figures(
    *, year: int | None, province_code: str | None, kind: str | None
) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """The page's totals and its shares by area, as ``aggregates.totals`` and ``aggregates.shares``
    return them: across the country the shares by province (their sum is the totals: each row is in
    one province); for a province, its totals and its shares by former district in one statement
    (a commune formed in 2025 counts in every former district it spans: those do not add up)."""
    summary, unit = _tables()
    where, params = _where(year, province_code, kind)
    counts, count_params = _counts_sql()
    if not province_code:
        sql = (
            f"SELECT s.province_id, p.name, p.code, {counts} FROM {summary} s "  # noqa: S608
            f"JOIN {unit} p ON p.id = s.province_id WHERE {where} "
            "GROUP BY s.province_id, p.name, p.code, p.name_sort ORDER BY p.name_sort, s.province_id"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [*count_params, *params])
            rows = cursor.fetchall()
        by_area = [_share(("province_id", "province_name", "province_code"), row) for row in rows]
        return aggregates.summed(by_area), by_area
    district = connection.ops.quote_name(ResultDistrict._meta.db_table)
    sql = (
        f"SELECT 0, NULL, NULL, NULL, NULL, {counts}, 0 FROM {summary} s WHERE {where} "  # noqa: S608
        f"UNION ALL SELECT 1, r.district_id, d.name, d.code, d.name_sort, {counts}, "
        f"COUNT(CASE WHEN r.shared THEN 1 END) FROM {summary} s LEFT JOIN {district} r ON r.summary_id = s.id "
        f"LEFT JOIN {unit} d ON d.id = r.district_id WHERE {where} "
        "GROUP BY r.district_id, d.name, d.code, d.name_sort ORDER BY 1, 5, 2"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*count_params, *params, *count_params, *params])
        rows = cursor.fetchall()
    totals = dict(zip(COUNT_KEYS, rows[0][5:10], strict=True))
    totals["share"] = aggregates.percent(totals["recognised"], totals["communes"])
    by_area = []
    for row in rows[1:]:
        item = _share(("district_id", "district_name", "district_code"), (*row[1:4], *row[5:10]))
        item["shared"] = row[10]
        by_area.append(item)
    return totals, by_area


def _share(keys: tuple[str, str, str], row: tuple[Any, ...]) -> dict[str, Any]:
    item = dict(zip((*keys, *COUNT_KEYS), row, strict=True))
    item["share"] = aggregates.percent(item["recognised"], item["communes"])
    return item


def page_rows(
    *, year: int | None, province_code: str | None, kind: str | None, offset: int, limit: int
) -> list[dict[str, Any]]:
    """A page of ``results(f).values(*ROW_FIELDS)`` for these filters, in the same order."""
    where, params = _where(year, province_code, kind)
    sql = (
        f"{_select_rows(ROW_FIELDS)} WHERE {where} "
        "ORDER BY s.year DESC, p.name_sort, u.name_sort, s.id LIMIT %s OFFSET %s"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, limit, offset])
        return _values(ROW_FIELDS, cursor.fetchall())


def provinces(code: str | None) -> tuple[list[tuple[str, str]], Province | None]:
    """The province filter's options (the provinces with public results: code and name, by name) and
    the chosen province (:func:`province`), in one statement."""
    summary, unit = _tables()
    boundaries = connection.ops.quote_name(BoundaryFile._meta.db_table)
    sql = (
        f"SELECT x.id, x.code, x.name, x.valid_to, x.listed, CASE WHEN x.code = %s THEN EXISTS "  # noqa: S608
        f"(SELECT 1 FROM {boundaries} b WHERE b.province_id = x.id) ELSE FALSE END FROM "
        f"(SELECT u.id, u.code, u.name, u.name_sort, u.valid_to, EXISTS (SELECT 1 FROM {summary} s "
        f"WHERE s.province_id = u.id AND s.public = %s) AS listed FROM {unit} u WHERE u.level = %s) x "
        "WHERE x.listed OR x.code = %s ORDER BY x.name_sort, x.valid_to"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [code or "", True, UnitLevel.PROVINCE, code or ""])
        rows = cursor.fetchall()
    chosen = [row for row in rows if code and row[1] == code]
    # ``province``'s choice: the first by ``valid_to``, as the database orders it (SQLite puts the
    # province in force, NULL, first; PostgreSQL last).
    largest = connection.features.nulls_order_largest
    chosen.sort(key=lambda row: ((row[3] is None) == largest, row[3] or ""))
    first = chosen[0] if chosen else None
    return (
        [(row[1], row[2]) for row in rows if row[4]],
        Province(first[0], first[1], first[2], bool(first[5])) if first else None,
    )
