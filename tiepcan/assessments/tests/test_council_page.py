"""The council page at scale: a page of cards, queries constant in the number of dossiers."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tiepcan.accounts.choices import Role
from tiepcan.assessments import council
from tiepcan.assessments.choices import Status
from tiepcan.assessments.models import Assessment, CouncilMeeting, CouncilScore
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


def test_the_council_page_pages_its_cards_and_the_minutes_are_a_page_of_their_own(
    world: World, login, monkeypatch
) -> None:
    build_forwarded(world)
    period = world.periods["own"]
    Assessment.objects.filter(period=period).update(status=Status.FORWARDED)
    total = Assessment.objects.filter(period=period).count()
    assert total >= 2
    monkeypatch.setattr(council, "PAGE_SIZE", 1)
    monkeypatch.setattr(council, "MINUTES_PAGE_SIZE", 1)
    client = login(world.users[Role.COUNCIL_SECRETARY])
    html, _ = _page(client, period.pk)
    assert html.count("Chấm điểm của tôi") == 1  # one card on this page
    assert "dossier-0-recommend" not in html  # the minutes are not on the cards' page
    assert f"Đã có kết luận: 0/{total} hồ sơ" in html and f"bạn đã chấm 0/{total} hồ sơ đang xem" in html
    assert f'href="/danh-gia/ky/{period.pk}/hoi-dong/ghi-bien-ban/"' in html
    assert "trang=2" in html
    # The minutes: one page of rows (a row per dossier on it), the area filter kept across pages.
    response = client.get(f"/danh-gia/ky/{period.pk}/hoi-dong/ghi-bien-ban/", {"khu_vuc": "", "trang": "2"})
    assert response.status_code == 200
    html = response.content.decode()
    assert len(re.findall(r'name="dossier-[0-9]+-recommend"', html)) == 1
    assert "khu_vuc=&amp;trang=1" in html  # the link back to page 1 keeps the filter
    assert f'action="/danh-gia/ky/{period.pk}/hoi-dong/bien-ban/?khu_vuc=&amp;trang=2"' in html


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


@pytest.mark.parametrize(("role", "expected"), [(Role.COUNCIL_MEMBER, 13), (Role.COUNCIL_SECRETARY, 14)])
def test_the_council_page_reads_a_fixed_number_of_queries(
    world: World, login, role: str, expected: int
) -> None:
    """The session and the person, the period, the members (the viewer's seat among them), the
    filter's areas, the page of dossiers with its count and scores, the council's counts, the
    meetings with theirs, a member's "scored x of y", the checks of the right to score and to record
    (the minutes are on a page of their own). The menu, the unit switcher, the grants and the bell add
    none (accounts.chrome, accounts migration 0005)."""
    build_forwarded(world)
    period = world.periods["own"]
    client = login(world.users[role])
    _page(client, period.pk)
    _html, queries = _page(client, period.pk)
    assert queries == expected


def _meeting_fields(world: World, rows: dict[str, object]) -> dict[str, object]:
    member, secretary = world.users[Role.COUNCIL_MEMBER], world.users[Role.COUNCIL_SECRETARY]
    return {
        "held_on": "20/01/2027",
        "minutes": "Hội đồng họp, xem xét từng trang hồ sơ.",
        "attendees": [member.pk, secretary.pk],
        "kind": "meeting",
        "chaired_by": member.pk,
        "papers_sent_on": "14/01/2027",
        **rows,
    }


def _row(index: int, assessment: Assessment, recommend: str, votes_for: str = "2") -> dict[str, object]:
    return {
        f"dossier-{index}-assessment": assessment.pk,
        f"dossier-{index}-recommend": recommend,
        f"dossier-{index}-votes_for": votes_for,
    }


def test_the_minutes_are_written_page_by_page_and_signed_when_every_dossier_has_its_row(
    world: World, login, monkeypatch
) -> None:
    build_forwarded(world)
    period = world.periods["own"]
    Assessment.objects.filter(period=period).update(status=Status.FORWARDED)
    first, *others = Assessment.objects.filter(period=period).order_by("unit__name_sort", "pk")
    assert others
    monkeypatch.setattr(council, "MINUTES_PAGE_SIZE", 1)
    member, secretary = world.users[Role.COUNCIL_MEMBER], world.users[Role.COUNCIL_SECRETARY]
    client = login(secretary)
    one = {"dossier-TOTAL_FORMS": "1", "dossier-INITIAL_FORMS": "1"}
    response = client.post(
        f"/danh-gia/ky/{period.pk}/hoi-dong/bien-ban/?khu_vuc=&trang=1",
        _meeting_fields(world, {**one, **_row(0, first, "yes")}),
    )
    meeting = CouncilMeeting.objects.get(period=period)
    # The next rows are written on the meeting's page, where the area filter is kept.
    assert response.status_code == 302
    assert response["Location"] == f"/danh-gia/hoi-dong/phien/{meeting.pk}/ket-luan/?khu_vuc=&trang=1"
    first.refresh_from_db()
    assert first.status == Status.RECOMMENDED
    # Not signed while a dossier lacks its row: neither the button nor the rule let it.
    html = client.get(f"/danh-gia/ky/{period.pk}/hoi-dong/").content.decode()
    assert "Ký xác nhận biên bản" not in html and f"Còn {len(others)} hồ sơ chờ kết luận" in html
    with pytest.raises(ValidationError, match="chưa có kết luận trong biên bản"):
        council.sign_minutes(meeting=meeting, user=member)

    # The meeting's page: the row taken (read only) stays on page 1, the next dossier on page 2.
    page_url = f"/danh-gia/hoi-dong/phien/{meeting.pk}/ket-luan/"
    html = client.get(page_url, {"trang": "1"}).content.decode()
    assert "đề nghị công nhận" in html and 'name="dossier-0-recommend"' not in html
    html = client.get(page_url, {"trang": "2"}).content.decode()
    assert f'name="dossier-0-assessment" value="{others[0].pk}"' in html
    # A refused page comes back as typed (400), nothing recorded.
    response = client.post(
        f"{page_url}?trang=2",
        {**one, **_row(0, others[0], "no", votes_for="nhiều"), "dossier-0-reason": "Thiếu sổ"},
    )
    assert response.status_code == 400
    html = squash(response.content)
    assert "phải là số nguyên không âm" in html and 'name="dossier-0-votes_for" value="nhiều"' in html
    assert 'value="Thiếu sổ"' in html and '<option value="no" selected>' in html
    others[0].refresh_from_db()
    assert others[0].status == Status.FORWARDED
    # More votes than members present: refused too.
    response = client.post(f"{page_url}?trang=2", {**one, **_row(0, others[0], "no", votes_for="3")})
    assert response.status_code == 400 and "nhiều hơn số người dự họp" in squash(response.content)
    # Every remaining page, then the minutes are signed.
    for index, assessment in enumerate(others):
        response = client.post(
            f"{page_url}?trang={index + 2}", {**one, **_row(0, assessment, "no", votes_for="0")}
        )
        assert response.status_code == 302, squash(response.content)[:2000]
    assert response["Location"] == f"/danh-gia/ky/{period.pk}/hoi-dong/"
    assert meeting.recommendations.count() == 1 + len(others)
    html = client.get(f"/danh-gia/ky/{period.pk}/hoi-dong/").content.decode()
    assert "Ký xác nhận biên bản" in html
    council.sign_minutes(meeting=meeting, user=member)
    council.sign_minutes(meeting=meeting, user=secretary)
    meeting.refresh_from_db()
    assert meeting.signed
    # Signed minutes take no more rows.
    with pytest.raises(ValidationError, match="đã được ký"):
        council.conclude(
            meeting=meeting, user=secretary, decisions=[{"assessment": first, "recommend": True}]
        )


@pytest.mark.parametrize("which", ["new", "meeting"])
def test_the_minutes_pages_read_a_fixed_number_of_queries(world: World, login, which: str) -> None:
    build_forwarded(world)
    period = world.periods["own"]
    first = Assessment.objects.get(period=period, status=Status.FORWARDED)
    client = login(world.users[Role.COUNCIL_SECRETARY])
    if which == "new":
        url = f"/danh-gia/ky/{period.pk}/hoi-dong/ghi-bien-ban/"
    else:
        one = {"dossier-TOTAL_FORMS": "1", "dossier-INITIAL_FORMS": "1"}
        # A second dossier keeps the minutes open after the first row.
        second = Assessment.objects.filter(period=period).exclude(pk=first.pk).get(unit=world.units["N2"])
        Assessment.objects.filter(pk=second.pk).update(status=Status.FORWARDED)
        client.post(
            f"/danh-gia/ky/{period.pk}/hoi-dong/bien-ban/",
            _meeting_fields(world, {**one, **_row(0, first, "yes")}),
        )
        url = f"/danh-gia/hoi-dong/phien/{CouncilMeeting.objects.get(period=period).pk}/ket-luan/"

    def count() -> tuple[str, int]:
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200
        return response.content.decode(), len(queries.captured_queries)

    count()
    _html, few = count()
    Assessment.objects.filter(period=period).exclude(pk=first.pk).update(status=Status.FORWARDED)
    for former in ("C1", "C2"):  # more dossiers before the council: former communes of the province
        Assessment.objects.get_or_create(
            period=period, unit=world.units[former], defaults={"status": Status.FORWARDED}
        )
    html, many = count()
    assert Assessment.objects.filter(period=period, status=Status.FORWARDED).count() > 2
    assert many == few, (few, many)
    assert 'name="dossier-0-recommend"' in html
