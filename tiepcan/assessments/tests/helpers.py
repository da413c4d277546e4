"""Steps tests take on the way to a sent dossier."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone

from tiepcan.assessments import procedure, services
from tiepcan.assessments.choices import AttendeeGroup, ChairRole, PostingMode, Status


def post_and_meet(assessment_id: int, user: Any, *, days_ago: int = 10) -> None:
    """Record a posting that has run (office and portal, ``days_ago`` days back) and the commune meeting."""
    start = timezone.localdate() - timedelta(days=days_ago)
    procedure.record_posting(
        assessment_id=assessment_id, user=user, office_from=start, mode=PostingMode.PORTAL, mode_from=start
    )
    procedure.record_commune_meeting(
        assessment_id=assessment_id,
        user=user,
        held_on=timezone.localdate(),
        chair_role=ChairRole.CHAIRMAN,
        chair_name="Nguyễn Văn An",
        attendee_groups=[*procedure.REQUIRED_GROUPS, AttendeeGroup.VILLAGE_HEADS],
        attendees="Công chức Tư pháp – Hộ tịch, Trưởng Công an xã, Chủ tịch Ủy ban MTTQ xã, các Trưởng thôn",
        outcome="Thống nhất kết quả tự chấm điểm.",
    )


def send(assessment_id: int, user: Any, reason: str = "") -> None:
    """Approve, post, record the posting and the meeting, and send."""
    for to in (Status.APPROVED, Status.POSTED):
        services.transition(assessment_id=assessment_id, user=user, to=to, reason=reason)
    post_and_meet(assessment_id, user)
    services.transition(assessment_id=assessment_id, user=user, to=Status.SUBMITTED, reason=reason)
