"""The steps of the yearly cycle that depend on more than a grant: the dossier's status, a seat on
the council. One rule per step (see :mod:`tiepcan.core.rules`): the services check it before they
act, the pages ask it through ``{% can "assessments.…" obj as x %}``."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from tiepcan.accounts.choices import Action
from tiepcan.accounts.permissions import grants_for
from tiepcan.assessments import council
from tiepcan.assessments.choices import PeriodStatus, RegistrationStatus, Status
from tiepcan.assessments.models import (
    Assessment,
    AssessmentPeriod,
    CouncilMeeting,
    CouncilMembership,
    RecognitionDecision,
    Registration,
    ReviewNote,
)
from tiepcan.core.rules import require, rule
from tiepcan.frameworks.authority import authority_of
from tiepcan.frameworks.choices import Level
from tiepcan.units.models import Unit


def _commune_acts(user: Any, assessment: Assessment) -> bool:
    """The commune's officer or chairman: they post the result and hold the commune's meeting."""
    grants = grants_for(user)
    return grants.allows(Action.SELF_ASSESS, assessment.unit) or grants.allows(
        Action.APPROVE_SELF_ASSESSMENT, assessment.unit
    )


@rule("assessments.edit")
def edit(user: Any, assessment: Assessment) -> None:
    """Fill in values and evidence: the commune's officer, while the dossier is a draft or returned."""
    require(grants_for(user).allows(Action.SELF_ASSESS, assessment.unit))
    if not assessment.editable:
        raise ValidationError(_("Hồ sơ đã gửi hoặc đang được xét, không sửa được số liệu."))


@rule("assessments.note")
def note(user: Any, assessment: Assessment) -> None:
    """A reviewer's request for supplement, while the dossier waits for review."""
    require(grants_for(user).allows(Action.REVIEW, assessment.unit))
    if assessment.status != Status.SUBMITTED:
        raise ValidationError(_("Chỉ ghi yêu cầu bổ sung khi hồ sơ đang chờ thẩm định."))


@rule("assessments.explain")
def explain(user: Any, target: Assessment | ReviewNote) -> None:
    """The commune explains the notes of the latest return (a note, or a dossier for its notes)."""
    assessment = target.assessment if isinstance(target, ReviewNote) else target
    require(grants_for(user).allows(Action.SELF_ASSESS, assessment.unit))
    latest = not isinstance(target, ReviewNote) or target.round == assessment.round
    if assessment.status != Status.RETURNED or not latest:
        raise ValidationError(_("Chỉ giải trình yêu cầu của lần trả lại gần nhất."))


@rule("assessments.answer")
def answer(user: Any, assessment: Assessment) -> None:
    """The commune answers the public's comments on its posted result."""
    require(_commune_acts(user, assessment))


@rule("assessments.post")
def post(user: Any, assessment: Assessment) -> None:
    """Record how the draft result is posted (TT 09/2021 Điều 3 khoản 1 điểm c), while it is posted."""
    require(_commune_acts(user, assessment))
    if assessment.status != Status.POSTED:
        raise ValidationError(
            _("Chỉ ghi việc niêm yết khi kết quả tự đánh giá đang được niêm yết công khai.")
        )


@rule("assessments.commune_meeting")
def commune_meeting(user: Any, assessment: Assessment) -> None:
    """Record the commune's meeting that agrees the result (Điều 3 khoản 1 điểm đ), before sending."""
    require(_commune_acts(user, assessment))
    if assessment.status not in (Status.POSTED, Status.RETURNED):
        raise ValidationError(_("Chỉ ghi cuộc họp thống nhất kết quả trước khi gửi hồ sơ."))


def _seat(user: Any, period: AssessmentPeriod) -> CouncilMembership | None:
    seen = getattr(user, "_council_seats", {}).get(period.pk)
    if seen is not None:
        return seen
    return CouncilMembership.objects.filter(period=period, user_id=user.pk).select_related("area").first()


def remember_seat(user: Any, seat: CouncilMembership) -> None:
    """A council page has read the person's seat (with its area) among the members it shows: the
    rules of this request use it rather than reading it again. Kept on the request's person only,
    and only a seat found (a person without one is asked again)."""
    seats = getattr(user, "_council_seats", None)
    if seats is None:
        seats = {}
        user._council_seats = seats
    seats[seat.period_id] = seat


@rule("assessments.council_score")
def council_score(user: Any, period: AssessmentPeriod) -> None:
    """A council member proposes points: the grant and a seat on this period's council."""
    require(grants_for(user).allows(Action.COUNCIL_SCORE, period.province))
    if _seat(user, period) is None:
        raise ValidationError(_("Bạn không có tên trong Hội đồng của kỳ đánh giá này."))


