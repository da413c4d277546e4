"""Aggregates over result summary rows: what dashboards, the public portal and open data show.

Every function reads :class:`~tiepcan.reports.models.ResultSummary` rows only (never an
assessment's JSON) in a constant number of queries (one, unless said otherwise), whatever the
number of communes or years. Each takes ``rows``, the rows the caller may show:

* a page for a signed-in person passes ``ResultSummary.objects.for_user(user, "view")``;
* the public portal and open data pass ``ResultSummary.objects.public()``;

and optional filters (:class:`Filters` or keyword arguments of the same names):

``year`` (int) · ``years`` ((first, last), both included) · ``province`` (a Unit or its id) ·
``district`` (a former district, Unit or id) · ``current_unit`` (today's commune, Unit or id) ·
``kinds`` (unit kinds, e.g. ``["xa", "phuong"]``) · ``framework`` (FrameworkVersion or id).

Former districts follow the whole lineage (:class:`~tiepcan.reports.models.ResultDistrict`): a
commune formed on 1/7/2025 from communes of several former districts counts, whole, toward each of
them, so ``district`` filters and groups find it under every one; a share by ``district`` also
counts ``shared`` (how many of its communes also count toward another former district), and the
districts' rows may add up to more than the province's.

Counts in every row: ``communes`` (results), ``decided`` (recognised, not recognised or revoked by
the competent authority, or imported: the year's final results), ``met`` (the score meets the framework's conditions),
``recognised`` (recognised now: revoked ones are not), ``revoked``, ``share`` (recognised /
communes, as a percentage with one decimal, ``None`` when there are no results).

Signatures (stable: the dashboards and the API build on them):

* ``totals(rows, **filters) -> dict`` — one dict of counts.
* ``summed(shares_rows) -> dict`` — the same dict, added up from a ``shares`` result (no query).
* ``shares(rows, by, **filters) -> list[dict]`` — counts grouped by ``by``, a tuple of
  dimensions among ``year``, ``province``, ``district``, ``current_unit``, ``unit``, ``kind``,
  ``framework``. A unit dimension ``d`` adds ``d_id``, ``d_name`` and ``d_code``; ``kind`` adds
  ``kind`` and ``kind_label``. Sorted by the dimensions (units by name).
* ``trend(rows, by=(), **filters) -> list[dict]`` — ``shares(rows, ("year", *by))`` oldest first.
* ``weakest_criteria(rows, limit=10, **filters) -> list[dict]`` — per framework version and
  criterion: ``framework_id``, ``code``, ``title``, ``communes``, ``average`` (points),
  ``max_points``, ``ratio`` (average / max, 0–1), ``not_met`` (results where the criterion
  failed); weakest ratio first. One query (the titles of the versions shown: one more, once
  per process and version).
* ``weakest_indicators(rows, limit=10, **filters) -> list[dict]`` — per framework version and
  indicator: ``framework_id``, ``code``, ``title``, ``missed`` (results where it was not met),
  ``communes`` (results under that version), ``share_missed`` (percentage); most missed first.
  Two queries (plus the titles as above).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Avg, Count, Q, QuerySet

from tiepcan.assessments.choices import Status
from tiepcan.frameworks.models import FrameworkVersion
from tiepcan.reports.models import ResultSummary, ScoreKind, Source
from tiepcan.units.choices import UnitKind

# A result the competent authority has decided on (or an imported, final one).
DECIDED = Q(source=Source.IMPORTED) | Q(status__in=[Status.RECOGNISED, Status.NOT_RECOGNISED, Status.REVOKED])

UNIT_DIMENSIONS = ("province", "district", "current_unit", "unit")
# Former districts through ResultDistrict: a commune formed in 2025 from communes of several former
# districts counts, whole, in each of them (DISTRICT_RULE); a share by district adds ``shared``.
DISTRICT_PATH = "former_districts__district"
DISTRICT_RULE = (
    "A commune formed on 1/7/2025 from communes of several former districts counts, whole, toward "
    "each of them; the districts' rows then add up to more than the province's total."
)
DIMENSIONS = (*UNIT_DIMENSIONS, "year", "kind", "framework")


@dataclass(frozen=True)
class Filters:
    year: int | None = None
    years: tuple[int, int] | None = None
    province: Any = None
    district: Any = None
    current_unit: Any = None
    kinds: tuple[str, ...] | list[str] | None = None
    framework: Any = None

    def apply(self, rows: QuerySet[ResultSummary], prefix: str = "") -> QuerySet[ResultSummary]:
        q = Q()
        if self.year is not None:
            q &= Q(**{f"{prefix}year": self.year})
        if self.years is not None:
            q &= Q(**{f"{prefix}year__gte": self.years[0], f"{prefix}year__lte": self.years[1]})
        for name in ("province", "current_unit", "framework"):
            value = getattr(self, name)
            if isinstance(value, QuerySet):  # ids as a subquery (e.g. the provinces with an official code)
                q &= Q(**{f"{prefix}{name}_id__in": value})
            elif value is not None:
                q &= Q(**{f"{prefix}{name}_id": getattr(value, "pk", value)})
        if self.district is not None:
            # Every result that counts toward the former district (see DISTRICT_RULE).
            q &= Q(**{f"{prefix}former_districts__district_id": getattr(self.district, "pk", self.district)})
        if self.kinds:
            q &= Q(**{f"{prefix}kind__in": list(self.kinds)})
        return rows.filter(q)


def _filters(filters: Filters | None, kwargs: dict[str, Any]) -> Filters:
    if filters is not None and kwargs:
        raise TypeError("pass either a Filters or keyword filters, not both")
    return filters or Filters(**kwargs)


def _counts() -> dict[str, Any]:
    return {
        "communes": Count("id"),
        "decided": Count("id", filter=DECIDED),
        "met": Count("id", filter=Q(met=True)),
        "recognised": Count("id", filter=Q(recognised=True)),
        "revoked": Count("id", filter=Q(revoked=True)),
    }


def percent(part: int, whole: int) -> Decimal | None:
    """``part`` of ``whole`` as a percentage with one decimal (None when ``whole`` is 0)."""
    if not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def totals(rows: QuerySet[ResultSummary], filters: Filters | None = None, **kwargs: Any) -> dict[str, Any]:
    """Counts over every row that passes the filters (one query)."""
    result = _filters(filters, kwargs).apply(rows).aggregate(**_counts())
    result["share"] = percent(result["recognised"], result["communes"])
    return result


def summed(groups: list[dict[str, Any]]) -> dict[str, Any]:
    """``totals`` from the rows of a ``shares`` over the same filters (every row is in one group):
    no second scan of the rows."""
    result: dict[str, Any] = {key: sum(g[key] for g in groups) for key in _counts()}
    result["share"] = percent(result["recognised"], result["communes"])
    return result


def shares(
    rows: QuerySet[ResultSummary], by: tuple[str, ...] | str, filters: Filters | None = None, **kwargs: Any
) -> list[dict[str, Any]]:
    """Counts grouped by ``by`` (see the module's docstring for the dimensions and keys); one query."""
    by = (by,) if isinstance(by, str) else tuple(by)
    unknown = [d for d in by if d not in DIMENSIONS]
    if unknown:
        raise ValueError(f"unknown dimension(s) {unknown}; known: {DIMENSIONS}")
    fields: list[str] = []
    order: list[str] = []
    counts = _counts()
    for dim in by:
        if dim == "district":
            fields += [f"{DISTRICT_PATH}_id", f"{DISTRICT_PATH}__name", f"{DISTRICT_PATH}__code"]
            order += [f"{DISTRICT_PATH}__name_sort", f"{DISTRICT_PATH}_id"]
            counts["shared"] = Count("id", filter=Q(former_districts__shared=True))
        elif dim in UNIT_DIMENSIONS:
            fields += [f"{dim}_id", f"{dim}__name", f"{dim}__code"]
            order += [f"{dim}__name_sort", f"{dim}_id"]
        elif dim == "framework":
            fields += ["framework_id"]
            order += ["framework_id"]
        else:
            fields.append(dim)
            order.append(dim)
    queryset = _filters(filters, kwargs).apply(rows).order_by().values(*fields).annotate(**counts)
    result = []
    kind_labels = dict(UnitKind.choices)
    for row in queryset.order_by(*order):
        item = {
            key.replace(f"{DISTRICT_PATH}_", "district_").replace("__", "_"): value
            for key, value in row.items()
        }
        if "kind" in by:
            item["kind_label"] = str(kind_labels.get(item["kind"], item["kind"]))
        item["share"] = percent(item["recognised"], item["communes"])
        result.append(item)
    return result


def trend(
    rows: QuerySet[ResultSummary],
    by: tuple[str, ...] | str = (),
    filters: Filters | None = None,
    **kwargs: Any,
) -> list[dict[str, Any]]:
    """Counts per year (and per ``by``), oldest year first; one query."""
    by = (by,) if isinstance(by, str) else tuple(by)
    return shares(rows, ("year", *by), filters, **kwargs)


_TITLES: dict[int, dict[tuple[str, str], str]] = {}


def titles(framework_ids: set[int]) -> dict[int, dict[tuple[str, str], str]]:
    """Criterion and indicator titles per framework version, read once per process and version."""
    missing = [pk for pk in framework_ids if pk not in _TITLES]
    if missing:
        for version in FrameworkVersion.objects.filter(pk__in=missing):
            compiled = version.compiled()
            names: dict[tuple[str, str], str] = {}
            for criterion in compiled.criteria:
                names[(ScoreKind.CRITERION, criterion.code)] = criterion.title
                for indicator in criterion.indicators:
                    names[(ScoreKind.INDICATOR, indicator.code)] = indicator.title
            _TITLES[version.pk] = names
    return {pk: _TITLES.get(pk, {}) for pk in framework_ids}


def weakest_criteria(
    rows: QuerySet[ResultSummary], limit: int | None = 10, filters: Filters | None = None, **kwargs: Any
) -> list[dict[str, Any]]:
    """Criteria by their average share of the maximum points, weakest first (see the module docstring)."""
    return weakest(rows, limit, 0, filters, **kwargs)[0]


def weakest_indicators(
    rows: QuerySet[ResultSummary], limit: int | None = 10, filters: Filters | None = None, **kwargs: Any
) -> list[dict[str, Any]]:
    """Indicators most often not met, most missed first (see the module docstring); two queries."""
    return weakest(rows, 0, limit, filters, **kwargs)[1]


def weakest(
    rows: QuerySet[ResultSummary],
    criteria_limit: int | None = 10,
    indicators_limit: int | None = 10,
    filters: Filters | None = None,
    **kwargs: Any,
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """``weakest_criteria`` and ``weakest_indicators`` together (a limit of 0 leaves one out): the
    results per version, then the criteria and the unmet indicators in one statement (one pass
    over the chosen results' score rows)."""
    chosen = _filters(filters, kwargs).apply(rows)
    per_version: dict[int, int] = {}
    if indicators_limit != 0:
        per_version = dict(
            chosen.exclude(framework__isnull=True)
            .order_by()
            .values_list("framework_id")
            .annotate(n=Count("id"))
        )
    stats = list(
        _scores(chosen, criteria=criteria_limit != 0, missed=indicators_limit != 0)
        .values("framework_id", "scores__kind", "scores__code")
        .annotate(
            communes=Count("scores__id"),
            average=Avg("scores__points"),
            max_points=Avg("scores__max_points"),
            not_met=Count("scores__id", filter=Q(scores__met=False)),
        )
        .order_by()
    )
    names = titles({s["framework_id"] for s in stats if s["framework_id"]})
    criteria = []
    indicators = []
    for s in stats:
        framework_id = s["framework_id"]
        code = s["scores__code"]
        title = names.get(framework_id, {}).get((s["scores__kind"], code), "")
        if s["scores__kind"] == ScoreKind.CRITERION:
            average = Decimal(s["average"] or 0).quantize(Decimal("0.01"))
            maximum = Decimal(s["max_points"] or 0).quantize(Decimal("0.01"))
            criteria.append(
                {
                    "framework_id": framework_id,
                    "code": code,
                    "title": title,
                    "communes": s["communes"],
                    "average": average,
                    "max_points": maximum,
                    "ratio": (average / maximum).quantize(Decimal("0.001")) if maximum else None,
                    "not_met": s["not_met"],
                }
            )
        else:
            communes = per_version.get(framework_id, 0)
            indicators.append(
                {
                    "framework_id": framework_id,
                    "code": code,
                    "title": title,
                    "missed": s["communes"],
                    "communes": communes,
                    "share_missed": percent(s["communes"], communes),
                }
            )
    criteria.sort(key=lambda r: (r["ratio"] if r["ratio"] is not None else Decimal(2), r["code"]))
    indicators.sort(key=lambda r: (-(r["share_missed"] or 0), -r["missed"], r["code"]))
    return (
        criteria[:criteria_limit] if criteria_limit else criteria,
        indicators[:indicators_limit] if indicators_limit else indicators,
    )


def criterion_trend(
    rows: QuerySet[ResultSummary], filters: Filters | None = None, **kwargs: Any
) -> list[dict[str, Any]]:
    """Per year, framework code and criterion: ``communes`` (results scoring it) and ``met`` (results
    where it passed). For trends across generations, joined by the crosswalk; one query."""
    return score_trend(rows, filters, indicators=False, **kwargs)[0]


def indicator_trend(
    rows: QuerySet[ResultSummary], filters: Filters | None = None, **kwargs: Any
) -> tuple[dict[tuple[int, str], int], dict[tuple[int, str, str], int]]:
    """(results per (year, framework code), missed per (year, framework code, indicator)): only
    unmet indicators have rows, so met = results − missed. Two queries."""
    _criteria, results, missed = score_trend(rows, filters, criteria=False, **kwargs)
    return results, missed


def score_trend(
    rows: QuerySet[ResultSummary],
    filters: Filters | None = None,
    *,
    criteria: bool = True,
    indicators: bool = True,
    **kwargs: Any,
) -> tuple[list[dict[str, Any]], dict[tuple[int, str], int], dict[tuple[int, str, str], int]]:
    """``criterion_trend`` and ``indicator_trend`` together: the results per year and framework
    code, then the criteria and the unmet indicators in one statement (one pass over the score
    rows of every year, the largest read of a province's dashboard). Two queries."""
    chosen = _filters(filters, kwargs).apply(rows)
    results: dict[tuple[int, str], int] = {}
    if indicators:
        results = {
            (year, code): n
            for year, code, n in chosen.exclude(framework__isnull=True)
            .order_by()
            .values_list("year", "framework__code")
            .annotate(n=Count("id"))
        }
    found_criteria: list[dict[str, Any]] = []
    missed: dict[tuple[int, str, str], int] = {}
    for r in (
        _scores(chosen, criteria=criteria, missed=indicators)
        .values("year", "framework__code", "scores__kind", "scores__code")
        .annotate(communes=Count("scores__id"), met=Count("scores__id", filter=Q(scores__met=True)))
        .order_by("year", "scores__code")
    ):
        if r["scores__kind"] == ScoreKind.CRITERION:
            found_criteria.append(
                {
                    "year": r["year"],
                    "framework": r["framework__code"],
                    "code": r["scores__code"],
                    "communes": r["communes"],
                    "met": r["met"],
                }
            )
        else:
            missed[(r["year"], r["framework__code"], r["scores__code"])] = r["communes"]
    return found_criteria, results, missed


def _scores(chosen: QuerySet[ResultSummary], *, criteria: bool, missed: bool) -> QuerySet[ResultSummary]:
    """The chosen summary rows joined to their criterion rows and/or their unmet indicator rows: one
    join that the filters of ``chosen`` (a province, years: their indexes) drive. The earlier form,
    the score rows whose summary is ``IN`` the chosen ones, made PostgreSQL hash every summary row
    of the country for their year and framework (about twice the time at national scale)."""
    wanted = Q(pk__in=[])
    if criteria:
        wanted |= Q(scores__kind=ScoreKind.CRITERION)
    if missed:
        wanted |= Q(scores__kind=ScoreKind.INDICATOR, scores__met=False)
    return chosen.filter(wanted)
