"""History across several mergers: former districts of a merged commune, and who reads which results.

The world's N1 (formed on 1/7/2025) absorbed C1 and C2 of district D1. Here it also absorbs C3 of a
second district D2, and C1 had itself absorbed C0 in 2020 (a merger the unit packages lack and an
administrator recorded), so N1's lineage spans two former districts and two mergers.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tiepcan.accounts.choices import Action, Role
from tiepcan.accounts.permissions import build_grants
from tiepcan.assessments.tests.test_council_and_decision import build_forwarded
from tiepcan.reports import aggregates, summaries
from tiepcan.reports.models import ResultDistrict, ResultSummary
from tiepcan.reports.tests.test_dashboards import _history
from tiepcan.testing import World
from tiepcan.units import lineage
from tiepcan.units.choices import UnitKind
from tiepcan.units.models import Unit, UnitSuccession

pytestmark = pytest.mark.django_db

END, START = date(2025, 6, 30), date(2025, 7, 1)


@pytest.fixture(autouse=True)
def _no_cached_pages() -> Iterator[None]:
    """The portal caches pages per results version: none may leak into another test (or from one)."""
    cache.clear()
    yield
    cache.clear()


def second_district(world: World) -> Unit:
    """District D2 with commune C3, merged into N1 on 1/7/2025 with D1's C1 and C2."""
    d2 = Unit.objects.create(
        kind=UnitKind.RURAL_DISTRICT, code="902", name="Huyện Sông Suối", parent=world.P1, valid_to=END
    )
    c3 = Unit.objects.create(kind=UnitKind.COMMUNE, code="90003", name="Xã Cầu Tre", parent=d2, valid_to=END)
    UnitSuccession.objects.create(predecessor=c3, successor=world.N1, effective_on=START)
    world.units.update(D2=d2, C3=c3)
    return d2


def earlier_merger(world: World) -> Unit:
    """C0 of D1, merged into C1 on 1/1/2020 (recorded by an administrator, as the unit page does)."""
    c0 = Unit.objects.create(
        kind=UnitKind.COMMUNE, code="90000", name="Xã Cũ Xưa", parent=world.D1, valid_to=date(2019, 12, 31)
    )
    UnitSuccession.objects.create(predecessor=c0, successor=world.C1, effective_on=date(2020, 1, 1))
    world.units["C0"] = c0
    return c0


def test_the_walk_reads_every_merger_back_and_forward_in_one_query(world: World) -> None:
    second_district(world)
    c0 = earlier_merger(world)
    with CaptureQueriesContext(connection) as captured:
        back = lineage.predecessors([world.N1.pk])[world.N1.pk]
    assert len(captured.captured_queries) == 1
    assert [(s.unit_id, s.depth) for s in back] == [
        (world.C1.pk, 1),
        (world.C2.pk, 1),
        (world.C3.pk, 1),
        (c0.pk, 2),
    ]
    assert back[-1].via == world.C1.pk and back[-1].parent_id == world.D1.pk
    forward = lineage.successors([c0.pk])[c0.pk]
    assert [(s.unit_id, s.depth, s.valid_to) for s in forward] == [
        (world.C1.pk, 1, END),
        (world.N1.pk, 2, None),
    ]


def test_a_cycle_recorded_by_mistake_ends_the_walk(world: World) -> None:
    UnitSuccession.objects.create(predecessor=world.N1, successor=world.C1, effective_on=START)
    found = lineage.predecessor_ids(world.N1.pk)
    assert set(found) == {world.C1.pk, world.C2.pk}


def test_a_commune_formed_from_two_former_districts_counts_toward_both(world: World) -> None:
    d2 = second_district(world)
    build_forwarded(world)  # N1's 2026 result, written by the services
    row = ResultSummary.objects.get(unit=world.N1)
    # The first whole predecessor's district stays the one lists show; both count in aggregates.
    assert row.district == world.D1
    assert sorted(ResultDistrict.objects.filter(summary=row).values_list("district_id", "shared")) == sorted(
        [(world.D1.pk, True), (d2.pk, True)]
    )
    rows = ResultSummary.objects.all()
    by_district = aggregates.shares(rows, "district", year=2026)
    assert [(r["district_name"], r["communes"], r["shared"]) for r in by_district] == [
        ("Huyện Đồi Núi", 1, 1),
        ("Huyện Sông Suối", 1, 1),
    ]
    assert aggregates.totals(rows, year=2026, district=d2)["communes"] == 1
    assert aggregates.totals(rows, year=2026)["communes"] == 1  # the province counts it once
    # The nightly check agrees with what the services wrote, and restores a lost district.
    ResultDistrict.objects.filter(district=d2).delete()
    report = summaries.check()
    assert report["different"] == [row.assessment_id]
    assert ResultDistrict.objects.filter(summary__unit=world.N1, district=d2).exists()


