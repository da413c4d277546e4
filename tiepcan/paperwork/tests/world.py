"""A world that has been through the whole cycle, for the forms: a sent round, a meeting, a decision."""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import date

from tiepcan.accounts.choices import Role
from tiepcan.assessments import council
from tiepcan.assessments.models import CouncilMeeting, PublicComment, RecognitionDecision
from tiepcan.assessments.tests.test_council_and_decision import build_forwarded
from tiepcan.assessments.tests.test_cycle import own
from tiepcan.testing import World


@dataclass(kw_only=True)
class Cycle(World):
    """The world after the whole cycle, with the council's meeting and the province's decision."""

    meeting: CouncilMeeting
    decision: RecognitionDecision


def build_cycle(world: World) -> Cycle:
    build_forwarded(world)
    assessment = own(world)
    PublicComment.objects.create(
        assessment=assessment,
        author_name="Trần Thị Bình",
        text="Đề nghị công khai thêm <kết quả> & số liệu",
        answer="Đã bổ sung trên bảng tin",
        created_at=assessment.snapshots.get().submitted_at,
    )
    member, secretary = world.users[Role.COUNCIL_MEMBER], world.users[Role.COUNCIL_SECRETARY]
    council.propose(assessment_id=assessment.pk, user=member, indicator="1.1", points=1, reason="Đủ văn bản")
    council.propose(
        assessment_id=assessment.pk, user=secretary, indicator="1.1", points=0, reason="Một văn bản chậm"
    )
    meeting = council.record_meeting(
        period=world.periods["own"],
        user=secretary,
        held_on=date(2027, 1, 20),
        minutes="Hội đồng thống nhất kết quả.",
        attendees=[member, secretary],
        place="Hội trường Sở Tư pháp",
        chaired_by=member,
        decisions=[
            {
                "assessment": assessment,
                "recommend": True,
                "votes_for": 2,
                "votes_against": 0,
                "votes_abstain": 0,
                "reason": "",
            }
        ],
        papers_sent_on=date(2027, 1, 14),
    )
    for signer in (member, secretary):
        council.sign_minutes(meeting=meeting, user=signer)
    meeting.refresh_from_db()
    assessment.refresh_from_db()
    decision = council.issue_decision(
        period=world.periods["own"],
        user=world.users[Role.RECOGNISING_AUTHORITY],
        number="125/QĐ-UBND",
        signed_on=date(2027, 1, 31),
        signer_name="Nguyễn Văn An",
        signer_title="Chủ tịch",
        issuer_name="",
        place="",
        assessments=[assessment],
    )
    assert isinstance(decision, RecognitionDecision)
    return Cycle(
        **{f.name: getattr(world, f.name) for f in fields(World)}, meeting=meeting, decision=decision
    )
