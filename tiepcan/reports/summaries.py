"""Keeping result summary rows current, in the transaction of the change that affects them.

The services that change a result call :func:`sync` inside their own ``transaction.atomic()``:
``assessments.services.transition`` (every step, so a decision and a revocation too),
``save_value`` on a returned dossier (its score is public and changes), ``_snapshot`` and
``move_period`` (rescores), and ``council.revoke`` (the revocation's number and date). There are
no signals: a write that bypasses the services (a bulk ``update()``, a hand edit) is caught by the
nightly :func:`check` (``manage.py run_scheduled check-result-summaries``), which recomputes
every row, reports the drift to the system administrators and fixes it.

A row exists for an assessment from the moment its self-assessment is public (posted, and every
later step); an imported result (``tiepcan.reports.importing``) has its own row, ``source =
imported``. ``province``'s :class:`~tiepcan.reports.models.ResultsVersion` is bumped in the same
transaction, so cached public pages keyed on :func:`version` are right as soon as it commits.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import F, Sum

from tiepcan.assessments.choices import Status
from tiepcan.assessments.models import Assessment
from tiepcan.lib.engine.numbers import to_decimal
from tiepcan.reports.models import ResultScore, ResultSummary, ResultsVersion, ScoreKind, Source
from tiepcan.units.choices import UnitLevel
from tiepcan.units.models import Unit, UnitSuccession

# Statuses whose result the public may read (posted, and every later step).
PUBLIC = (Status.POSTED, Status.SUBMITTED, Status.RETURNED, Status.FORWARDED, Status.RECOMMENDED,
          Status.NOT_RECOMMENDED, Status.RECOGNISED, Status.NOT_RECOGNISED, Status.REVOKED)  # fmt: skip

# The fields a row is compared on by the nightly check (everything derived from the assessment).
COMPARED = ("source", "unit_id", "year", "province_id", "district_id", "current_unit_id", "kind", "framework_id",
            "pass_fail", "status", "public", "total", "max_total", "met", "recognised", "revoked", "decision_id",
            "decision_number", "decision_date", "revoked_on", "revocation_number", "criteria")  # fmt: skip


@dataclass(frozen=True)
class Lineage:
    district_id: int | None
    current_unit_id: int | None


def lineage(units: Iterable[Unit]) -> dict[int, Lineage]:
    """For each commune: its district then (or its first predecessor's) and the commune holding it today.

    Reads the successions in a few queries whatever the number of units (one per merger hop).
    ``units`` need ``parent`` loaded (``select_related("unit__parent")``) to avoid a query each.
    """
    units = list({u.pk: u for u in units}.values())
    result: dict[int, Lineage] = {}
    # District: the parent while districts existed; for a commune formed by the 2025 merger, the
    # district of its first predecessor (a whole one before a part).
    orphans = [u.pk for u in units if not (u.parent_id and u.parent and u.parent.level == UnitLevel.DISTRICT)]
    first_district: dict[int, int] = {}
    if orphans:
        for row in (
            UnitSuccession.objects.filter(
                successor_id__in=orphans, predecessor__parent__level=UnitLevel.DISTRICT
            )
            .order_by("successor_id", "partial", "id")
            .values_list("successor_id", "predecessor__parent_id")
        ):
            first_district.setdefault(row[0], row[1])
    # Today's commune: the unit itself while in force, else follow its successors (a whole one first).
    current: dict[int, int] = {u.pk: u.pk for u in units if u.valid_to is None}
    frontier = {u.pk: u.pk for u in units if u.valid_to is not None}  # unit in the chain -> original
    for _hop in range(5):
        if not frontier:
            break
        step: dict[int, int] = {}
        rows = (
            UnitSuccession.objects.filter(predecessor_id__in=list(frontier))
            .order_by("predecessor_id", "partial", "id")
            .values_list("predecessor_id", "successor_id", "successor__valid_to")
        )
        seen: set[int] = set()
        for predecessor, successor, valid_to in rows:
            if predecessor in seen:
                continue
            seen.add(predecessor)
            origin = frontier[predecessor]
            if valid_to is None:
                current[origin] = successor
            else:
                step[successor] = origin
        frontier = step
    for unit in units:
        district = unit.parent_id if unit.parent_id and unit.parent.level == UnitLevel.DISTRICT else None
        result[unit.pk] = Lineage(district or first_district.get(unit.pk), current.get(unit.pk))
    return result


def _assessments(ids: Iterable[int] | None = None) -> Any:
    rows = Assessment.objects.select_related("unit__parent", "period", "decision_entry__decision").defer(
        "values", "not_arisen", "facts"
    )
    return rows.filter(pk__in=list(ids)) if ids is not None else rows


def expected(assessment: Assessment, line: Lineage) -> tuple[ResultSummary | None, list[ResultScore]]:
    """The row (and its score rows) an assessment should have now; None before it is public."""
    if assessment.status not in PUBLIC:
        return None, []
    score = assessment.score or {}
    entry = getattr(assessment, "decision_entry", None)
    # The decision's annex carries the council's consolidated points: the official result.
    criteria = {c["code"]: str(to_decimal(c["points"])) for c in score.get("criteria", [])}
    total = assessment.total
    if entry is not None:
        criteria.update({k: str(to_decimal(v)) for k, v in (entry.criterion_points or {}).items()})
        total = entry.total
    max_total = score.get("max_total")
    row = ResultSummary(
        source=Source.ASSESSMENT,
        assessment_id=assessment.pk,
        unit_id=assessment.unit_id,
        year=assessment.period.year,
        province_id=assessment.period.province_id,
        district_id=line.district_id,
        current_unit_id=line.current_unit_id,
        kind=assessment.unit.kind,
        framework_id=assessment.period.framework_id,
        pass_fail=pass_fail(assessment.period.framework_id),
        status=assessment.status,
        public=assessment.posted_at is not None,
        total=_money(total),
        max_total=_money(max_total),
        met=assessment.recognisable,
        recognised=assessment.status == Status.RECOGNISED,
        revoked=assessment.status == Status.REVOKED,
        decision_id=entry.decision_id if entry else None,
        decision_number=entry.decision.number if entry else "",
        decision_date=entry.decision.signed_on if entry else None,
        revoked_on=entry.revoked_on if entry else None,
        revocation_number=entry.revocation_number if entry else "",
        criteria=criteria,
    )
    scores = [
        ResultScore(kind=ScoreKind.CRITERION, code=c["code"], points=_money(criteria.get(c["code"])),
                    max_points=_money(c.get("max_points")), met=bool(c.get("passed")))
        for c in score.get("criteria", [])
    ] + [
        ResultScore(kind=ScoreKind.INDICATOR, code=i["code"], points=_money(i.get("points")),
                    max_points=_money(i.get("max_points")), met=False)
        for i in score.get("indicators", []) if not i.get("met")
    ]  # fmt: skip
    return row, scores


_PASS_FAIL: dict[int, bool] = {}


def pass_fail(framework_id: int | None) -> bool:
    """Whether a framework version judges met / not met (read once per process: versions never change)."""
    if framework_id is None:
        return False
    if framework_id not in _PASS_FAIL:
        from tiepcan.frameworks.models import FrameworkVersion

        _PASS_FAIL[framework_id] = FrameworkVersion.objects.get(pk=framework_id).compiled().pass_fail
    return _PASS_FAIL[framework_id]


def _money(value: Any) -> Decimal | None:
    if value is None or value == "":
        return None
    return to_decimal(value).quantize(Decimal("0.01"))


def _key(row: ResultSummary) -> tuple[Any, ...]:
    return tuple(getattr(row, f) for f in COMPARED)


def _score_keys(scores: Iterable[ResultScore]) -> list[tuple[Any, ...]]:
    return sorted((s.kind, s.code, s.points, s.max_points, s.met) for s in scores)


def sync(assessment_ids: Iterable[int]) -> None:
    """Bring the rows of these assessments up to date; call inside the transaction that changed them."""
    ids = list(assessment_ids)
    if not ids:
        return
    assessments = list(_assessments(ids))
    lines = lineage(a.unit for a in assessments)
    existing = {s.assessment_id: s for s in ResultSummary.objects.filter(assessment_id__in=ids)}
    provinces: set[int] = set()
    for assessment in assessments:
        row, scores = expected(assessment, lines[assessment.unit_id])
        old = existing.get(assessment.pk)
        if row is None:
            if old is not None:
                old.delete()
                provinces.add(old.province_id)
            continue
        _save(row, scores, old)
        provinces.add(row.province_id)
    bump(provinces)


def _save(row: ResultSummary, scores: list[ResultScore], old: ResultSummary | None) -> None:
    if old is not None:
        row.pk = old.pk
        row.save(force_update=True)
        ResultScore.objects.filter(summary_id=row.pk).delete()
    else:
        row.save(force_insert=True)
    for score in scores:
        score.summary_id = row.pk
    ResultScore.objects.bulk_create(scores)


def bump(province_ids: Iterable[int]) -> None:
    """Bump the provinces' result versions (inside the caller's transaction)."""
    for province_id in sorted(set(province_ids)):
        if not ResultsVersion.objects.filter(province_id=province_id).update(version=F("version") + 1):
            try:
                with transaction.atomic():
                    ResultsVersion.objects.create(province_id=province_id, version=1)
            except IntegrityError:  # created meanwhile by another transaction
                ResultsVersion.objects.filter(province_id=province_id).update(version=F("version") + 1)


def version() -> int:
    """The sum of every province's result version: changes whenever any public result changes."""
    return ResultsVersion.objects.aggregate(v=Sum("version"))["v"] or 0


