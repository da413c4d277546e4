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
from tiepcan.core.tests.markup import squash
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
    assert (
        len(re.findall(r'name="dossier-[0-9]+-recommend"', html)) == total
    )  # the minutes: every dossier at the council
    assert "trang=2" in html


def test_a_refused_meeting_shows_the_minutes_again_as_typed(world: World, login) -> None:
    build_forwarded(world)
    period = world.periods["own"]
    assessment = Assessment.objects.get(period=period, status=Status.FORWARDED)
    member, secretary = world.users[Role.COUNCIL_MEMBER], world.users[Role.COUNCIL_SECRETARY]
    client = login(secretary)
    rows = {"dossier-TOTAL_FORMS": "1", "dossier-INITIAL_FORMS": "1", "dossier-0-assessment": assessment.pk}
    response = client.post(
        f"/danh-gia/ky/{period.pk}/hoi-dong/bien-ban/",
        {
            **rows,
            "held_on": "20/01/2027",
            "minutes": "Hội đồng họp, chưa đủ người.",
            "attendees": [secretary.pk],
            "dossier-0-recommend": "no",
            "dossier-0-votes_against": "1",
            "dossier-0-votes_for": "hai",
            "kind": "meeting",
            "chaired_by": member.pk,
            "papers_sent_on": "14/01/2027",
        },
    )
    assert response.status_code == 400
    html = squash(response.content)
    assert "Số phiếu tán thành của" in html and "phải là số nguyên không âm" in html
    assert "Hội đồng họp, chưa đủ người.</textarea>" in html
    assert 'name="held_on" placeholder="dd/mm/yyyy" value="20/01/2027"' in html
    assert f'value="{secretary.pk}" id="att-{secretary.pk}" checked' in html
    assert f'value="{member.pk}" id="att-{member.pk}">' in html  # left unticked, as sent
    assert '<option value="no" selected>' in html and 'name="dossier-0-votes_for" value="hai"' in html
    assessment.refresh_from_db()
    assert assessment.status == Status.FORWARDED  # nothing recorded

    # A row the page never offered (a dossier not before the council) or a row twice: refused.
    for extra in (
        {"dossier-0-assessment": "999999"},
        {"dossier-TOTAL_FORMS": "2", "dossier-1-assessment": assessment.pk, "dossier-1-recommend": "yes"},
    ):
        response = client.post(
            f"/danh-gia/ky/{period.pk}/hoi-dong/bien-ban/",
            {
                **rows,
                "held_on": "20/01/2027",
                "minutes": "Họp",
                "attendees": [secretary.pk, member.pk],
                "dossier-0-recommend": "yes",
                "kind": "meeting",
                "chaired_by": member.pk,
                "papers_sent_on": "14/01/2027",
                **extra,
            },
        )
        assert response.status_code == 400, extra
        html = squash(response.content)
        assert "Hồ sơ không còn chờ Hội đồng kết luận." in html or "nhiều dòng hơn số hồ sơ" in html, extra
    assessment.refresh_from_db()
    assert assessment.status == Status.FORWARDED


@pytest.mark.parametrize(("role", "expected"), [(Role.COUNCIL_MEMBER, 11), (Role.COUNCIL_SECRETARY, 14)])
def test_the_council_page_reads_a_fixed_number_of_queries(
    world: World, login, role: str, expected: int
) -> None:
    """The session and the person, the period, the members (the viewer's seat among them), the
    filter's areas, the page of dossiers with its count and scores, the meetings; the secretary's
    minutes add every dossier's commune and the two checks of their right to record. The menu,
    the unit switcher, the grants and the bell add none (accounts.chrome, accounts migration 0005)."""
    build_forwarded(world)
    period = world.periods["own"]
    client = login(world.users[role])
    _page(client, period.pk)
    _html, queries = _page(client, period.pk)
    assert queries == expected