def test_the_dashboard_states_the_rule_and_marks_the_shared_communes(world: World, login) -> None:
    second_district(world)
    build_forwarded(world)
    html = login(world.users[Role.PROVINCE_ADMIN]).get(reverse("dashboards:province") + "?nam=2026")
    text = html.content.decode()
    assert "Huyện Sông Suối" in text
    assert "tính vào mỗi huyện cũ" in text


def test_a_commune_officer_reads_the_results_of_every_merger_back_and_no_wider(world: World, login) -> None:
    earlier_merger(world)
    _history(world, [2019])  # C0, C1 and C2 were communes of D1 in 2019
    c0_row = ResultSummary.objects.get(unit=world.C0, year=2019)
    # The lineage of the summary row runs through both mergers.
    assert (c0_row.district_id, c0_row.current_unit_id) == (world.D1.pk, world.N1.pk)
    officer = world.users[Role.COMMUNE_OFFICER]  # of N1
    readable = ResultSummary.objects.for_user(officer, Action.VIEW_ASSESSMENTS)
    assert set(readable.values_list("unit__code", flat=True)) == {"90000", "90001", "90002"}
    # Reading, not acting: the officer holds nothing on the predecessors.
    assert not build_grants(officer).allows(Action.SELF_ASSESS, world.C0)
    # Someone of N2 (formed from nothing recorded here) reads none of them.
    assert not ResultSummary.objects.for_user(world.users["target"], Action.VIEW_ASSESSMENTS).exists()

    client = login(officer)
    cache.clear()  # the portal caches a commune's page per results version
    page = client.get(reverse("units:unit_detail", kwargs={"pk": world.N1.pk})).content.decode()
    assert "Xã Cũ Xưa" in page
    public = client.get(reverse("portal:commune", kwargs={"pk": world.N1.pk})).content.decode()
    assert "Xã Cũ Xưa" in public


def test_the_unit_page_lists_every_merger_back_dated_each_under_the_unit_it_formed(
    world: World, login
) -> None:
    second_district(world)
    earlier_merger(world)
    page = login(world.users[Role.COMMUNE_OFFICER]).get(
        reverse("units:unit_detail", kwargs={"pk": world.N1.pk})
    )
    text = page.content.decode()
    formed_from = text[text.index("Hình thành từ:") :]
    formed_from = formed_from[: formed_from.index("</div>")]
    # N1's three direct predecessors, and C0 (merged into C1 in 2020) nested under C1: two lists.
    assert formed_from.count("<ul") == 2
    c1, c0, c2 = (formed_from.index(name) for name in (world.C1.name, "Xã Cũ Xưa", world.C2.name))
    assert c1 < c0 < c2
    assert "sáp nhập ngày 01/01/2020" in formed_from and "sáp nhập ngày 01/07/2025" in formed_from
    assert "Huyện Sông Suối" in formed_from  # C3's former district


def test_reading_the_history_costs_the_same_queries_one_merger_back_or_two(world: World, login) -> None:
    _history(world, [2019])
    client = login(world.users[Role.COMMUNE_OFFICER])
    url = reverse("units:unit_detail", kwargs={"pk": world.N1.pk})
    portal = reverse("portal:commune", kwargs={"pk": world.N1.pk})

    def count(address: str) -> int:
        cache.clear()  # the portal caches its page per results version: measure a cold build
        with CaptureQueriesContext(connection) as captured:
            assert client.get(address).status_code == 200
        return len(captured.captured_queries)

    one_back, portal_one_back = count(url), count(portal)
    earlier_merger(world)
    assert count(url) == one_back
    assert count(portal) == portal_one_back
