"""The council page at scale: a page of cards, queries constant in the number of dossiers."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tiepcan.accounts.choices import Role
from tiepcan.assessments import council
from tiepcan.assessments.choices import Status
from tiepcan.assessments.models import Assessment, CouncilScore
from tiepcan.assessments.tests.test_council_and_decision import build_forwarded
from tiepcan.testing import World

pytestmark = pytest.mark.django_db


def _page(client, period_pk: int, **query: str):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(f"/danh-gia/ky/{period_pk}/hoi-dong/", query)
    assert response.status_code == 200
    return response.content.decode(), len(queries.captured_queries)


def test_the_council_pages_queries_do_not_grow_with_the_dossiers(world: World, login) -> None:
    build_forwarded(world)
    period = world.periods["own"]
    member = world.users[Role.COUNCIL_MEMBER]
    client = login(member)
    _page(client, period.pk)
    html, one = _page(client, period.pk)
    assert html.count('name="points:') > 0
    # Every dossier of the period at the council, each scored by the member on two indicators.
    Assessment.objects.filter(period=period).update(status=Status.FORWARDED)
    for assessment in Assessment.objects.filter(period=period):
        for code in ("1.1", "2.1"):
            CouncilScore.objects.get_or_create(
                assessment=assessment, member=member, indicator=code, defaults={"points": Decimal("1")}
            )
    html, many = _page(client, period.pk)
    assert Assessment.objects.filter(period=period, status=Status.FORWARDED).count() > 1
    assert many == one, (one, many)
    # The member's own points are in the form.
    inputs = re.findall(r'<input[^>]*name="points:1\.1"[^>]*>', html)
    assert inputs and all(
        'aria-label="Điểm 1.1"' in i and re.search(r'value="1(,00)?"', i) for i in inputs
    ), inputs[:2]


def test_the_council_page_pages_its_cards_but_the_minutes_list_every_dossier(
    world: World, login, monkeypatch
) -> None:
    build_forwarded(world)
    period = world.periods["own"]
    Assessment.objects.filter(period=period).update(status=Status.FORWARDED)
    total = Assessment.objects.filter(period=period).count()
    assert total >= 2
    monkeypatch.setattr(council, "PAGE_SIZE", 1)
    html, _ = _page(login(world.users[Role.COUNCIL_SECRETARY]), period.pk)
    assert html.count("Chấm điểm của tôi") == 1  # one card on this page
    assert html.count('name="recommend:') == total  # the minutes: every dossier at the council
    assert "trang=2" in html
