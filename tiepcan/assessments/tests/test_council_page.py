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


def _dossier(client, pk: int, **query: str):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(f"/danh-gia/hoi-dong/ho-so/{pk}/", query)
    assert response.status_code == 200
    return response.content.decode(), len(queries.captured_queries)


def test_the_council_pages_queries_do_not_grow_with_the_dossiers(world: World, login) -> None:
    build_forwarded(world)
    period = world.periods["own"]
    member = world.users[Role.COUNCIL_MEMBER]
    client = login(member)
    dossier = Assessment.objects.get(period=period, status=Status.FORWARDED)
    _page(client, period.pk)
    html, one = _page(client, period.pk)
    assert html.count('<tr id="ho-so-') == 1 and 'name="points:' not in html  # a light list
    _dossier(client, dossier.pk)
    _html, one_dossier = _dossier(client, dossier.pk)
    # Every dossier of the period at the council, each scored by the member on two indicators.
    Assessment.objects.filter(period=period).update(status=Status.FORWARDED)
    for assessment in Assessment.objects.filter(period=period):
        for code in ("1.1", "2.1"):
            CouncilScore.objects.get_or_create(
                assessment=assessment, member=member, indicator=code, defaults={"points": Decimal("1")}
            )
    html, many = _page(client, period.pk)
    total = Assessment.objects.filter(period=period, status=Status.FORWARDED).count()
    assert total > 1
    assert many == one, (one, many)
    assert html.count('<tr id="ho-so-') == total and html.count("bạn đã chấm</span>") == total
    assert html.count("đã chấm 1/2") == total  # one of the council's two members has scored each
    # A dossier's page: the member's own points in its form, whatever the number of dossiers.
    html, many_dossier = _dossier(client, dossier.pk)
    assert many_dossier == one_dossier, (one_dossier, many_dossier)
    inputs = re.findall(r'<input[^>]*name="points:1\.1"[^>]*>', squash(html))
    assert len(inputs) == 1 and 'aria-label="Điểm 1.1"' in inputs[0], inputs
    assert re.search(r'value="1(,00)?"', inputs[0]), inputs


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
    assert html.count('<tr id="ho-so-') == 1  # one row on this page
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


@pytest.mark.parametrize(("role", "expected"), [(Role.COUNCIL_MEMBER, 9), (Role.COUNCIL_SECRETARY, 9)])
def test_the_council_page_reads_a_fixed_number_of_queries(
    world: World, login, role: str, expected: int
) -> None:
    """The session and the person, the period, the members (the viewer's seat among them), the
    filter's areas, the page of rows (each with its members' count and the viewer's own) with the
    pager's count, the council's counts, the meetings with theirs, a member's "scored x of y", the
    checks of the right to score and to record. The menu, the unit switcher, the grants and the bell
    add none (accounts.chrome, accounts migration 0005)."""
    build_forwarded(world)
    period = world.periods["own"]
    client = login(world.users[role])
    _page(client, period.pk)
    _html, queries = _page(client, period.pk)
    assert queries == expected


@pytest.mark.parametrize(("role", "expected"), [(Role.COUNCIL_MEMBER, 10), (Role.COUNCIL_SECRETARY, 10)])
def test_a_dossiers_scoring_page_reads_a_fixed_number_of_queries(
    world: World, login, role: str, expected: int
) -> None:
    """The session and the person, the dossier with its commune, the period, the members, the
    filter's areas, the dossiers before it and around it (previous and next), the members' scores,
    the evidence, the rule (the seat and its area)."""
    build_forwarded(world)
    dossier = Assessment.objects.get(period=world.periods["own"], status=Status.FORWARDED)
    client = login(world.users[role])
    _dossier(client, dossier.pk)
    _html, queries = _dossier(client, dossier.pk)
    assert queries == expected


