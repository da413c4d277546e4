"""TT 09/2021/TT-BTP Điều 3: posting, the commune meeting, report-only submissions, time limits."""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from tiepcan.accounts.choices import Role
from tiepcan.assessments import procedure, scoring, services
from tiepcan.assessments.choices import AttendeeGroup, ChairRole, PostingMode, Status, SubmissionKind
from tiepcan.assessments.models import Assessment, Transition
from tiepcan.assessments.tests.helpers import post_and_meet, send
from tiepcan.assessments.tests.test_cycle import fill_completely, own
from tiepcan.assessments.tests.test_framework_rules import commune, qd25  # noqa: F401 - a fixture
from tiepcan.lib.engine.sample import sample_indicator
from tiepcan.testing import World, build_period

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate


@pytest.fixture
def posted(world: World) -> World:
    build_period(world)
    assessment = fill_completely(own(world), world.users[Role.COMMUNE_OFFICER])
    for to in (Status.APPROVED, Status.POSTED):
        services.transition(assessment_id=assessment.pk, user=world.users[Role.COMMUNE_CHAIRMAN], to=to)
    return world


def _post(world: World, days_ago: int, **extra) -> None:
    start = TODAY() - timedelta(days=days_ago)
    fields = {"office_from": start, "mode": PostingMode.PORTAL, "mode_from": start, **extra}
    procedure.record_posting(assessment_id=own(world).pk, user=world.users[Role.COMMUNE_CHAIRMAN], **fields)


def _meet(world: World, **extra) -> None:
    fields = {
        "held_on": TODAY(),
        "chair_role": ChairRole.VICE_CHAIRMAN,
        "chair_name": "Lê Thị Bình",
        "attendee_groups": [
            AttendeeGroup.OFFICERS,
            AttendeeGroup.POLICE,
            AttendeeGroup.FATHERLAND_FRONT,
            AttendeeGroup.RESIDENTIAL_HEADS,
        ],
        "attendees": "Các công chức, Công an phường, MTTQ phường, các Tổ trưởng tổ dân phố",
        "outcome": "Thống nhất kết quả.",
        **extra,
    }
    procedure.record_commune_meeting(
        assessment_id=own(world).pk, user=world.users[Role.COMMUNE_OFFICER], **fields
    )


def _send(world: World) -> Assessment:
    return services.transition(
        assessment_id=own(world).pk, user=world.users[Role.COMMUNE_CHAIRMAN], to=Status.SUBMITTED
    )


def test_sending_is_refused_until_posting_and_the_meeting_are_recorded(posted: World) -> None:
    with pytest.raises(ValidationError) as error:
        _send(posted)
    text = " ".join(error.value.messages)
    assert (
        "Chưa ghi việc niêm yết công khai" in text and "Chưa ghi cuộc họp xem xét, thống nhất kết quả" in text
    )
    assert own(posted).status == Status.POSTED


def test_sending_is_refused_before_five_days_at_the_commune_office(posted: World) -> None:
    _post(posted, days_ago=3)
    _meet(posted)
    with pytest.raises(ValidationError) as error:
        _send(posted)
    ready = (TODAY() + timedelta(days=2)).strftime("%d/%m/%Y")
    assert "Chưa hết thời hạn niêm yết tại trụ sở (ít nhất 5 ngày" in " ".join(error.value.messages)
    assert f"chỉ gửi được từ ngày {ready}" in " ".join(error.value.messages)


def test_sending_is_allowed_once_five_days_have_run(posted: World) -> None:
    _post(posted, days_ago=5)
    _meet(posted)
    assert _send(posted).status == Status.SUBMITTED


def test_a_posting_declared_shorter_than_five_days_is_refused(posted: World) -> None:
    _post(posted, days_ago=20, office_until=TODAY() - timedelta(days=17))
    _meet(posted)
    with pytest.raises(ValidationError, match="phải ít nhất 5 ngày"):
        _send(posted)


