"""The calendar shows the assessment deadlines to the people concerned; the timeline opens on this year."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from tiepcan.accounts.choices import Role
from tiepcan.testing import World, build_period, build_plan

pytestmark = pytest.mark.django_db


@pytest.fixture
def dated(world: World) -> World:
    build_plan(world)
    build_period(world)
    return world


def _events(client, year: int) -> list[dict]:
    response = client.get(reverse("plans:calendar"), {"nam": year})
    assert response.status_code == 200
    return [e for _month, events in response.context["months"] for e in events]


def test_a_commune_officer_sees_the_day_their_own_dossier_is_due(dated: World, login) -> None:
    own = dated.periods["own"].assessments.get(unit=dated.units["N1"])
    events = _events(login(dated.users[Role.COMMUNE_OFFICER]), 2026)
    mine = [e for e in events if e["kind"] == "dossier"]
    assert [(e["day"].isoformat(), e["url"]) for e in mine] == [
        ("2026-12-31", reverse("assessments:assessment_detail", args=[own.pk]))
    ]
    assert "Xã Đồng Tâm: hạn gửi hồ sơ" in mine[0]["title"]
    # The period's own deadlines too, but nothing of the neighbouring province's period.
    titles = {(e["day"].isoformat(), str(e["title"])) for e in events if e["kind"] == "assessment"}
    assert ("2026-12-15", "Hạn tự đánh giá") in titles and (
        "2026-12-31",
        "Hạn gửi hồ sơ đề nghị công nhận",
    ) in titles
    period_urls = {e["url"] for e in events if e["kind"] == "assessment"}
    assert period_urls == {reverse("assessments:period_detail", args=[dated.periods["own"].pk])}


def test_the_next_years_calendar_has_the_frameworks_fixed_days_of_the_period(dated: World, login) -> None:
    events = _events(login(dated.users[Role.REVIEWER]), 2027)
    days = {e["day"].isoformat() for e in events if e["kind"] == "assessment"}
    # QĐ 27/2025 as data: recognition before 10 February, the report to the Ministry before 20 February.
    # 09/02/2027 falls in Tết (04–10/02): that limit ends on 11/02 (BLDS 2015 Điều 148 khoản 5).
    assert {"2027-02-11", "2027-02-19"} <= days and "2027-02-09" not in days


def test_roles_outside_the_assessment_see_no_assessment_deadline(dated: World, login) -> None:
    events = _events(login(dated.users[Role.FINANCE_OFFICER]), 2026)
    assert not [e for e in events if e["kind"] in ("assessment", "dossier")]


def test_the_timeline_opens_on_the_current_year(dated: World, login) -> None:
    response = login(dated.users[Role.PROVINCE_ADMIN]).get(reverse("plans:timeline"))
    year = timezone.localdate().year
    if dated.plan.start_year <= year <= dated.plan.end_year:
        assert response.context["year"] == year


def test_a_commune_officer_sees_the_deadline_of_a_report_their_commune_is_asked_for(
    dated: World, login
) -> None:
    # The request belongs to the province's plan (not readable with ``view`` from a commune), yet
    # the commune's People's Committee must send it: its deadline is on the officer's calendar.
    request = dated.followups["own"]["report_request"]
    officer = login(dated.users[Role.COMMUNE_OFFICER])
    assert request.title not in {str(e["title"]) for e in _events(officer, request.deadline.year)}
    request.agencies.add(dated.agencies["ubnd_n1"])
    reports = [e for e in _events(officer, request.deadline.year) if e["kind"] == "report"]
    assert [(e["day"], str(e["title"])) for e in reports] == [(request.deadline, request.title)]
