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

from collections import Counter
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, connection, transaction
from django.db.models import F

from tiepcan.assessments.choices import Status
from tiepcan.assessments.models import Assessment
from tiepcan.core import bulk
from tiepcan.frameworks.models import FrameworkVersion
from tiepcan.lib.engine.numbers import to_decimal
from tiepcan.lib.engine.scoring import STATE_PLACEHOLDER
from tiepcan.reports.models import (
    ResultDistrict,
    ResultScore,
    ResultSummary,
    ResultsVersion,
    ScoreKind,
    Source,
)
from tiepcan.units import lineage as units_lineage
from tiepcan.units.choices import UnitLevel
from tiepcan.units.models import Unit

# Statuses whose result the public may read (posted, and every later step).
PUBLIC = (
    Status.POSTED,
    Status.SUBMITTED,
    Status.RETURNED,
    Status.FORWARDED,
    Status.RECOMMENDED,
    Status.NOT_RECOMMENDED,
    Status.RECOGNISED,
    Status.NOT_RECOGNISED,
    Status.REVOKED,
)

# The fields a row is compared on by the nightly check (everything derived from the assessment).
COMPARED = (
    "source",
    "unit_id",
    "year",
    "province_id",
    "district_id",
    "current_unit_id",
    "kind",
    "framework_id",
    "pass_fail",
    "status",
    "public",
    "total",
    "max_total",
    "met",
    "recognised",
    "revoked",
    "decision_id",
    "decision_number",
    "decision_date",
    "revoked_on",
    "revocation_number",
    "criteria",
)


@dataclass(frozen=True)
class Lineage:
    district_id: int | None
    current_unit_id: int | None
    # Every former district the result counts toward (``district_id`` first); see ResultDistrict.
    district_ids: tuple[int, ...] = ()


def _district(parent_id: int | None, parent_level: int | None) -> int | None:
    return parent_id if parent_id and parent_level == UnitLevel.DISTRICT else None


def lineage(units: Iterable[Unit]) -> dict[int, Lineage]:
    """For each commune: its former district(s) and the commune holding its territory today.

    Districts: the parent while districts existed. A commune formed by the 2025 merger descends
    from communes of one or more former districts: it counts toward each of them. The walk goes
    back through every recorded merger (2025, then the 2019–2021 ones an administrator recorded)
    and stops, on each branch, at the first commune that had a district. The first of them (a
    whole predecessor before a part, then the order the successions were recorded in) is the
    ``district_id`` lists show.

    Today's commune: the unit itself while in force, else its successors followed to today (a
    whole one before a part).

    Two queries whatever the number of units and mergers (the recursive walks of
    :mod:`tiepcan.units.lineage`). ``units`` need ``parent`` loaded (``select_related("unit__parent")``).
    """
    units = list({u.pk: u for u in units}.values())
    own = {u.pk: _district(u.parent_id, u.parent.level if u.parent_id and u.parent else None) for u in units}
    orphans = [pk for pk, district in own.items() if district is None]
    districts: dict[int, list[int]] = {}
    for root, steps in units_lineage.predecessors(orphans).items():
        # Breadth first from the commune: a branch ends at the first commune with a district.
        ended: set[int] = set()
        found: list[int] = []
        reachable = {root}
        for step in steps:  # nearest first
            if step.via not in reachable or step.via in ended:
                continue
            district = _district(step.parent_id, step.parent_level)
            if district is not None:
                ended.add(step.unit_id)
                if district not in found:
                    found.append(district)
            reachable.add(step.unit_id)
        districts[root] = found
    current: dict[int, int] = {u.pk: u.pk for u in units if u.valid_to is None}
    retired = [u.pk for u in units if u.valid_to is not None]
    for root, steps in units_lineage.successors(retired).items():
        # Follow the first successor at each merger (steps are ordered whole before part).
        at = root
        for _hop in range(units_lineage.MAX_DEPTH):
            successor = next((s for s in steps if s.via == at), None)
            if successor is None:
                break
            at = successor.unit_id
            if successor.valid_to is None:
                current[root] = at
                break
    result: dict[int, Lineage] = {}
    for unit in units:
        district = own[unit.pk]
        ids = [district] if district is not None else districts.get(unit.pk, [])
        result[unit.pk] = Lineage(ids[0] if ids else None, current.get(unit.pk), tuple(ids))
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
        ResultScore(
            kind=ScoreKind.CRITERION,
            code=c["code"],
            points=_money(criteria.get(c["code"])),
            max_points=_money(c.get("max_points")),
            met=bool(c.get("passed")),
        )
        for c in score.get("criteria", [])
    ] + [
        ResultScore(
            kind=ScoreKind.INDICATOR,
            code=i["code"],
            points=_money(i.get("points")),
            max_points=_money(i.get("max_points")),
            met=False,
        )
        for i in score.get("indicators", [])
        # A placeholder (an indicator whose text is not in hand) is not scored: never "not met".
        if not i.get("met") and i.get("state") != STATE_PLACEHOLDER
    ]
    return row, scores


