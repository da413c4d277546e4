"""A province's results for the dashboard: one year's communes, the weakest criteria and indicators,
and the trend from 2017 across framework generations (through the crosswalk)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from tiepcan.assessments.choices import Status
from tiepcan.assessments.models import Assessment, AssessmentPeriod
from tiepcan.frameworks import crosswalk
from tiepcan.frameworks.models import FrameworkVersion
from tiepcan.reports import dashboard_data
from tiepcan.units.models import Unit

# Statuses that close a year: only they count in shares (a commune still being assessed is no result).
FINAL = (Status.RECOGNISED, Status.NOT_RECOGNISED, Status.REVOKED)


@dataclass
class YearRow:
    unit: Unit
    status: str
    total: Any

    @property
    def recognised(self) -> bool:
        return self.status == Status.RECOGNISED


def period_results(assessments: QuerySet[Assessment], period: AssessmentPeriod) -> list[YearRow]:
    """Each commune of the period with its status and total: one query."""
    rows = (
        assessments.filter(period=period)
        .select_related("unit")
        .only("id", "status", "total", "unit__id", "unit__name", "unit__name_sort", "unit__path", "unit__kind")
    )
    return [YearRow(a.unit, a.status, a.total) for a in rows]


@dataclass
class Rate:
    code: str
    title: str
    met: int = 0
    total: int = 0

    @property
    def percent(self) -> float | None:
        return round(100 * self.met / self.total, 1) if self.total else None


@dataclass
class Weak:
    criteria: list[Rate] = field(default_factory=list)
    indicators: list[Rate] = field(default_factory=list)


def weakest(assessments: QuerySet[Assessment], period: AssessmentPeriod) -> Weak:
    """The share of the year's assessed communes meeting each criterion and indicator, lowest first."""
    criteria, indicators = dashboard_data.item_rates(assessments.filter(period=period))
    titles = _titles(period.framework.definition if hasattr(period, "framework") else {})
    out = Weak(
        [Rate(code, titles.get(("c", code), ""), met, total) for code, (met, total) in criteria.items()],
        [Rate(code, titles.get(("i", code), ""), met, total) for code, (met, total) in indicators.items()],
    )
    out.criteria.sort(key=lambda r: (r.percent if r.percent is not None else 101, r.code))
    out.indicators.sort(key=lambda r: (r.percent if r.percent is not None else 101, r.code))
    return out


def _titles(definition: dict[str, Any]) -> dict[tuple[str, str], str]:
    titles: dict[tuple[str, str], str] = {}
    for criterion in definition.get("criteria", []):
        titles[("c", criterion["code"])] = criterion.get("title", "")
        for indicator in criterion.get("indicators", []):
            titles[("i", indicator["code"])] = indicator.get("title", "")
    return titles


@dataclass
class Line:
    label: str
    values: dict[int, float | None] = field(default_factory=dict)
    chain: str = ""


@dataclass
class Trend:
    years: list[int] = field(default_factory=list)
    overall: dict[int, float | None] = field(default_factory=dict)
    criteria: list[Line] = field(default_factory=list)
    indicators: list[Line] = field(default_factory=list)
    criteria_note: str = ""
    indicators_note: str = ""
    frameworks: dict[int, str] = field(default_factory=dict)


def trend(assessments: QuerySet[Assessment], province: Unit, periods: list[AssessmentPeriod]) -> Trend:
    """Shares per year from the first year on, for the criteria and (equivalent) indicators of the
    newest framework, followed back through the crosswalk: a constant number of queries."""
    closed = [p for p in periods if p.status != "open"]
    out = Trend(years=[p.year for p in closed])
    if not closed:
        return out
    out.frameworks = {p.year: p.framework.code for p in closed}
    codes = sorted(set(out.frameworks.values()))
    # One definition per framework code (the newest version: the links are about generations).
    definitions: dict[str, dict[str, Any]] = {}
    for version in FrameworkVersion.objects.filter(code__in=codes).order_by("code", "-version"):
        definitions.setdefault(version.code, version.definition)
    newest = closed[-1].framework.code
    in_province = assessments.filter(period__in=[p.pk for p in closed])
    overall, criteria, indicators = dashboard_data.yearly_item_rates(in_province)
    out.overall = {y: _pct(*overall.get(y, (0, 0))) for y in out.years}
    titles = _titles(definitions.get(newest, {}))
    year_code = out.frameworks
    for code, chain in crosswalk.lineage(definitions, newest, "criteria", equivalent_only=False).items():
        where = {step.framework: step.code for step in chain}
        line = Line(f"{code} {titles.get(('c', code), '')}"[:70], chain=crosswalk.describe(chain))
        for year in out.years:
            old = where.get(year_code[year])
            line.values[year] = _pct(*criteria[year].get(old, (0, 0))) if old else None
        out.criteria.append(line)
    for code, chain in crosswalk.lineage(definitions, newest, "indicators", equivalent_only=True).items():
        if len(chain) < 2:
            continue  # no equivalent in an earlier generation: nothing to follow
        where = {step.framework: step.code for step in chain}
        line = Line(f"{code} {titles.get(('i', code), '')}"[:70], chain=crosswalk.describe(chain))
        for year in out.years:
            old = where.get(year_code[year])
            line.values[year] = _pct(*indicators[year].get(old, (0, 0))) if old else None
        out.indicators.append(line)
    out.criteria_note = _(
        "Tiêu chí của bộ tiêu chí mới nhất, nối về các bộ trước theo bảng đối chiếu (tương đương, tách, gộp "
        "hoặc tương ứng một phần: xem bảng); đường đứt quãng khi không có tiêu chí tương ứng."
    )
    out.indicators_note = _("Chỉ nối những chỉ tiêu mà bảng đối chiếu ghi là tương đương.")
    return out


def _pct(met: int, total: int) -> float | None:
    return round(100 * met / total, 1) if total else None
