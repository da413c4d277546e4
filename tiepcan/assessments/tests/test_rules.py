"""One rule per step: the page shows a button exactly when the service accepts the step."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from tiepcan.accounts.choices import Role
from tiepcan.assessments import council
from tiepcan.assessments.choices import PeriodStatus, RegistrationStatus, Status
from tiepcan.assessments.models import Assessment, AssessmentPeriod, CouncilMembership, Registration
from tiepcan.assessments.tests.test_council_and_decision import build_forwarded
from tiepcan.assessments.tests.test_cycle import own
from tiepcan.core import rules
from tiepcan.core.tests.markup import squash
from tiepcan.testing import World, build_period

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]


def test_every_step_a_template_asks_about_has_its_rule() -> None:
    # A misspelt step would fall back to a grant nobody holds and hide the button from everyone.
    asked = {
        name
        for path in ROOT.rglob("templates/**/*.html")
        for name in re.findall(r'{% can "([a-z_]+\.[a-z_]+)"', path.read_text(encoding="utf-8"))
    }
    assert {"assessments.note", "assessments.council_sign", "plans.improvement_update"} <= asked
    assert {name for name in asked if not rules.is_rule(name)} == set()


def test_the_minutes_are_signed_once_by_the_chair_and_once_by_the_secretary(world: World, login) -> None:
    build_forwarded(world)
    period, assessment = world.periods["own"], own(world)
    member, secretary = world.users[Role.COUNCIL_MEMBER], world.users[Role.COUNCIL_SECRETARY]
    meeting = council.record_meeting(
        period=period,
        user=secretary,
        held_on=date(2027, 1, 20),
        minutes="Họp",
        attendees=[member, secretary],
        decisions=[{"assessment": assessment, "recommend": True}],
        chaired_by=member,
        papers_sent_on=date(2027, 1, 14),
    )
    outsider = world.users[Role.REVIEWER]
    assert [rules.allowed(u, "assessments.council_sign", meeting) for u in (member, secretary, outsider)] == [
        True,
        True,
        False,
    ]
    page = squash(login(member).get(f"/danh-gia/ky/{period.pk}/hoi-dong/").content)
    assert "Ký xác nhận biên bản" in page
    council.sign_minutes(meeting=meeting, user=member)
    meeting.refresh_from_db()
    assert not rules.allowed(member, "assessments.council_sign", meeting)
    with pytest.raises(ValidationError, match="Bạn đã ký xác nhận biên bản này"):
        council.sign_minutes(meeting=meeting, user=member)
    with pytest.raises(PermissionDenied):
        council.sign_minutes(meeting=meeting, user=outsider)
    assert "Ký xác nhận biên bản" not in squash(
        login(member).get(f"/danh-gia/ky/{period.pk}/hoi-dong/").content
    )


def test_the_reviewers_note_form_shows_only_while_the_dossier_waits_for_review(world: World, login) -> None:
    build_forwarded(world)
    assessment = own(world)
    reviewer = world.users[Role.REVIEWER]
    client = login(reviewer)
    assert assessment.status == Status.FORWARDED
    assert not rules.allowed(reviewer, "assessments.note", assessment)
    before = squash(client.get(f"/danh-gia/ho-so/{assessment.pk}/").content)
    type(assessment).objects.filter(pk=assessment.pk).update(status=Status.SUBMITTED)
    assessment.refresh_from_db()
    assert rules.allowed(reviewer, "assessments.note", assessment)
    after = squash(client.get(f"/danh-gia/ho-so/{assessment.pk}/").content)
    note_form = f'action="/danh-gia/ho-so/{assessment.pk}/yeu-cau-bo-sung/"'
    assert note_form not in before and note_form in after


def verdict(user, name: str, obj) -> str:
    """``"ok"``, ``"403"`` (the person may not) or ``"state"`` (the object's state refuses it)."""
    try:
        rules.check(user, name, obj)
    except PermissionDenied:
        return "403"
    except ValidationError:
        return "state"
    return "ok"


def test_a_council_member_scores_a_dossier_with_the_council_in_their_area(world: World) -> None:
    build_forwarded(world)
    assessment = own(world)
    member, secretary = world.users[Role.COUNCIL_MEMBER], world.users[Role.COUNCIL_SECRETARY]
    assert [verdict(u, "assessments.council_propose", assessment) for u in (member, secretary)] == [
        "ok",
        "ok",
    ]
    assert verdict(world.users[Role.REVIEWER], "assessments.council_propose", assessment) == "403"
    CouncilMembership.objects.filter(user=secretary).update(area=world.units["N2"])
    assert verdict(secretary, "assessments.council_propose", assessment) == "state"  # N1 is not in N2
    CouncilMembership.objects.filter(user=member).delete()
    assert verdict(member, "assessments.council_propose", assessment) == "state"  # no seat
    Assessment.objects.filter(pk=assessment.pk).update(status=Status.RECOMMENDED)
    assessment.refresh_from_db()
    assert verdict(world.users[Role.COUNCIL_SECRETARY], "assessments.council_propose", assessment) == "state"
    with pytest.raises(ValidationError, match="Bạn không có tên"):
        council.propose(assessment_id=assessment.pk, user=member, indicator="1.1", points=1)


def test_the_periods_are_managed_by_the_provinces_administrators(world: World, login) -> None:
    build_period(world)
    period, foreign = world.periods["own"], world.periods["foreign"]
    admin, reviewer = world.users[Role.PROVINCE_ADMIN], world.users[Role.REVIEWER]
    for step in ("assessments.seat_member", "assessments.move_period"):
        assert (verdict(admin, step, period), verdict(reviewer, step, period)) == ("ok", "403")
        assert verdict(admin, step, foreign) == "403"
    assert verdict(admin, "assessments.open_period", world.units["P1"]) == "ok"
    assert verdict(admin, "assessments.open_period", world.units["P2"]) == "403"
    assert verdict(world.users[Role.COUNCIL_SECRETARY], "assessments.open_period", world.units["P1"]) == "403"
    registration = Registration.objects.create(period=period, unit=world.units["N1"])
    assert verdict(admin, "assessments.decide_registration", registration) == "ok"
    assert verdict(reviewer, "assessments.decide_registration", registration) == "403"
    registration.status = RegistrationStatus.ACCEPTED
    assert verdict(admin, "assessments.decide_registration", registration) == "state"
    # The move link shows to who may move the period, while it is open.
    move = reverse("assessments:period_move", kwargs={"pk": period.pk})
    page = reverse("assessments:period_detail", kwargs={"pk": period.pk})
    assert move in login(admin).get(page).content.decode()
    assert move not in login(reviewer).get(page).content.decode()
    AssessmentPeriod.objects.filter(pk=period.pk).update(status=PeriodStatus.CLOSED)
    period.refresh_from_db()
    assert verdict(admin, "assessments.move_period", period) == "state"
    assert move not in login(admin).get(page).content.decode()


def test_a_decision_is_signed_by_the_recognising_units_chairman(world: World) -> None:
    authority = world.users[Role.RECOGNISING_AUTHORITY]
    assert verdict(authority, "assessments.issue_decision", world.units["P1"]) == "ok"
    assert verdict(authority, "assessments.issue_decision", world.units["P2"]) == "403"
    assert verdict(world.users[Role.PROVINCE_ADMIN], "assessments.issue_decision", world.units["P1"]) == "403"