def check(*, fix: bool = True, chunk: int = 500, progress: Any = None) -> dict[str, Any]:
    """Recompute every assessment's row and compare; ``fix`` rewrites the rows that differ.

    Returns ``{"checked": n, "missing": [...], "different": [...], "extra": [...]}`` (assessment ids;
    ``extra`` also lists rows whose assessment is no longer public). Imported rows are not touched.
    Rows are written in bulk per chunk (a backfill of the whole country is a few bulk inserts).
    """
    report: dict[str, Any] = {"checked": 0, "missing": [], "different": [], "extra": []}
    ids = list(Assessment.objects.order_by("pk").values_list("pk", flat=True))
    total = len(ids)
    for start in range(0, total, chunk):
        part = ids[start : start + chunk]
        assessments = list(_assessments(part).order_by("pk"))
        lines = lineage(a.unit for a in assessments)
        existing = {
            s.assessment_id: s
            for s in ResultSummary.objects.filter(assessment_id__in=part).prefetch_related("scores")
        }
        stale: list[int] = []
        fresh: list[tuple[ResultSummary, list[ResultScore]]] = []
        touched: set[int] = set()
        for assessment in assessments:
            report["checked"] += 1
            row, scores = expected(assessment, lines[assessment.unit_id])
            old = existing.get(assessment.pk)
            if row is None:
                if old is not None:
                    report["extra"].append(assessment.pk)
                    stale.append(old.pk)
                    touched.add(old.province_id)
                continue
            if old is None:
                report["missing"].append(assessment.pk)
            elif _key(_normalised(old)) != _key(row) or _score_keys(old.scores.all()) != _score_keys(scores):
                report["different"].append(assessment.pk)
                stale.append(old.pk)
            else:
                continue
            fresh.append((row, scores))
            touched.add(row.province_id)
        if fix and (stale or fresh):
            with transaction.atomic():
                ResultScore.objects.filter(summary_id__in=stale).delete()
                ResultSummary.objects.filter(pk__in=stale).delete()
                created = ResultSummary.objects.bulk_create([row for row, _scores in fresh])
                for row, (_same, scores) in zip(created, fresh, strict=True):
                    for score in scores:
                        score.summary_id = row.pk
                ResultScore.objects.bulk_create(
                    [s for _row, scores in fresh for s in scores], batch_size=2000
                )
                bump(touched)
        if progress is not None:
            progress(min(start + chunk, total), total)
    return report


def _normalised(row: ResultSummary) -> ResultSummary:
    """A stored row with its decimals at two places (as :func:`expected` builds them)."""
    row.total, row.max_total = _money(row.total), _money(row.max_total)
    return row


def rebuild(*, chunk: int = 1000, progress: Any = None) -> int:
    """Write the rows of every assessment (the backfill): ``check(fix=True)`` over everything."""
    report = check(fix=True, chunk=chunk, progress=progress)
    return len(report["missing"]) + len(report["different"])
