"""A unit's lineage through every recorded merger, read in one query whatever its depth.

Successions (:class:`~tiepcan.units.models.UnitSuccession`) form a graph: a commune of 2025
absorbed communes of 30/6/2025, which may themselves have absorbed communes in 2019–2021 (an
administrator records those, the unit packages do not carry them). Walking that graph one hop
per query makes a page's query count grow with the number of mergers; here a single recursive
common table expression (``WITH RECURSIVE``, the same SQL on PostgreSQL and SQLite) returns
every step at once.

* :func:`predecessors` — for each unit, every unit merged into it, any number of mergers back;
* :func:`successors` — for each unit, every unit it flowed into, up to today.

Steps come nearest first, then a whole succession before a part, then in the order the
successions were recorded. Each step says which unit it reached, through which edge (``via``: the unit one merger closer to
the start), how many mergers away (``depth``, 1 = a direct predecessor or successor), whether the
edge was a part only, and the reached unit's ``path``, ``parent_id``, parent level and
``valid_to``, so callers need no second query for the usual questions.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.db import connection

from tiepcan.lib.engine.numbers import MAX_ID
from tiepcan.units.models import Unit, UnitSuccession

# A lineage deeper than this is a data error (a cycle recorded by hand): the walk stops there.
MAX_DEPTH = 12


@dataclass(frozen=True)
class Step:
    root: int  # the unit the walk started from
    unit_id: int  # the unit reached
    via: int  # the unit one merger closer to root (root itself at depth 1)
    depth: int
    partial: bool
    path: str
    parent_id: int | None
    parent_level: int | None
    valid_to: date | None


# Up to this many starting units the walk reads each reached unit in the branch that reaches it
# (by primary key); from more, it joins the units once after the walk. Joined after the walk,
# PostgreSQL hashes every unit whatever the number of steps (20 ms for one commune of ten
# predecessors, against 0.3 ms in the branch); read in the branch, it joins every succession
# with its unit in the recursive step, which costs more than that hash once the walk starts from
# hundreds of units (the nightly check's chunks of 500: 70 ms after, 225 ms in the branch). A
# decision (``summaries.sync``) or a person's grants start from one to a few dozen units. On the
# national bench (docs/results.md, "The decision path") the forms cross between 250 and 500
# starting units: 100 leaves a margin on both sides.
BRANCH_JOIN_MAX = 100


def _walk(unit_ids: Iterable[int], backwards: bool) -> list[Step]:
    """The steps from ``unit_ids``, in the order the module describes; one query.

    The two forms of the query (see :data:`BRANCH_JOIN_MAX`) return the same rows."""
    ids = sorted({int(i) for i in unit_ids})
    if not ids:
        return []
    sql = _sql(len(ids), backwards, in_branch=len(ids) <= BRANCH_JOIN_MAX)
    with connection.cursor() as cursor:
        cursor.execute(sql, [*ids, MAX_DEPTH])
        rows = cursor.fetchall()
    steps: list[Step] = []
    seen: set[tuple[int, int, int]] = set()
    for root, unit_id, via, depth, partial, path, parent_id, parent_level, valid_to in rows:
        if unit_id == root or (root, unit_id, via) in seen:
            continue  # a cycle back to the start, or the same edge reached at a greater depth
        seen.add((root, unit_id, via))
        if isinstance(valid_to, str):  # SQLite returns dates as text through a raw cursor
            valid_to = date.fromisoformat(valid_to)
        steps.append(Step(root, unit_id, via, depth, bool(partial), path, parent_id, parent_level, valid_to))
    return steps


def _sql(count: int, backwards: bool, *, in_branch: bool) -> str:
    """The recursive walk from ``count`` units (their ids, then the depth limit, as parameters).

    ``in_branch``: each branch joins the unit it reaches (and its parent); else the walk reads
    the successions only and the units are joined once to its result. Both list the same rows in
    the same order (a succession's units always exist: foreign keys)."""
    q = connection.ops.quote_name
    succession, unit = q(UnitSuccession._meta.db_table), q(Unit._meta.db_table)
    # Walking back: from a successor to its predecessors; forward: the other way round.
    near, far = ("successor_id", "predecessor_id") if backwards else ("predecessor_id", "successor_id")
    marks = ", ".join(["%s"] * count)
    order = "ORDER BY c.root, c.depth, c.partial, c.edge"
    if in_branch:
        units = f"JOIN {unit} u ON u.id = s.{far} LEFT JOIN {unit} p ON p.id = u.parent_id"
        fields = "u.path, u.parent_id, p.level, u.valid_to"
        return f"""
            WITH RECURSIVE chain(root, unit_id, via, depth, partial, edge, path, parent_id, level, until) AS (
                SELECT s.{near}, s.{far}, s.{near}, 1, s.partial, s.id, {fields}
                FROM {succession} s {units} WHERE s.{near} IN ({marks})
                UNION
                SELECT c.root, s.{far}, s.{near}, c.depth + 1, s.partial, s.id, {fields}
                FROM chain c JOIN {succession} s ON s.{near} = c.unit_id {units}
                WHERE c.depth < %s
            )
            SELECT c.root, c.unit_id, c.via, c.depth, c.partial, c.path, c.parent_id, c.level, c.until
            FROM chain c {order}
        """  # noqa: S608 - table and column names from the models, values as parameters
    return f"""
        WITH RECURSIVE chain(root, unit_id, via, depth, partial, edge) AS (
            SELECT s.{near}, s.{far}, s.{near}, 1, s.partial, s.id
            FROM {succession} s WHERE s.{near} IN ({marks})
            UNION
            SELECT c.root, s.{far}, s.{near}, c.depth + 1, s.partial, s.id
            FROM chain c JOIN {succession} s ON s.{near} = c.unit_id
            WHERE c.depth < %s
        )
        SELECT c.root, c.unit_id, c.via, c.depth, c.partial, u.path, u.parent_id, p.level, u.valid_to
        FROM chain c
        JOIN {unit} u ON u.id = c.unit_id
        LEFT JOIN {unit} p ON p.id = u.parent_id
        {order}
    """  # noqa: S608 - table and column names from the models, values as parameters


def predecessors(unit_ids: Iterable[int]) -> dict[int, list[Step]]:
    """For each unit, the units merged into it through every recorded merger (nearest first); one query."""
    out: dict[int, list[Step]] = {}
    for step in _walk(unit_ids, backwards=True):
        out.setdefault(step.root, []).append(step)
    return out


def successors(unit_ids: Iterable[int]) -> dict[int, list[Step]]:
    """For each unit, the units it flowed into through every later merger (nearest first); one query."""
    out: dict[int, list[Step]] = {}
    for step in _walk(unit_ids, backwards=False):
        out.setdefault(step.root, []).append(step)
    return out


def predecessor_ids(unit_id: int) -> list[int]:
    """Every unit merged into ``unit_id``, any number of mergers back, nearest first; one query."""
    ids: list[int] = []
    for step in predecessors([unit_id]).get(unit_id, []):
        if step.unit_id not in ids:
            ids.append(step.unit_id)
    return ids


@dataclass(frozen=True)
class Relative:
    """A unit of a :func:`family`, with what a page shows of it."""

    pk: int
    name: str
    code: str
    level: int
    kind: str
    parent_name: str
    valid_from: date | None
    valid_to: date | None


@dataclass(frozen=True)
class Family:
    unit: Relative
    predecessors: list[Relative]  # through every recorded merger, nearest first, each once
    successors: list[Relative]  # the units it flowed into directly


def family(unit_id: int) -> Family | None:
    """The unit, every unit merged into it (any number of mergers back, the same walk and order as
    :func:`predecessors`) and the units it flowed into, each with its name, code and parent's
    name, in one query (a public page of a commune's history needs nothing else of them). None
    when there is no such unit."""
    if not 0 < unit_id <= MAX_ID:
        return None  # raw SQL: out of a key's range SQLite raises where the ORM finds nothing
    q = connection.ops.quote_name
    succession, unit = q(UnitSuccession._meta.db_table), q(Unit._meta.db_table)
    # Each unit's fields (and its parent's name) are read in the branch that reaches it, by primary
    # key: joined once after the walk, PostgreSQL guesses a thousand steps and hashes every unit.
    fields = "u.name, u.code, u.level, u.kind, p.name, u.valid_from, u.valid_to"
    units = f"JOIN {unit} u ON u.id = {{}} LEFT JOIN {unit} p ON p.id = u.parent_id"
    sql = f"""
        WITH RECURSIVE chain(unit_id, depth, partial, edge, name, code, level, kind, parent, since, until) AS (
            SELECT s.predecessor_id, 1, s.partial, s.id, {fields}
            FROM {succession} s {units.format("s.predecessor_id")}
            WHERE s.successor_id = %s
            UNION
            SELECT s.predecessor_id, c.depth + 1, s.partial, s.id, {fields}
            FROM chain c JOIN {succession} s ON s.successor_id = c.unit_id {units.format("s.predecessor_id")}
            WHERE c.depth < %s
        )
        SELECT 0, u.id, {fields}, 0, FALSE, 0 FROM {unit} u LEFT JOIN {unit} p ON p.id = u.parent_id
        WHERE u.id = %s
        UNION ALL
        SELECT 1, unit_id, name, code, level, kind, parent, since, until, depth, partial, edge FROM chain
        UNION ALL
        SELECT 2, s.successor_id, {fields}, 1, s.partial, s.id
        FROM {succession} s {units.format("s.successor_id")}
        WHERE s.predecessor_id = %s
        ORDER BY 1, 10, 11, 12
    """  # noqa: S608 - table and column names from the models, values as parameters
    with connection.cursor() as cursor:
        cursor.execute(sql, [unit_id, MAX_DEPTH, unit_id, unit_id])
        rows = cursor.fetchall()
    found: Relative | None = None
    before: list[Relative] = []
    after: list[Relative] = []
    seen: set[int] = set()
    for role, pk, name, code, level, kind, parent_name, valid_from, valid_to, *_order in rows:
        relative = Relative(
            pk, name, code, level, kind, parent_name or "", _date(valid_from), _date(valid_to)
        )
        if role == 0:
            found = relative
        elif role == 1 and pk != unit_id and pk not in seen:  # not a cycle back, each unit once
            seen.add(pk)
            before.append(relative)
        elif role == 2:
            after.append(relative)
    return Family(found, before, after) if found is not None else None


def _date(value: date | str | None) -> date | None:
    """A date read through a raw cursor (SQLite returns text)."""
    return date.fromisoformat(value) if isinstance(value, str) else value
