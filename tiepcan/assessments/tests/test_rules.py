"""One rule per step: the page shows a button exactly when the service accepts the step."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from tiepcan.accounts.choices import Role
from tiepcan.assessments import council
from tiepcan.assessments.choices import Status
from tiepcan.assessments.tests.test_council_and_decision import build_forwarded
from tiepcan.assessments.tests.test_cycle import own
from tiepcan.core import rules
from tiepcan.core.tests.markup import squash
from tiepcan.testing import World

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
