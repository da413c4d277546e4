"""What the portal publishes, as queries shared by its pages and the API's open data (tiepcan/api/v1.py).

Only what the law makes public: communes whose self-assessment is posted (or decided on), their
results and recognition decisions, and counts. Never drafts, evidence or reviewers' notes.

Everything reads result summary rows (:mod:`tiepcan.reports.summaries`), never an assessment's
JSON, and the pages cache what they build under :func:`cached`, keyed on the results version
that the services bump in the transaction of every change: right after a decision or a
revocation commits, the next request builds afresh.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Any, TypedDict

from django.core.cache import cache
from django.db import connection
from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Window

from tiepcan.assessments.choices import Status
from tiepcan.assessments.models import RecognitionDecision
from tiepcan.lib.text import fold
from tiepcan.reports import aggregates, maps, summaries
from tiepcan.reports.models import BoundaryFile, ResultSummary
from tiepcan.units import lineage as units_lineage
from tiepcan.units.choices import COMMUNE_KINDS, UnitLevel
from tiepcan.units.models import Unit

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations

PUBLIC = summaries.PUBLIC
CACHE_SECONDS = 6 * 3600  # a version never changes meaning: old keys just age out
# Bumped when what a cached build returns changes shape, so a deployment never serves an old one.
LAYOUT = 2


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
        rows = rows.filter(province_id__in=_province_ids(f.province))
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
ROW_FIELDS = (
    "year",
    "unit_id",
    "unit__name",
    "unit__code",
    "kind",
    "province__name",
    "district_id",
    "district__name",
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


# What the list of self-assessments open for comments shows (no former district: no join for it).
POSTING_FIELDS = ("year", "unit__name", "province__name", "assessment_id")


def open_postings(province_code: str | None = None) -> tuple[int, list[dict[str, Any]]]:
    """Self-assessments posted for comments now (TT 09/2021 Điều 3), any year: how many, and the
    first of them by province and name (``POSTING_FIELDS``), for the citizens who come to comment.
    One query: the number is counted over the whole selection in the same statement."""
    rows = public_results().filter(status=Status.POSTED)
    if province_code:
        rows = rows.filter(province_id__in=_province_ids(province_code))
    shown = list(
        rows.annotate(selected=Window(Count("id")))
        .order_by("province__name_sort", "unit__name_sort", "pk")
        .values(*POSTING_FIELDS, "selected")[:OPEN_POSTINGS_SHOWN]
    )
    return (shown[0]["selected"] if shown else 0), shown


def _province_ids(code: str) -> QuerySet[Unit, Mapping[str, Any]]:
    """The province(s) with this official code, as a subquery: the filter then uses the province index."""
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


def open_data(*, year: int | None = None, province_code: str | None = None) -> list[dict[str, Any]]:
    """Recognised communes as open-data records (official unit codes), one query."""
    rows = recognised(year=year, province_code=province_code).values_list(
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
    return [
        dict(
            zip(
                OPEN_DATA_FIELDS,
                (*row[:8], _text(row[8]), _text(row[9]), row[10], row[11].isoformat() if row[11] else None),
                strict=True,
            )
        )
        for row in rows
    ]


def _text(value: Any) -> str | None:
    return None if value is None else format(value, "f")


class DecisionCounts(TypedDict):
    communes: int


def decisions(
    *, year: int | None = None, province_code: str | None = None
) -> QuerySet[WithAnnotations[RecognitionDecision, DecisionCounts]]:
    """Issued recognition decisions (public documents), with the number of communes in each."""
    qs = RecognitionDecision.objects.select_related("period__province").annotate(communes=Count("entries"))
    if year is not None:
        qs = qs.filter(period__year=year)
    if province_code:
        qs = qs.filter(period__province__code=province_code)
    return qs.order_by("-signed_on", "-pk")


def province_counts(*, year: int | None = None) -> list[Mapping[str, Any]]:
    """Per year and province: public results, recognised, not recognised, revoked (one query)."""
    rows = public_results()
    if year is not None:
        rows = rows.filter(year=year)
    return list(
        rows.order_by("-year", "province__code")
        .values(
            "year", "province_id", "province__code", "province__name", "province__kind", "province__level"
        )
        .annotate(
            posted=Count("id"),
            recognised=Count("id", filter=Q(recognised=True)),
            not_recognised=Count("id", filter=Q(status=Status.NOT_RECOGNISED)),
            revoked=Count("id", filter=Q(revoked=True)),
        )
    )


def year_summary() -> list[tuple[int, bool]]:
    """(year, has decided results) for every year with results, newest first, in one query.

    Cheap at national scale: the distinct years are read from the (year, province) index one year at
    a time (a recursive query that jumps from each year to the next lower one: a probe per year, where
    ``SELECT DISTINCT`` reads every row), and each year is probed for a decided public result on the
    same index (it stops at the first decided row; only a year still being assessed is read through).
    """
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
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [(year, bool(found)) for year, found in cursor.fetchall()]


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
    """Public results of a year as map points (:func:`tiepcan.reports.maps.points`; two queries)."""
    rows = public_results().filter(year=year)
    if province_code:
        rows = rows.filter(province_id__in=_province_ids(province_code))
    return maps.points(rows)


def province(code: str) -> Unit | None:
    """The province with this official code (the one in force first), with ``has_boundary``: whether
    its administrator imported commune boundaries (one query)."""
    return (
        Unit.objects.filter(level=UnitLevel.PROVINCE, code=code)
        .annotate(has_boundary=Exists(BoundaryFile.objects.filter(province=OuterRef("pk"))))
        .order_by("valid_to")
        .first()
    )


def boundary(unit: Unit) -> BoundaryFile | None:
    """The province's imported commune boundaries, without the GeoJSON unless asked for."""
    return BoundaryFile.objects.filter(province=unit).defer("geojson").first()


def history(pk: int) -> dict[str, Any] | None:
    """A commune's results year by year with its predecessors' across mergers, or None when ``pk`` is
    not a commune. Two queries whatever the number of mergers: the commune with its predecessors and
    successors (:func:`tiepcan.units.lineage.family`), then their public results as plain values
    (``ROW_FIELDS`` and the points per criterion)."""
    family = units_lineage.family(pk)
    if family is None or family.unit.level != UnitLevel.COMMUNE or family.unit.kind not in COMMUNE_KINDS:
        return None
    rows = list(
        public_results()
        .filter(unit_id__in=[pk, *(u.pk for u in family.predecessors)])
        .order_by("-year", "unit__name_sort")
        .values(*ROW_FIELDS, "criteria")
    )
    return {"family": family, "rows": rows}


def filter_choices(
    province_code: str | None, years_: list[int] | None = None, districts: list[dict[str, Any]] | None = None
) -> dict[str, Any]:
    """Years, provinces and (for a chosen province) its former districts that have public results.

    ``districts``: the province's shares by district the page already computed (for its year), so the
    choices cost no second scan of the province's rows.
    """
    rows = public_results()
    provinces = (
        Unit.objects.filter(level=UnitLevel.PROVINCE)
        .filter(Exists(rows.filter(province_id=OuterRef("pk"))))
        .order_by("name_sort", "valid_to")
        .values_list("code", "name")
    )
    if province_code and districts is None:
        districts = aggregates.shares(
            rows.filter(province_id__in=_province_ids(province_code), district__isnull=False), "district"
        )
    return {
        "years": years() if years_ is None else years_,
        "provinces": list(provinces),
        "districts": [(d["district_id"], d["district_name"]) for d in districts or [] if d["district_id"]],
    }