_PASS_FAIL: dict[int, bool] = {}


def pass_fail(framework_id: int | None) -> bool:
    """Whether a framework version judges met / not met (read once per process: versions never change)."""
    if framework_id is None:
        return False
    if framework_id not in _PASS_FAIL:
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
    """Bring the rows of these assessments up to date; call inside the transaction that changed them.

    Inside :func:`deferred` the ids are noted and the rows written once, when it ends."""
    ids = list(assessment_ids)
    if not ids:
        return
    pending = _pending.get()
    if pending is not None:
        pending.append(ids)
        return
    _sync([ids])


# The calls of sync() waiting for the end of the innermost deferred() block (None outside one).
_pending: ContextVar[list[list[int]] | None] = ContextVar("summaries_pending", default=None)


@contextmanager
def deferred() -> Iterator[None]:
    """Inside the block, :func:`sync` only notes its assessments; at its end (still inside the
    caller's transaction) their rows are written at once, each province's version bumped as many
    times as the calls would have. A decision of sixty communes steps sixty transitions, each
    calling sync: one walk of the lineage and one write of the rows instead of sixty. Nothing
    may read the summary rows of these assessments inside the block. A block that raises writes
    nothing (its transaction rolls back); inside another block, the outer one writes."""
    if _pending.get() is not None:
        yield
        return
    calls: list[list[int]] = []
    token = _pending.set(calls)
    try:
        yield
    finally:
        _pending.reset(token)
    _sync(calls)


def _sync(calls: list[list[int]]) -> None:
    """The rows of every assessment of ``calls`` (lists of ids, one per call of :func:`sync`)."""
    ids = list(dict.fromkeys(pk for call in calls for pk in call))
    if not ids:
        return
    # With each assessment its row as it stands (a left join: no second query).
    assessments = list(_assessments(ids).select_related("summary"))
    lines = lineage(a.unit for a in assessments)
    existing = {a.pk: a.summary for a in assessments if hasattr(a, "summary")}
    province_of: dict[int, int] = {}  # assessment -> the province whose results it changed
    changed: list[tuple[ResultSummary, list[ResultScore], Lineage]] = []
    added: list[tuple[ResultSummary, list[ResultScore], Lineage]] = []
    for assessment in assessments:
        line = lines[assessment.unit_id]
        row, scores = expected(assessment, line)
        old = existing.get(assessment.pk)
        if row is None:
            if old is not None:
                old.delete()
                province_of[assessment.pk] = old.province_id
            continue
        if old is not None:
            row.pk = old.pk
            changed.append((row, scores, line))
        else:
            added.append((row, scores, line))
        province_of[assessment.pk] = row.province_id
    if changed:
        # One UPDATE a row: bulk_update()'s CASE over every field took four times as long for 60.
        for row, _scores, _line in changed:
            row.save(force_update=True)
        pks = [row.pk for row, _scores, _line in changed]
        # One DELETE each, without reading the rows first as delete() does for the (audit's) delete
        # signals: these rows are not audited and nothing refers to them.
        for model in (ResultScore, ResultDistrict):
            model.objects.filter(summary_id__in=pks)._raw_delete(model.objects.db)
    for row, _scores, _line in added:
        row.save(force_insert=True)
    written = changed + added
    for row, scores, _line in written:
        for score in scores:
            score.summary_id = row.pk
    ResultScore.objects.bulk_create([score for _row, scores, _line in written for score in scores])
    ResultDistrict.objects.bulk_create([d for row, _scores, line in written for d in districts(row.pk, line)])
    # Each call bumps every province it changed a row of, once (as a call of its own would).
    bumps: Counter[int] = Counter()
    for call in calls:
        bumps.update({province_of[pk] for pk in call if pk in province_of})
    _bump(bumps)


