"""A province's results for the dashboard, read from the summary rows (``aggregates``): one year's
communes, the weakest criteria and indicators, and the trend from 2017 across framework
generations (through the crosswalk). Every function runs a constant number of queries."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from tiepcan.core.templatetags.tc import vn_number
from tiepcan.frameworks import crosswalk
from tiepcan.frameworks.models import FrameworkVersion
from tiepcan.reports import aggregates
from tiepcan.reports.models import ResultSummary
from tiepcan.units.models import Unit


@dataclass
class Rate:
    code: str
    title: str
    percent: float | None
    detail: str = ""


def weakest(rows: QuerySet[ResultSummary], province: Unit, year: int) -> tuple[list[Rate], list[Rate]]:
    """Criteria by the share of communes meeting them (lowest first), and the ten indicators most
    often not met (the share of communes missing them): two queries."""
    found_criteria, found_indicators = aggregates.weakest(rows, None, 10, province=province, year=year)
    criteria = [
        Rate(
            c["code"],
            c["title"],
            _share(c["communes"] - c["not_met"], c["communes"]),
            _("điểm bình quân %(a)s/%(m)s") % {"a": _vn(c["average"]), "m": _vn(c["max_points"])},
        )
        for c in found_criteria
    ]
    criteria.sort(key=lambda r: (r.percent if r.percent is not None else 101, r.code))
    indicators = [
        Rate(
            i["code"],
            i["title"],
            float(i["share_missed"]) if i["share_missed"] is not None else None,
            _("%(m)s/%(n)s xã không đạt") % {"m": i["missed"], "n": i["communes"]},
        )
        for i in found_indicators
    ]
    return criteria, indicators


def _vn(value: Any) -> str:
    return vn_number(value, "auto")


def _share(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


@dataclass
class Line:
    label: str
    values: dict[int, float | None] = field(default_factory=dict)
    chain: str = ""


@dataclass
class Trend:
    years: list[int] = field(default_factory=list)
    overall: dict[int, float | None] = field(default_factory=dict)
    counts: dict[int, tuple[int, int]] = field(default_factory=dict)
    criteria: list[Line] = field(default_factory=list)
    indicators: list[Line] = field(default_factory=list)
    criteria_note: str = ""
    indicators_note: str = ""


def trend(rows: QuerySet[ResultSummary], province: Unit, closed_years: list[int]) -> Trend:
    """Shares per closed year from the first on; the criteria and (equivalent) indicators of the
    newest framework, followed back through the crosswalk. Five queries whatever the years."""
    out = Trend()
    if not closed_years:
        return out
    first, last = min(closed_years), max(closed_years)
    scope = aggregates.Filters(province=province, years=(first, last))
    per_year = [r for r in aggregates.trend(rows, filters=scope) if r["year"] in closed_years]
    out.years = [r["year"] for r in per_year]
    out.overall = {r["year"]: float(r["share"]) if r["share"] is not None else None for r in per_year}
    out.counts = {r["year"]: (r["recognised"], r["communes"]) for r in per_year}
    criteria, results, missed = aggregates.score_trend(rows, scope)
    year_code: dict[int, str] = {}
    for r in criteria:
        year_code.setdefault(r["year"], r["framework"])
    for (year, code), _n in results.items():
        year_code.setdefault(year, code)
    if not year_code:
        return out
    definitions = _definitions(sorted(set(year_code.values())))
    newest = year_code[max(year_code)]
    if newest not in definitions:
        return out
    titles = _titles(definitions[newest])
    by_criterion = {(r["year"], r["code"]): (r["met"], r["communes"]) for r in criteria}
    for code, chain in crosswalk.lineage(definitions, newest, "criteria", equivalent_only=False).items():
        where = {step.framework: step.code for step in chain}
        line = Line(f"{code} {titles.get(('c', code), '')}"[:60], chain=crosswalk.describe(chain))
        for year in out.years:
            old = where.get(year_code.get(year, ""))
            line.values[year] = (
                _share(*by_criterion[(year, old)]) if old and (year, old) in by_criterion else None
            )
        out.criteria.append(line)
    for code, chain in crosswalk.lineage(definitions, newest, "indicators", equivalent_only=True).items():
        if len(chain) < 2:
            continue  # no equivalent in an earlier generation: nothing to follow
        where = {step.framework: step.code for step in chain}
        line = Line(f"{code} {titles.get(('i', code), '')}"[:60], chain=crosswalk.describe(chain))
        for year in out.years:
            framework = year_code.get(year, "")
            old = where.get(framework)
            total = results.get((year, framework), 0)
            line.values[year] = _share(total - missed.get((year, framework, old), 0), total) if old else None
        out.indicators.append(line)
    out.criteria_note = _(
        "Tiêu chí của bộ tiêu chí mới nhất, nối về các bộ trước theo bảng đối chiếu (tương đương, tách, gộp "
        "hoặc tương ứng một phần: xem chi tiết bên dưới); ô trống khi không có tiêu chí tương ứng."
    )
    out.indicators_note = _("Chỉ nối những chỉ tiêu mà bảng đối chiếu ghi là tương đương.")
    return out


_DEFINITIONS: dict[tuple[int, str], dict[str, Any]] = {}


def _definitions(codes: list[str]) -> dict[str, dict[str, Any]]:
    """The newest version's definition of each framework code: one small query for the versions,
    the 10–18 KB definitions read and decoded once per process and version (a version never changes)."""
    definitions: dict[str, dict[str, Any]] = {}
    newest: dict[str, tuple[int, str]] = {}
    for pk, code, checksum in (
        FrameworkVersion.objects.filter(code__in=codes)
        .order_by("code", "-version")
        .values_list("pk", "code", "checksum")
    ):
        newest.setdefault(code, (pk, checksum))
    missing = [pk for pk, checksum in newest.values() if (pk, checksum) not in _DEFINITIONS]
    if missing:
        for pk, checksum, definition in FrameworkVersion.objects.filter(pk__in=missing).values_list(
            "pk", "checksum", "definition"
        ):
            _DEFINITIONS[(pk, checksum)] = definition
    for code, key in newest.items():
        if key in _DEFINITIONS:
            definitions[code] = _DEFINITIONS[key]
    return definitions


def _titles(definition: dict[str, Any]) -> dict[tuple[str, str], str]:
    titles: dict[tuple[str, str], str] = {}
    for criterion in definition.get("criteria", []):
        titles[("c", criterion["code"])] = criterion.get("title", "")
        for indicator in criterion.get("indicators", []):
            titles[("i", indicator["code"])] = indicator.get("title", "")
    return titles
