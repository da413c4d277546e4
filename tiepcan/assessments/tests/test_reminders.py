"""Reminders of the cycle's time limits, and the queue's days left (TT 09/2021/TT-BTP Điều 3, 5, 6)."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from tiepcan.accounts.choices import Role
from tiepcan.assessments import queue, reminders, services
from tiepcan.assessments.choices import Status
from tiepcan.assessments.models import Assessment, AssessmentPeriod, RecognitionDecision, Transition
from tiepcan.assessments.tests.helpers import send
from tiepcan.assessments.tests.test_cycle import fill_completely, own
from tiepcan.core.models import Notification
from tiepcan.testing import World, build_period

pytestmark = pytest.mark.django_db


@pytest.fixture
def cycle(world: World) -> World:
    build_period(world)
    return world


def _kinds(found: list[reminders.Reminder]) -> dict[str, list[reminders.Reminder]]:
    out: dict[str, list[reminders.Reminder]] = {}
    for reminder in found:
        out.setdefault(reminder.kind, []).append(reminder)
    return out


def test_communes_not_sent_are_reminded_of_the_dossier_deadline_from_three_days_before(cycle: World) -> None:
    period = cycle.periods["own"]  # dossiers due 31/12/2026
    assert "dossier" not in _kinds(reminders.due_reminders(date(2026, 12, 27)))
    found = _kinds(reminders.due_reminders(date(2026, 12, 28)))["dossier"]
    own_ones = [r for r in found if r.url.endswith(f"/ho-so/{own(cycle).pk}/")]
    assert len(own_ones) == 1
    assert {u.username for u in own_ones[0].users} == {"u_commune_officer", "u_commune_chairman"}
    assert "hạn gửi hồ sơ (hoặc báo cáo) ngày 31/12/2026" in own_ones[0].title
    assert period.pk  # the period is open: closed ones are never reminded
    AssessmentPeriod.objects.filter(pk=period.pk).update(status="closed")
    assert not [
        r for r in reminders.due_reminders(date(2026, 12, 28)) if r.url.endswith(f"/ho-so/{own(cycle).pk}/")
    ]


def test_a_returned_dossier_is_reminded_of_its_supplement_limit_in_working_days(cycle: World) -> None:
    assessment = fill_completely(own(cycle), cycle.users[Role.COMMUNE_OFFICER])
    send(assessment.pk, cycle.users[Role.COMMUNE_CHAIRMAN])
    services.transition(
        assessment_id=assessment.pk, user=cycle.users[Role.REVIEWER], to=Status.RETURNED, reason="Bổ sung"
    )
    # Returned on Friday 13/02/2026, before Tết: due Wednesday 25/02/2026.
    Transition.objects.filter(to_status=Status.RETURNED).update(
        created_at=datetime(2026, 2, 13, 10, 0, tzinfo=timezone.get_current_timezone())
    )
    found = _kinds(reminders.due_reminders(date(2026, 2, 23)))["supplement"]
    assert [r.due for r in found] == [date(2026, 2, 25)]
    assert "Điều 3 khoản 2 điểm a" in found[0].source
    # The queue shows the same limit: late the day after it.
    period = cycle.periods["own"]
    returned = queue.returned_on([Assessment.objects.get(pk=assessment.pk)])
    late = queue.deadline(period, Status.RETURNED, date(2026, 2, 26), returned[assessment.pk])
    assert late is not None and late.late and late.days_late == 1 and late.supplement
    assert queue.late_returned_ids(period, date(2026, 2, 26)) == [assessment.pk]
    assert queue.late_returned_ids(period, date(2026, 2, 25)) == []


def test_a_signed_decision_is_reminded_until_it_is_published(cycle: World) -> None:
    period = cycle.periods["own"]
    decision = RecognitionDecision.objects.create(
        period=period,
        number="12/QĐ-UBND",
        signed_on=date(2027, 2, 3),
        issuer_name="UBND tỉnh",
        place="Thử Nghiệm",
        signer_name="A",
        signer_title="Chủ tịch",
        created_by=cycle.users[Role.RECOGNISING_AUTHORITY],
    )
    # Signed the day before Tết 2027: two working days after it, Friday 12/02/2027.
    assert "publication" not in _kinds(reminders.due_reminders(date(2027, 2, 3)))
    found = _kinds(reminders.due_reminders(date(2027, 2, 10)))["publication"]
    assert found[0].due == date(2027, 2, 12)
    assert {"u_recognising_authority", "u_reviewer"} <= {u.username for u in found[0].users}
    RecognitionDecision.objects.filter(pk=decision.pk).update(published_on=date(2027, 2, 4))
    assert "publication" not in _kinds(reminders.due_reminders(date(2027, 2, 10)))


def test_the_province_is_reminded_of_its_report_to_the_ministry(cycle: World) -> None:
    found = _kinds(reminders.due_reminders(date(2027, 2, 17)))
    report = [
        r
        for r in found["report_to_ministry"]
        if r.key.startswith(f"remind-report_to_ministry-{cycle.periods['own'].pk}-")
    ]
    assert report[0].due == date(2027, 2, 19) and [u.username for u in report[0].users] == ["u_reviewer"]
    assert "report_to_province" not in found  # QĐ 27/2025: no district level
    assert "report_to_ministry" not in _kinds(reminders.due_reminders(date(2027, 2, 20)))


def test_remind_dry_run_lists_and_sends_nothing_then_sends_once(cycle: World) -> None:
    out = StringIO()
    call_command("remind", "--dry-run", "--today", "2026-12-29", stdout=out)
    assert "dossier" in out.getvalue() and "THỬ:" in out.getvalue()
    assert not Notification.objects.exists()
    call_command("remind", "--today", "2026-12-29", stdout=StringIO())
    sent = Notification.objects.filter(user=cycle.users[Role.COMMUNE_OFFICER]).count()
    assert sent == 1
    call_command("remind", "--today", "2026-12-30", stdout=StringIO())
    assert Notification.objects.filter(user=cycle.users[Role.COMMUNE_OFFICER]).count() == 1


def test_the_queue_shows_days_left_and_report_only_dossiers(cycle: World, login) -> None:
    period = cycle.periods["own"]
    soon = timezone.localdate() + timedelta(days=4)
    AssessmentPeriod.objects.filter(pk=period.pk).update(self_assessment_due=soon, dossier_due=soon)
    Assessment.objects.filter(pk=own(cycle).pk).update(status=Status.SUBMITTED, submission_kind="report_only")
    html = (
        login(cycle.users[Role.REVIEWER])
        .get(reverse("assessments:period_detail", kwargs={"pk": period.pk}))
        .content.decode()
    )
    assert "còn 4 ngày" in html and "Chỉ gửi báo cáo" in html
