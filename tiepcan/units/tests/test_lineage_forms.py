"""The two forms of the lineage walk (units joined in each branch, or once after the walk) agree.

:func:`tiepcan.units.lineage.predecessors` and ``successors`` read the reached units in each
branch of the recursive walk when it starts from a few units (a decision, a person's grants) and
join them once after it from more (the nightly check's chunks): the steps, their order, the depth
limit and the guard against a cycle must not depend on which form answered.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tiepcan.reports import summaries
from tiepcan.units import lineage
from tiepcan.units.choices import UnitKind, UnitLevel
from tiepcan.units.importing import import_units
from tiepcan.units.models import Unit, UnitSuccession

pytestmark = pytest.mark.django_db

Walk = Callable[[list[int]], dict[int, list[lineage.Step]]]


def both_forms(monkeypatch: pytest.MonkeyPatch, walk: Walk, ids: list[int]) -> tuple[Any, Any]:
    """The walk's answer with the units joined in each branch, then with them joined after it."""
    monkeypatch.setattr(lineage, "BRANCH_JOIN_MAX", len(ids))
    in_branch = walk(ids)
    monkeypatch.setattr(lineage, "BRANCH_JOIN_MAX", len(ids) - 1)
    after = walk(ids)
    return in_branch, after


def earlier_mergers(communes: list[Unit]) -> None:
    """Communes of 2019–2021 an administrator recorded: each of the first few absorbed the next."""
    for older, newer in zip(communes[1:8:2], communes[0:8:2], strict=True):
        UnitSuccession.objects.create(predecessor=older, successor=newer, effective_on=date(2020, 1, 1))


def test_it_walks_the_demo_province_the_same_in_both_forms(monkeypatch: pytest.MonkeyPatch) -> None:
    import_units(legacy_provinces=[20])
    province = Unit.objects.get(level=UnitLevel.PROVINCE, code="20", valid_to__isnull=True)
    communes = Unit.objects.filter(path__startswith=province.path, level=UnitLevel.COMMUNE).order_by("code")
    current = list(communes.filter(valid_to__isnull=True).values_list("pk", flat=True))
    former = list(communes.filter(valid_to__isnull=False))
    earlier_mergers(former)
    former_ids = [u.pk for u in former]
    for walk, ids in ((lineage.predecessors, current), (lineage.successors, former_ids)):
        in_branch, after = both_forms(monkeypatch, walk, ids)
        assert in_branch == after
        assert sum(len(steps) for steps in in_branch.values()) >= len(former)
        assert max(s.depth for steps in in_branch.values() for s in steps) == 2
        # One commune at a time (the decision path) reads what the whole province's walk read.
        for unit_id in ids[:10]:
            one_in_branch, one_after = both_forms(monkeypatch, walk, [unit_id])
            assert one_in_branch == one_after
            assert one_in_branch.get(unit_id) == in_branch.get(unit_id)
    # What the summary rows are built from (former districts, today's commune) is the same too.
    units = list(communes.select_related("parent"))
    monkeypatch.setattr(lineage, "BRANCH_JOIN_MAX", 10**6)
    joined_in_branch = summaries.lineage(units)
    monkeypatch.setattr(lineage, "BRANCH_JOIN_MAX", 0)
    assert summaries.lineage(units) == joined_in_branch


@pytest.fixture
def chain(world: Any) -> list[Unit]:
    """A commune merged into the next, MAX_DEPTH + 3 times over; a second one merged, in part, into
    the third; and a succession recorded by mistake from the sixth back to the second (a cycle)."""
    district = world.D1
    links = [
        Unit.objects.create(
            kind=UnitKind.COMMUNE,
            code=f"9{i:04d}",
            name=f"Xã Chuỗi {i}",
            parent=district,
            valid_to=date(2000 + i, 12, 31),
        )
        for i in range(lineage.MAX_DEPTH + 4)
    ]
    for i, (older, newer) in enumerate(itertools.pairwise(links)):
        UnitSuccession.objects.create(predecessor=older, successor=newer, effective_on=date(2001 + i, 1, 1))
    side = Unit.objects.create(kind=UnitKind.COMMUNE, code="98888", name="Xã Bên", parent=district)
    UnitSuccession.objects.create(
        predecessor=side, successor=links[2], partial=True, effective_on=date(2003, 1, 1)
    )
    UnitSuccession.objects.create(predecessor=links[5], successor=links[1], effective_on=date(2007, 1, 1))
    return [*links, side]


def test_it_walks_a_long_chain_with_a_cycle_the_same_in_both_forms(
    chain: list[Unit], monkeypatch: pytest.MonkeyPatch
) -> None:
    ids = [u.pk for u in chain]
    for walk in (lineage.predecessors, lineage.successors):
        in_branch, after = both_forms(monkeypatch, walk, ids)
        assert in_branch == after
        for unit_id in (ids[0], ids[2], ids[-2]):
            assert both_forms(monkeypatch, walk, [unit_id])[0].get(unit_id) == in_branch.get(unit_id)
    back = lineage.predecessors([chain[-2].pk])[chain[-2].pk]
    # The depth limit: the walk stops MAX_DEPTH mergers back, the cycle read at most once per edge.
    assert max(s.depth for s in back) == lineage.MAX_DEPTH
    assert len({(s.unit_id, s.via) for s in back}) == len(back)
    assert chain[-2].pk not in {s.unit_id for s in back}
    # From inside the cycle the walk never lists its start.
    forward = lineage.successors([chain[1].pk])[chain[1].pk]
    assert chain[1].pk not in {s.unit_id for s in forward}
    assert [s.unit_id for s in forward if s.depth == 1] == [chain[2].pk]


def test_it_joins_in_each_branch_for_a_few_units_and_after_the_walk_for_many(chain: list[Unit]) -> None:
    ids = [u.pk for u in chain]
    few, many = ids[:1], [*ids, *range(10**6, 10**6 + lineage.BRANCH_JOIN_MAX)]
    for ids_asked, joined_in_branch in ((few, True), (many, False)):
        with CaptureQueriesContext(connection) as captured:
            lineage.predecessors(ids_asked)
        assert len(captured.captured_queries) == 1
        sql = captured.captured_queries[0]["sql"]
        assert ("LEFT JOIN" in sql.split("UNION")[0]) is joined_in_branch