def test_a_member_scores_dossier_after_dossier_and_a_refused_form_comes_back_as_typed(
    world: World, login
) -> None:
    build_forwarded(world)
    period = world.periods["own"]
    Assessment.objects.filter(period=period).update(status=Status.FORWARDED)
    first, second, *_others = Assessment.objects.filter(period=period).order_by("unit__name_sort", "pk")
    member = world.users[Role.COUNCIL_MEMBER]
    client = login(member)
    # The list leads to each dossier's page, with the list's area; the page links to the next.
    html = squash(client.get(f"/danh-gia/ky/{period.pk}/hoi-dong/", {"khu_vuc": ""}).content)
    assert f'href="/danh-gia/hoi-dong/ho-so/{first.pk}/?khu_vuc="' in html
    html, _ = _dossier(client, first.pk, khu_vuc="")
    assert f'href="/danh-gia/hoi-dong/ho-so/{second.pk}/?khu_vuc=" rel="next"' in squash(html)
    assert 'rel="prev"' not in html and "Xã tự chấm" in html and "Lưu và sang hồ sơ sau" in html
    html, _ = _dossier(client, second.pk, khu_vuc="")
    assert f'href="/danh-gia/hoi-dong/ho-so/{first.pk}/?khu_vuc=" rel="prev"' in squash(html)

    # Saved, then on to the next dossier of the list.
    response = client.post(
        f"/danh-gia/hoi-dong/ho-so/{first.pk}/?khu_vuc=",
        {"points:1.1": "0,5", "reason:1.1": "Thiếu một văn bản", "then_next": "1"},
    )
    assert response.status_code == 302
    assert response["Location"] == f"/danh-gia/hoi-dong/ho-so/{second.pk}/?khu_vuc="
    score = CouncilScore.objects.get(assessment=first, member=member, indicator="1.1")
    assert str(score.points) == "0.50" and score.reason == "Thiếu một văn bản"
    html, _ = _dossier(client, first.pk)
    assert 'value="Thiếu một văn bản"' in html and "bạn đã chấm" in html

    # Refused: nothing saved, the page again (400) with what was typed and the reason.
    response = client.post(
        f"/danh-gia/hoi-dong/ho-so/{second.pk}/?khu_vuc=",
        {"points:1.1": "1", "reason:1.1": "Đủ văn bản", "points:1.2": "7", "reason:1.2": "Quá cao"},
    )
    assert response.status_code == 400
    html = squash(response.content)
    assert "Điểm chỉ tiêu 1.2 phải từ 0 đến 1,00." in html
    assert 'value="Đủ văn bản"' in html and 'value="7"' in html and 'value="Quá cao"' in html
    assert not CouncilScore.objects.filter(assessment=second).exists()

    # Someone without a seat cannot score (403); a dossier no longer before the council: its reason.
    assert (
        login(world.users[Role.PROVINCE_ADMIN])
        .post(f"/danh-gia/hoi-dong/ho-so/{second.pk}/", {"points:1.1": "1"})
        .status_code
        == 403
    )
    Assessment.objects.filter(pk=second.pk).update(status=Status.RECOMMENDED)
    client = login(member)
    response = client.post(
        f"/danh-gia/hoi-dong/ho-so/{second.pk}/", {"points:1.1": "1", "reason:1.1": "Muộn"}
    )
    assert response.status_code == 400
    html = squash(response.content)
    assert "Chỉ chấm điểm hồ sơ đã chuyển Hội đồng." in html and 'value="Muộn"' in html
    assert not CouncilScore.objects.filter(assessment=second).exists()


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


def test_it_says_a_refused_posts_reason_once(world: World, login) -> None:
    build_forwarded(world)
    period = world.periods["own"]
    dossier = Assessment.objects.filter(period=period, status=Status.FORWARDED).first()
    assert dossier is not None
    Assessment.objects.filter(pk=dossier.pk).update(status=Status.RECOMMENDED)
    response = login(world.users[Role.COUNCIL_MEMBER]).post(
        f"/danh-gia/hoi-dong/ho-so/{dossier.pk}/", {"points:1.1": "1", "reason:1.1": "Muộn"}
    )
    assert response.status_code == 400
    assert squash(response.content).count("Chỉ chấm điểm hồ sơ đã chuyển Hội đồng.") == 1
