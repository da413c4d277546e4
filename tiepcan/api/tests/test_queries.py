"""List endpoints cost the same number of queries whatever the number of rows."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from tiepcan.accounts.choices import Role
from tiepcan.testing import World, build_period, build_plan
from tiepcan.units.choices import UnitKind
from tiepcan.units.models import Unit


def _count(token: str, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert Client().get(url, HTTP_AUTHORIZATION=f"Bearer {token}").status_code == 200
    return len(queries)


@pytest.mark.django_db
def test_the_lists_cost_no_query_per_row(world: World, key_for: Callable[..., str]) -> None:
    from tiepcan.assessments import services

    build_plan(world)
    build_period(world)
    token = key_for(world.users[Role.PROVINCE_ADMIN])
    urls = ["/api/v1/units", "/api/v1/assessments", "/api/v1/tasks", "/api/v1/periods", "/api/v1/agencies"]
    _count(token, urls[0])  # the first request of a key also records when it was last used
    before = {url: _count(token, url) for url in urls}
    for number in range(5):
        unit = Unit.objects.create(
            kind=UnitKind.COMMUNE, code=f"9009{number}", name=f"Xã Thêm {number}", parent=world.units["P1"]
        )
        services.create_assessment(world.periods["own"], unit)
    after = {url: _count(token, url) for url in urls}
    assert after == before
    assert max(after.values()) <= 12, after


@pytest.mark.django_db
def test_the_open_aggregates_read_the_provinces_in_one_query(world: World) -> None:
    from django.core.cache import cache
    from django.utils import timezone

    from tiepcan.assessments.choices import Status
    from tiepcan.assessments.models import Assessment
    from tiepcan.reports import summaries

    build_period(world)

    def count() -> tuple[int, int]:
        cache.clear()  # the open data is cached; count the queries of a fresh answer
        with CaptureQueriesContext(connection) as queries:
            rows = Client().get("/api/v1/public/aggregates").json()
        return len(queries), len(rows)

    Assessment.objects.filter(period=world.periods["own"]).update(
        status=Status.RECOGNISED, posted_at=timezone.now()
    )
    # The open data reads the result summary rows, which the services keep in step; do as they do.
    summaries.sync(Assessment.objects.filter(period=world.periods["own"]).values_list("pk", flat=True))
    few, provinces_before = count()
    Assessment.objects.filter(period=world.periods["foreign"]).update(
        status=Status.RECOGNISED, posted_at=timezone.now()
    )
    # The open data reads the result summary rows, which the services keep in step; do as they do.
    summaries.sync(Assessment.objects.filter(period=world.periods["foreign"]).values_list("pk", flat=True))
    many, provinces_after = count()
    assert provinces_after > provinces_before and many == few
