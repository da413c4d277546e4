"""A recognition decision or a revocation signed after today is refused, and nothing changes."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from tiepcan.accounts.choices import Role
from tiepcan.assessments import council
from tiepcan.assessments.choices import Status
from tiepcan.assessments.models import DecisionEntry, RecognitionDecision, Transition
from tiepcan.assessments.tests.test_council_and_decision import build_forwarded
from tiepcan.assessments.tests.test_cycle import own
from tiepcan.reports.tests.test_summaries import recognise
from tiepcan.testing import World

pytestmark = pytest.mark.django_db

TODAY = date(2027, 2, 3)  # in the province


@pytest.fixture
def today(monkeypatch) -> date:
    monkeypatch.setattr(council, "latest_signing_day", lambda: TODAY)
    return TODAY


def _recommended(world: World):
    build_forwarded(world)
    assessment = own(world)
    secretary, chair = world.users[Role.COUNCIL_SECRETARY], world.users[Role.COUNCIL_MEMBER]
    meeting = council.record_meeting(
        period=world.periods["own"],
        user=secretary,
        held_on=date(2027, 1, 20),
        minutes="Họp",
        attendees=[secretary, chair],
        chaired_by=chair,
        papers_sent_on=date(2027, 1, 14),
        decisions=[{"assessment": assessment, "recommend": True, "votes_for": 1}],
    )
    council.sign_minutes(meeting=meeting, user=chair)
    council.sign_minutes(meeting=meeting, user=secretary)
    assessment.refresh_from_db()
    return assessment


def _issue(client, world: World, assessment, signed_on: str) -> list[str]:
    response = client.post(
        reverse("assessments:decision_issue", kwargs={"pk": world.periods["own"].pk}),
        {
            "number": "5/QĐ-UBND",
            "signed_on": signed_on,
            "signer_name": "Nguyễn Văn A",
            "assessments": [assessment.pk],
        },
        follow=True,
    )
    return [str(m) for m in response.context["messages"]]


def test_a_decision_signed_tomorrow_is_refused_and_nothing_changes(world: World, login, today) -> None:
    assessment = _recommended(world)
    client = login(world.users[Role.RECOGNISING_AUTHORITY])
    assert _issue(client, world, assessment, "04/02/2027") == [
        "Ngày ký quyết định không được sau hôm nay (03/02/2027)."
    ]
    assessment.refresh_from_db()
    assert assessment.status == Status.RECOMMENDED
    assert not RecognitionDecision.objects.exists() and not DecisionEntry.objects.exists()
    assert not Transition.objects.filter(assessment=assessment, to_status=Status.RECOGNISED).exists()


def test_a_decision_signed_today_is_accepted(world: World, login, today) -> None:
    assessment = _recommended(world)
    client = login(world.users[Role.RECOGNISING_AUTHORITY])
    assert _issue(client, world, assessment, "03/02/2027") == ["Đã ban hành Quyết định 5/QĐ-UBND."]
    assessment.refresh_from_db()
    assert assessment.status == Status.RECOGNISED


def test_a_revocation_signed_tomorrow_is_refused_and_nothing_changes(world: World, login, today) -> None:
    build_forwarded(world)
    recognise(world, own(world))  # signed 31/01/2027
    entry = DecisionEntry.objects.get(assessment=own(world))
    client = login(world.users[Role.RECOGNISING_AUTHORITY])
    response = client.post(
        reverse("assessments:decision_revoke", kwargs={"pk": entry.pk}),
        {"number": "9/QĐ-TH", "reason": "Sai phạm", "revoked_on": "04/02/2027"},
        follow=True,
    )
    assert [str(m) for m in response.context["messages"]] == [
        "Ngày thu hồi không được sau hôm nay (03/02/2027)."
    ]
    entry.refresh_from_db()
    assert entry.revoked_on is None and entry.revocation_number == ""
    assert own(world).status == Status.RECOGNISED
    assert not Transition.objects.filter(assessment=own(world), to_status=Status.REVOKED).exists()


def test_the_real_clock_refuses_tomorrow(world: World, monkeypatch) -> None:
    monkeypatch.undo()  # the root conftest's test-world day, undone: today's real date applies
    build_forwarded(world)
    assert council.latest_signing_day() == timezone.localdate()
    tomorrow = timezone.localdate() + timedelta(days=1)
    with pytest.raises(ValidationError, match="không được sau hôm nay"):
        council.issue_decision(
            period=world.periods["own"],
            user=world.users[Role.RECOGNISING_AUTHORITY],
            number="1/QĐ",
            signed_on=tomorrow,
            signer_name="A",
            signer_title="Chủ tịch",
            issuer_name="",
            place="",
            assessments=[own(world)],
        )