def test_the_radio_needs_three_announcements_within_five_days(posted: World) -> None:
    start = TODAY() - timedelta(days=6)
    _post(posted, days_ago=6, mode=PostingMode.RADIO, radio_dates=[start, start + timedelta(days=2)])
    _meet(posted)
    with pytest.raises(ValidationError, match="ít nhất 3 lần \\(đã ghi 2 lần\\)"):
        _send(posted)
    _post(
        posted, days_ago=6, mode=PostingMode.RADIO, radio_dates=[start + timedelta(days=d) for d in (0, 2, 4)]
    )
    assert _send(posted).status == Status.SUBMITTED
    assert len(own(posted).posting.radio_dates) == 3


def test_broadcasts_outside_the_radio_period_are_refused(posted: World) -> None:
    with pytest.raises(ValidationError, match="Đài phải nằm trong thời gian thông báo"):
        _post(posted, days_ago=6, mode=PostingMode.RADIO, radio_dates=[TODAY() - timedelta(days=9)])


def test_posting_is_recorded_only_while_posted_and_by_the_commune(posted: World) -> None:
    with pytest.raises(PermissionDenied):
        procedure.record_posting(
            assessment_id=own(posted).pk,
            user=posted.users[Role.REVIEWER],
            office_from=TODAY(),
            mode=PostingMode.PORTAL,
            mode_from=TODAY(),
        )
    post_and_meet(own(posted).pk, posted.users[Role.COMMUNE_CHAIRMAN])
    _send(posted)
    with pytest.raises(ValidationError, match="đang được niêm yết"):
        _post(posted, days_ago=10)


def test_the_commune_meeting_needs_its_attendees_and_a_commune_leader(posted: World) -> None:
    _post(posted, days_ago=6)
    with pytest.raises(ValidationError) as error:
        _meet(posted, attendee_groups=[AttendeeGroup.OFFICERS], chair_name=" ")
    text = " ".join(error.value.messages)
    assert "lãnh đạo Ủy ban nhân dân cấp xã chủ trì" in text
    assert (
        "Đại diện Công an cấp xã" in text
        and "Mặt trận Tổ quốc" in text
        and "Trưởng thôn hoặc Tổ trưởng" in text
    )
    with pytest.raises(ValidationError, match="sau khi niêm yết"):
        _meet(posted, held_on=TODAY() - timedelta(days=8))
    _meet(posted)
    meeting = own(posted).commune_meeting
    assert (
        meeting.chair_role == ChairRole.VICE_CHAIRMAN and "Đại diện Công an cấp xã" in meeting.group_labels()
    )


def _fill_poorly(world: World) -> Assessment:
    assessment = own(world)
    framework = services.compiled(assessment.period)
    values = {i.code: sample_indicator(i, random.Random(3), quality=0.0) for i in framework.indicators()}
    Assessment.objects.filter(pk=assessment.pk).update(values={k: v for k, v in values.items() if v})
    assessment.refresh_from_db()
    scoring.rescore(assessment)
    assessment.save()
    return assessment


def test_a_commune_short_of_the_conditions_sends_a_report_that_is_never_recognised(world: World) -> None:
    build_period(world)
    fill_completely(own(world), world.users[Role.COMMUNE_OFFICER])
    assessment = _fill_poorly(world)
    assert not assessment.recognisable
    chairman = world.users[Role.COMMUNE_CHAIRMAN]
    for to in (Status.APPROVED, Status.POSTED):
        services.transition(assessment_id=assessment.pk, user=chairman, to=to)
    post_and_meet(assessment.pk, chairman)
    assessment.refresh_from_db()
    labels = [step.label for _to, step in services.allowed_steps(assessment, chairman)]
    assert "Gửi báo cáo và bản tổng hợp điểm (chưa đủ điều kiện công nhận)" in labels
    sent = _send(world)
    assert sent.submission_kind == SubmissionKind.REPORT_ONLY
    services.transition(assessment_id=sent.pk, user=world.users[Role.REVIEWER], to=Status.FORWARDED)
    with pytest.raises(ValidationError, match="chỉ gửi báo cáo"):
        services.transition(assessment_id=sent.pk, user=world.users[Role.SYSTEM_ADMIN], to=Status.RECOMMENDED)