@rule("assessments.council_record")
def council_record(user: Any, period: AssessmentPeriod) -> None:
    """The council's secretary records the meeting and its recommendations (TT 09/2021 Điều 5)."""
    require(grants_for(user).allows(Action.COUNCIL_SECRETARY, period.province))
    seat = _seat(user, period)
    if seat is None or not seat.is_secretary:
        raise ValidationError(_("Chỉ thư ký Hội đồng của kỳ này ghi biên bản."))


def _is_secretary(user: Any, meeting: CouncilMeeting) -> bool:
    return CouncilMembership.objects.filter(
        period_id=meeting.period_id, user_id=user.pk, is_secretary=True
    ).exists()


@rule("assessments.council_sign")
def council_sign(user: Any, meeting: CouncilMeeting) -> None:
    """The person chairing and the secretary each sign the minutes once (TT 09/2021 Điều 5 khoản 5),
    once every dossier before the council has its row in them (they are written page by page)."""
    chairs = user.pk == meeting.chaired_by_id
    is_secretary = _is_secretary(user, meeting)
    require(chairs or is_secretary)
    if not (
        (chairs and meeting.chair_signed_at is None) or (is_secretary and meeting.secretary_signed_at is None)
    ):
        raise ValidationError(_("Bạn đã ký xác nhận biên bản này."))
    left = council.awaiting(meeting.period_id)
    if left:
        raise ValidationError(
            _("Còn %(n)s hồ sơ đang chờ Hội đồng chưa có kết luận trong biên bản: hãy ghi đủ trước khi ký.")
            % {"n": left}
        )


@rule("assessments.recognise")
def recognise(user: Any, period: AssessmentPeriod) -> None:
    """Issue recognition decisions for the period: the province's chairman, or a district's where the
    framework gives recognition to the district (QĐ 25/2021 Điều 5 khoản 3)."""
    if grants_for(user).allows(Action.RECOGNISE, period.province):
        return
    require(
        authority_of(period.framework.compiled().data).recognition_level == Level.DISTRICT
        and Assessment.objects.for_user(user, Action.RECOGNISE).filter(period=period).exists()
    )


@rule("assessments.council_propose")
def council_propose(user: Any, assessment: Assessment) -> None:
    """A council member's points on one dossier: the grant over its commune, a seat whose area
    covers the commune, while the dossier is with the council."""
    require(grants_for(user).allows(Action.COUNCIL_SCORE, assessment.unit))
    seat = _seat(user, assessment.period)
    if seat is None:
        raise ValidationError(_("Bạn không có tên trong Hội đồng của kỳ đánh giá này."))
    if not council.covers(seat, assessment):
        raise ValidationError(
            _("Hồ sơ này không thuộc khu vực %(area)s mà bạn phụ trách.") % {"area": seat.area}
        )
    if assessment.status != Status.FORWARDED:
        raise ValidationError(_("Chỉ chấm điểm hồ sơ đã chuyển Hội đồng."))


@rule("assessments.issue_decision")
def issue_decision(user: Any, issuer: Unit) -> None:
    """Sign a recognition decision: the chairman of the recognising unit (``scoring.recognising_unit``:
    the province, or the district where the framework says so, QĐ 25/2021 Điều 5 khoản 3)."""
    require(grants_for(user).allows(Action.RECOGNISE, issuer))


@rule("assessments.record_publication")
def record_publication(user: Any, decision: RecognitionDecision) -> None:
    """Record the day a decision went on the portal: whoever recognises one of its communes."""
    units = [e.assessment.unit for e in decision.entries.select_related("assessment__unit")] or [
        decision.period.province
    ]
    grants = grants_for(user)
    require(any(grants.allows(Action.RECOGNISE, unit) for unit in units))


# --- Managing the period (the province's administrators) -----------------------------------------


@rule("assessments.open_period")
def open_period(user: Any, province: Unit) -> None:
    """Open a year's period for ``province``."""
    require(grants_for(user).allows(Action.MANAGE_PERIODS, province))


@rule("assessments.seat_member")
def seat_member(user: Any, period: AssessmentPeriod) -> None:
    """Seat people on the period's council (TT 09/2021 Điều 5 khoản 2, 3)."""
    require(grants_for(user).allows(Action.MANAGE_PERIODS, period.province))


@rule("assessments.decide_registration")
def decide_registration(user: Any, registration: Registration) -> None:
    """Accept or refuse a commune's registration, once."""
    require(grants_for(user).allows(Action.MANAGE_PERIODS, registration.period.province))
    if registration.status != RegistrationStatus.PENDING:
        raise ValidationError(_("Đăng ký này đã được xét."))


@rule("assessments.move_period")
def move_period(user: Any, period: AssessmentPeriod) -> None:
    """Move an open period onto a corrected version of its framework."""
    require(grants_for(user).allows(Action.MANAGE_PERIODS, period.province))
    if period.status != PeriodStatus.OPEN:
        raise ValidationError(_("Kỳ đánh giá đã kết thúc: giữ nguyên phiên bản bộ tiêu chí đã dùng."))
