"""The council as TT 09/2021/TT-BTP Điều 5 composes it: seats, quorum, written opinions, signed minutes."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from tiepcan.accounts.choices import Role
from tiepcan.assessments import council
from tiepcan.assessments.choices import CouncilRole, MeetingKind, Status
from tiepcan.assessments.models import CouncilMembership
from tiepcan.assessments.tests.test_council_and_decision import build_forwarded
from tiepcan.assessments.tests.test_cycle import own
from tiepcan.testing import World, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def forwarded(world: World) -> World:
    return build_forwarded(world)


def _seat(world: World, n: int, role: str = CouncilRole.MEMBER) -> list:
    people = [make_user(f"u_hd_{role}_{i}", f"Thành viên {i}") for i in range(n)]
    for person in people:
        council.seat_member(
            period=world.periods["own"], user=world.users[Role.PROVINCE_ADMIN], member=person, role=role
        )
    return people


def _record(world: World, attendees: list, **extra):
    fields = {
        "held_on": date(2027, 1, 20),
        "minutes": "Họp",
        "chaired_by": world.users[Role.COUNCIL_MEMBER],
        "papers_sent_on": date(2027, 1, 14),
        "decisions": [{"assessment": own(world), "recommend": True, "votes_for": len(attendees)}],
        **extra,
    }
    return council.record_meeting(
        period=world.periods["own"], user=world.users[Role.COUNCIL_SECRETARY], attendees=attendees, **fields
    )


def test_quorum_is_two_thirds_rounded_up() -> None:
    assert [council.quorum(n) for n in (1, 2, 3, 4, 5, 6, 7, 15)] == [1, 2, 2, 3, 4, 4, 5, 10]


def test_the_council_has_at_most_fifteen_members(forwarded: World) -> None:
    _seat(forwarded, 13)  # with the chair and the secretary: 15
    assert CouncilMembership.objects.filter(period=forwarded.periods["own"]).count() == 15
    with pytest.raises(ValidationError, match="tối đa 15 thành viên"):
        _seat(forwarded, 1, CouncilRole.DEPUTY_CHAIR)
    # Changing a seated member's role is not a new seat.
    seated = CouncilMembership.objects.filter(role=CouncilRole.MEMBER).first()
    assert seated is not None
    council.seat_member(
        period=forwarded.periods["own"],
        user=forwarded.users[Role.PROVINCE_ADMIN],
        member=seated.user,
        role=CouncilRole.DEPUTY_CHAIR,
    )


def test_one_chair_and_one_secretary(forwarded: World) -> None:
    with pytest.raises(ValidationError, match="đã có Chủ tịch Hội đồng"):
        _seat(forwarded, 1, CouncilRole.CHAIR)
    with pytest.raises(ValidationError, match="đã có Thư ký Hội đồng"):
        _seat(forwarded, 1, CouncilRole.SECRETARY)
    with pytest.raises(PermissionDenied):
        council.seat_member(
            period=forwarded.periods["own"],
            user=forwarded.users[Role.REVIEWER],
            member=forwarded.users[Role.REVIEWER],
            role=CouncilRole.MEMBER,
        )


def test_an_inquorate_meeting_cannot_be_recorded(forwarded: World) -> None:
    others = _seat(forwarded, 4)  # 6 members: 4 needed
    chair, secretary = forwarded.users[Role.COUNCIL_MEMBER], forwarded.users[Role.COUNCIL_SECRETARY]
    with pytest.raises(ValidationError, match="ít nhất 4/6 thành viên tham dự \\(hai phần ba\\); có 3"):
        _record(forwarded, [chair, secretary, others[0]])
    assert own(forwarded).status == Status.FORWARDED
    meeting = _record(forwarded, [chair, secretary, *others[:2]])
    assert meeting.attendees.count() == 4 and meeting.kind == MeetingKind.MEETING


def test_the_meeting_is_chaired_by_the_chair_or_a_deputy_who_attends(forwarded: World) -> None:
    secretary = forwarded.users[Role.COUNCIL_SECRETARY]
    chair = forwarded.users[Role.COUNCIL_MEMBER]
    with pytest.raises(ValidationError, match="Chủ tịch hoặc Phó Chủ tịch Hội đồng"):
        _record(forwarded, [chair, secretary], chaired_by=secretary)
    with pytest.raises(ValidationError, match="Chủ tịch hoặc Phó Chủ tịch Hội đồng"):
        _record(forwarded, [chair, secretary], chaired_by=None)
    deputy = _seat(forwarded, 1, CouncilRole.DEPUTY_CHAIR)[0]
    with pytest.raises(ValidationError, match="phải có mặt"):
        _record(forwarded, [chair, secretary], chaired_by=deputy)  # 2 of 3 present, but not the one chairing
    assert _record(forwarded, [deputy, secretary], chaired_by=deputy).chaired_by == deputy


def test_papers_must_reach_members_three_working_days_before(forwarded: World) -> None:
    chair, secretary = forwarded.users[Role.COUNCIL_MEMBER], forwarded.users[Role.COUNCIL_SECRETARY]
    # Meeting on Wednesday 20/01/2027: papers by Friday 15/01/2027 (19, 18, 15).
    with pytest.raises(ValidationError, match="chậm nhất ngày 15/01/2027; đã ghi ngày gửi 18/01/2027"):
        _record(forwarded, [chair, secretary], papers_sent_on=date(2027, 1, 18))
    with pytest.raises(ValidationError, match="ngày gửi tài liệu"):
        _record(forwarded, [chair, secretary], papers_sent_on=None)
    assert _record(forwarded, [chair, secretary], papers_sent_on=date(2027, 1, 15)).papers_sent_on == date(
        2027, 1, 15
    )


def test_written_opinions_replace_the_meeting_with_the_same_two_thirds(forwarded: World) -> None:
    others = _seat(forwarded, 1)  # 3 members: 2 opinions needed
    chair, secretary = forwarded.users[Role.COUNCIL_MEMBER], forwarded.users[Role.COUNCIL_SECRETARY]
    with pytest.raises(ValidationError, match="ý kiến bằng văn bản của ít nhất 2/3 thành viên"):
        _record(forwarded, [others[0]], kind=MeetingKind.WRITTEN, papers_sent_on=None)
    meeting = _record(
        forwarded,
        [chair, others[0]],
        kind=MeetingKind.WRITTEN,
        papers_sent_on=None,
        minutes="Tổng hợp 2 phiếu lấy ý kiến (Mẫu 06).",
    )
    assert meeting.kind == MeetingKind.WRITTEN
    recommendation = own(forwarded).recommendation
    assert recommendation.meeting == meeting and recommendation.recommend
    assert secretary not in meeting.attendees.all()


def test_minutes_are_signed_by_the_person_chairing_and_the_secretary_before_recognition(
    forwarded: World,
) -> None:
    chair, secretary = forwarded.users[Role.COUNCIL_MEMBER], forwarded.users[Role.COUNCIL_SECRETARY]
    meeting = _record(forwarded, [chair, secretary])
    assessment = own(forwarded)
    issue = {
        "period": forwarded.periods["own"],
        "user": forwarded.users[Role.RECOGNISING_AUTHORITY],
        "number": "3/QĐ",
        "signed_on": date(2027, 1, 31),
        "signer_name": "A",
        "signer_title": "Chủ tịch",
        "issuer_name": "",
        "place": "",
        "assessments": [assessment],
    }
    with pytest.raises(ValidationError, match="chưa có đủ chữ ký của người chủ trì và Thư ký"):
        council.issue_decision(**issue)
    with pytest.raises(PermissionDenied):
        council.sign_minutes(meeting=meeting, user=forwarded.users[Role.REVIEWER])
    council.sign_minutes(meeting=meeting, user=chair)
    with pytest.raises(ValidationError, match="đã ký"):
        council.sign_minutes(meeting=meeting, user=chair)
    with pytest.raises(ValidationError, match="chưa có đủ chữ ký"):
        council.issue_decision(**issue)
    council.sign_minutes(meeting=meeting, user=secretary)
    assessment.refresh_from_db()
    council.issue_decision(**{**issue, "assessments": [assessment]})
    assessment.refresh_from_db()
    assert assessment.status == Status.RECOGNISED


def test_a_meeting_cannot_be_dated_before_the_year_assessed(forwarded: World) -> None:
    chair, secretary = forwarded.users[Role.COUNCIL_MEMBER], forwarded.users[Role.COUNCIL_SECRETARY]
    with pytest.raises(ValidationError, match="không được trước năm đánh giá 2026"):
        _record(forwarded, [chair, secretary], held_on=date(2000, 1, 12), papers_sent_on=date(2000, 1, 5))
    assert own(forwarded).status == Status.FORWARDED


def test_a_recognition_cannot_be_signed_before_the_council_advised_it(forwarded: World) -> None:
    chair, secretary = forwarded.users[Role.COUNCIL_MEMBER], forwarded.users[Role.COUNCIL_SECRETARY]
    meeting = _record(forwarded, [chair, secretary])  # held 20/01/2027
    council.sign_minutes(meeting=meeting, user=chair)
    council.sign_minutes(meeting=meeting, user=secretary)
    issue = {
        "period": forwarded.periods["own"],
        "user": forwarded.users[Role.RECOGNISING_AUTHORITY],
        "number": "4/QĐ",
        "signed_on": date(2027, 1, 19),
        "signer_name": "A",
        "signer_title": "Chủ tịch",
        "issuer_name": "",
        "place": "",
        "assessments": [own(forwarded)],
    }
    with pytest.raises(
        ValidationError, match="không được trước ngày Hội đồng xem xét Xã Đồng Tâm \\(20/01/2027\\)"
    ):
        council.issue_decision(**issue)
    assert own(forwarded).status == Status.RECOMMENDED
    council.issue_decision(**{**issue, "signed_on": date(2027, 1, 20)})  # the same day is allowed
    assert own(forwarded).status == Status.RECOGNISED


def test_the_publication_day_is_recorded_by_those_who_recognise(forwarded: World, login) -> None:
    from django.urls import reverse
    from django.utils import timezone

    from tiepcan.assessments.models import RecognitionDecision

    signed = timezone.localdate() - timedelta(days=3)
    decision = RecognitionDecision.objects.create(
        period=forwarded.periods["own"],
        number="7/QĐ-UBND",
        signed_on=signed,
        issuer_name="UBND tỉnh",
        place="Thử Nghiệm",
        signer_name="A",
        signer_title="Chủ tịch",
        created_by=forwarded.users[Role.RECOGNISING_AUTHORITY],
    )
    authority = login(forwarded.users[Role.RECOGNISING_AUTHORITY])
    page = authority.get(reverse("assessments:decisions", kwargs={"pk": decision.period_id})).content.decode()
    assert "Hạn công bố trên Cổng thông tin điện tử" in page
    with pytest.raises(ValidationError, match="từ ngày ký quyết định đến hôm nay"):
        council.record_publication(
            decision=decision,
            user=forwarded.users[Role.RECOGNISING_AUTHORITY],
            published_on=signed - timedelta(days=1),
        )
    with pytest.raises(PermissionDenied):
        council.record_publication(
            decision=decision, user=forwarded.users[Role.REVIEWER], published_on=signed
        )
    authority.post(
        reverse("assessments:decision_publish", kwargs={"pk": decision.pk}),
        {"published_on": signed.strftime("%d/%m/%Y")},
    )
    decision.refresh_from_db()
    assert decision.published_on == signed