def test_a_commune_meeting_the_conditions_requests_recognition(qd25: World) -> None:  # noqa: F811
    admin = qd25.users[Role.SYSTEM_ADMIN]
    assessment = fill_completely(commune(qd25, "C1"), admin)
    scoring.rescore(assessment)
    assessment.save()
    assert assessment.recognisable, assessment.score.get("verdict")
    send(assessment.pk, admin)
    assessment.refresh_from_db()
    assert assessment.submission_kind == SubmissionKind.RECOGNITION
    assert "chưa đủ điều kiện" not in " ".join(
        str(s.label) for _t, s in services.allowed_steps(assessment, admin)
    )


def test_a_returned_dossier_is_due_three_working_days_after_the_request(world: World) -> None:
    build_period(world)
    assessment = fill_completely(own(world), world.users[Role.COMMUNE_OFFICER])
    send(assessment.pk, world.users[Role.COMMUNE_CHAIRMAN])
    services.transition(
        assessment_id=assessment.pk, user=world.users[Role.REVIEWER], to=Status.RETURNED, reason="Bổ sung"
    )
    assessment.refresh_from_db()
    # Returned on the Friday before Tết 2026 (13/02/2026): due Wednesday 25/02/2026.
    due = procedure.supplement_due(assessment, returned_on=date(2026, 2, 13))
    assert due is not None and due.day == date(2026, 2, 25) and "03 ngày làm việc" in due.text
    Transition.objects.filter(assessment=assessment, to_status=Status.RETURNED).update(
        created_at=datetime(2026, 2, 13, 9, 0, tzinfo=timezone.get_current_timezone())
    )
    due = procedure.supplement_due(assessment)
    assert due is not None and due.day == date(2026, 2, 25)


def test_the_page_records_posting_and_the_meeting_through_forms(posted: World, login) -> None:
    from django.urls import reverse

    assessment = own(posted)
    client = login(posted.users[Role.COMMUNE_CHAIRMAN])
    page = reverse("assessments:assessment_detail", kwargs={"pk": assessment.pk})
    html = client.get(page).content.decode()
    assert "Chưa gửi được hồ sơ:" in html and "Ghi việc niêm yết" in html
    start = (TODAY() - timedelta(days=6)).strftime("%d/%m/%Y")
    radio = ", ".join((TODAY() - timedelta(days=d)).strftime("%d/%m/%Y") for d in (6, 4, 2))
    client.post(
        reverse("assessments:posting_record", kwargs={"pk": assessment.pk}),
        {"office_from": start, "mode": "radio", "mode_from": start, "radio_dates": radio},
    )
    response = client.post(
        reverse("assessments:commune_meeting_record", kwargs={"pk": assessment.pk}),
        {
            "held_on": TODAY().strftime("%d/%m/%Y"),
            "chair_role": "chairman",
            "chair_name": "Nguyễn Văn An",
            "attendee_groups": ["officers", "police"],
            "attendees": "x",
            "outcome": "y",
        },
        follow=True,
    )
    assert "Thành phần cuộc họp còn thiếu" in response.content.decode()
    client.post(
        reverse("assessments:commune_meeting_record", kwargs={"pk": assessment.pk}),
        {
            "held_on": TODAY().strftime("%d/%m/%Y"),
            "chair_role": "chairman",
            "chair_name": "Nguyễn Văn An",
            "attendee_groups": ["officers", "police", "fatherland_front", "village_heads"],
            "attendees": "Các thành phần",
            "outcome": "Thống nhất kết quả",
        },
    )
    html = client.get(page).content.decode()
    assert "Chưa gửi được hồ sơ:" not in html and "3 lần thông báo" in html and "Thống nhất kết quả" in html
    assert own(posted).posting.mode == PostingMode.RADIO
    other = login(posted.users[Role.REVIEWER]).post(
        reverse("assessments:posting_record", kwargs={"pk": assessment.pk}), {"office_from": start}
    )
    assert other.status_code == 403