def districts(summary_id: int, line: Lineage) -> list[ResultDistrict]:
    """The rows that count a result toward each former district it descends from."""
    shared = len(line.district_ids) > 1
    return [ResultDistrict(summary_id=summary_id, district_id=d, shared=shared) for d in line.district_ids]


def bump(province_ids: Iterable[int]) -> None:
    """Bump the provinces' result versions (inside the caller's transaction)."""
    _bump(Counter(set(province_ids)))


def _bump(times: Counter[int]) -> None:
    """Bump each province's result version by the number of times given."""
    for province_id, by in sorted(times.items()):
        if not ResultsVersion.objects.filter(province_id=province_id).update(version=F("version") + by):
            try:
                with transaction.atomic():
                    ResultsVersion.objects.create(province_id=province_id, version=by)
            except IntegrityError:  # created meanwhile by another transaction
                ResultsVersion.objects.filter(province_id=province_id).update(version=F("version") + by)


def version() -> int:
    """The sum of every province's result version: changes whenever any public result changes.

    Read by every public page and open-data file (their cache key), warm or cold: one constant
    statement, without the ORM's building of an aggregate (most of this query's cost)."""
    table = connection.ops.quote_name(ResultsVersion._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT SUM(version) FROM {table}")  # noqa: S608 - the model's table name
        row = cursor.fetchone()
    return int(row[0] or 0) if row else 0


def check(*, fix: bool = True, chunk: int = 500, progress: Any = None) -> dict[str, Any]:
    """Recompute every assessment's row and compare; ``fix`` rewrites the rows that differ.

    Returns ``{"checked": n, "missing": [...], "different": [...], "extra": [...]}`` (assessment ids;
    ``extra`` also lists rows whose assessment is no longer public). Imported rows are not touched.
    Rows are written in bulk per chunk (:func:`tiepcan.core.bulk.insert`: ``COPY`` on PostgreSQL).
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
            for s in ResultSummary.objects.filter(assessment_id__in=part).prefetch_related(
                "scores", "former_districts"
            )
        }
        stale: list[int] = []
        fresh: list[tuple[ResultSummary, list[ResultScore], Lineage]] = []
        touched: set[int] = set()
        for assessment in assessments:
            report["checked"] += 1
            line = lines[assessment.unit_id]
            row, scores = expected(assessment, line)
            old = existing.get(assessment.pk)
            if row is None:
                if old is not None:
                    report["extra"].append(assessment.pk)
                    stale.append(old.pk)
                    touched.add(old.province_id)
                continue
            if old is None:
                report["missing"].append(assessment.pk)
            elif (
                _key(_normalised(old)) != _key(row)
                or _score_keys(old.scores.all()) != _score_keys(scores)
                or sorted(d.district_id for d in old.former_districts.all()) != sorted(line.district_ids)
            ):
                report["different"].append(assessment.pk)
                stale.append(old.pk)
            else:
                continue
            fresh.append((row, scores, line))
            touched.add(row.province_id)
        if fix and (stale or fresh):
            with transaction.atomic():
                ResultScore.objects.filter(summary_id__in=stale).delete()
                ResultDistrict.objects.filter(summary_id__in=stale).delete()
                ResultSummary.objects.filter(pk__in=stale).delete()
                created = bulk.insert(ResultSummary, [row for row, _scores, _line in fresh])
                former: list[ResultDistrict] = []
                for row, (_same, scores, line) in zip(created, fresh, strict=True):
                    for score in scores:
                        score.summary_id = row.pk
                    former += districts(row.pk, line)
                bulk.insert(ResultScore, [s for _row, scores, _line in fresh for s in scores])
                bulk.insert(ResultDistrict, former)
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
