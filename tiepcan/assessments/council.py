"""The council's work and the recognition decision (QĐ 25/2021 Điều 5; QĐ 27/2025 as read)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from tiepcan.accounts.choices import Action
from tiepcan.accounts.permissions import grants_for
from tiepcan.assessments import queue, services
from tiepcan.assessments.choices import Status
from tiepcan.assessments.models import (
    Assessment,
    AssessmentPeriod,
    CouncilMeeting,
    CouncilMembership,
    CouncilRecommendation,
    CouncilScore,
    DecisionEntry,
    RecognitionDecision,
)
from tiepcan.frameworks.authority import authority_of
from tiepcan.frameworks.choices import Level
from tiepcan.lib import engine
from tiepcan.lib.engine.numbers import NumberError, parse_number, round2, to_decimal
from tiepcan.units.models import Unit


def covers(seat: CouncilMembership, assessment: Assessment) -> bool:
    """Whether a seat's area (none: the whole province) includes the dossier's commune."""
    if seat.area_id is None:
        return True
    return queue.in_area(Assessment.objects.filter(pk=assessment.pk), seat.area).exists()


def propose(*, assessment_id: int, user: Any, indicator: str, points: Any, reason: str = "") -> CouncilScore:
    """A council member's points for one indicator of a dossier under the council's review."""
    assessment = Assessment.objects.select_related("period__framework", "unit").get(pk=assessment_id)
    if not grants_for(user).allows(Action.COUNCIL_SCORE, assessment.unit):
        raise PermissionDenied
    seat = (
        CouncilMembership.objects.filter(period=assessment.period, user=user).select_related("area").first()
    )
    if seat is None:
        raise ValidationError(_("Bạn không có tên trong Hội đồng của kỳ đánh giá này."))
    if not covers(seat, assessment):
        raise ValidationError(
            _("Hồ sơ này không thuộc khu vực %(area)s mà bạn phụ trách.") % {"area": seat.area}
        )
    if assessment.status != Status.FORWARDED:
        raise ValidationError(_("Chỉ chấm điểm hồ sơ đã chuyển Hội đồng."))
    framework = services.compiled(assessment.period)
    target = next((i for i in framework.indicators() if i.code == indicator), None)
    if target is None:
        raise ValidationError(_("Chỉ tiêu không có trong bộ tiêu chí."))
    if target.placeholder:
        raise ValidationError(_("Chỉ tiêu này đang chờ bổ sung nội dung, chưa chấm điểm."))
    try:
        value = round2(parse_number(points, max_digits=4))
    except NumberError as exc:
        raise ValidationError(
            _("Điểm chỉ tiêu %(c)s phải là số từ 0 đến %(m)s (ví dụ 0,5).")
            % {"c": indicator, "m": engine.vn(target.max_points)}
        ) from exc
    if value < 0 or value > target.max_points:
        raise ValidationError(_("Điểm phải từ 0 đến %(m)s.") % {"m": engine.vn(target.max_points)})
    score, _created = CouncilScore.objects.update_or_create(
        assessment=assessment,
        member=user,
        indicator=indicator,
        defaults={"points": value, "reason": reason.strip()},
    )
    return score


def propose_all(*, assessment_id: int, user: Any, proposals: list[tuple[str, Any, str]]) -> int:
    """Several indicators at once: all saved, or (one refused) none."""
    with transaction.atomic():
        for indicator, points, reason in proposals:
            propose(assessment_id=assessment_id, user=user, indicator=indicator, points=points, reason=reason)
    return len(proposals)


def consolidated(assessment: Assessment) -> tuple[dict[str, Decimal], engine.ScoreResult]:
    """Points per criterion: the members' average per indicator, the commune's own where nobody scored.

    The commune's own points are its current score: its values are frozen once sent, and the score
    is recomputed only when the period moves to a corrected framework version (then the council
    must judge under the version in force, not the one the last round was sent under).
    """
    framework = services.compiled(assessment.period)
    own = {i["code"]: to_decimal(i["points"]) for i in assessment.score.get("indicators", [])}
    proposals: dict[str, list[Decimal]] = {}
    for score in assessment.council_scores.all():
        proposals.setdefault(score.indicator, []).append(score.points)
    criteria: dict[str, Decimal] = {}
    for criterion in framework.criteria:
        total = Decimal(0)
        for indicator in criterion.indicators:
            values = proposals.get(indicator.code)
            points = (
                round2(sum(values, Decimal(0)) / len(values))
                if values
                else own.get(indicator.code, Decimal(0))
            )
            if framework.pass_fail:
                points = (
                    Decimal(1) if points >= Decimal("0.5") else Decimal(0)
                )  # a majority of members says met
            total += points
        criteria[criterion.code] = round2(total)
    result = engine.judge(
        framework,
        criteria,
        facts=assessment.facts,
        unit_class=assessment.unit_class or None,
        satisfaction=_satisfaction(assessment, framework),
    )
    return criteria, result


def _satisfaction(assessment: Assessment, framework: Any) -> Any:
    code, name = (
        framework.recognition.get("satisfaction_indicator"),
        framework.recognition.get("satisfaction_field"),
    )
    return (assessment.values.get(code) or {}).get(name) if code and name else None


def record_meeting(*, period: AssessmentPeriod, user: Any, held_on: date, minutes: str, attendees: list[Any],
                   decisions: list[dict[str, Any]], place: str = "") -> CouncilMeeting:  # fmt: skip
    """The secretary records the meeting and the council's recommendation on each dossier."""
    if not grants_for(user).allows(Action.COUNCIL_SECRETARY, period.province):
        raise PermissionDenied
    if not CouncilMembership.objects.filter(period=period, user=user, is_secretary=True).exists():
        raise ValidationError(_("Chỉ thư ký Hội đồng của kỳ này ghi biên bản."))
    if not minutes.strip():
        raise ValidationError(_("Hãy ghi nội dung biên bản."))
    if not decisions:
        raise ValidationError(_("Chưa có hồ sơ nào được kết luận."))
    members = set(CouncilMembership.objects.filter(period=period).values_list("user_id", flat=True))
    if any(a.pk not in members for a in attendees):
        raise ValidationError(_("Người dự họp phải là thành viên Hội đồng."))
    with transaction.atomic():
        meeting = CouncilMeeting.objects.create(
            period=period, held_on=held_on, place=place, minutes=minutes.strip(), recorded_by=user
        )
        meeting.attendees.set(attendees)
        for item in decisions:
            assessment = item["assessment"]
            votes = item.get("votes_for", 0) + item.get("votes_against", 0) + item.get("votes_abstain", 0)
            if votes > len(attendees):
                raise ValidationError(
                    _("Số phiếu của %(u)s nhiều hơn số người dự họp.") % {"u": assessment.unit.name}
                )
            criteria, result = consolidated(assessment)
            CouncilRecommendation.objects.create(
                meeting=meeting, assessment=assessment, recommend=item["recommend"], votes_for=item.get("votes_for", 0),
                votes_against=item.get("votes_against", 0), votes_abstain=item.get("votes_abstain", 0),
                criterion_points={k: format(v, "f") for k, v in criteria.items()}, total=result.total, verdict=result.verdict,
            )  # fmt: skip
            services.transition(
                assessment_id=assessment.pk, user=user,
                to=Status.RECOMMENDED if item["recommend"] else Status.NOT_RECOMMENDED,
                reason=item.get("reason", "") or (result.verdict if not item["recommend"] else ""),
            )  # fmt: skip
    return meeting


def recognising_unit(period: AssessmentPeriod, assessments: list[Assessment]) -> Unit:
    """The unit whose chairman recognises these communes, at the level the framework gives.

    QĐ 25/2021 Điều 5 khoản 3 (and QĐ 619): the district chairman, so one decision covers the
    communes of one district. QĐ 27/2025 as read, and frameworks without a level: the province.
    """
    if authority_of(services.compiled(period).data).recognition_level != Level.DISTRICT:
        return period.province
    paths = [a.unit.path.strip("/").split("/") for a in assessments]
    district_ids = {int(parts[1]) for parts in paths if len(parts) >= 3}
    if len(district_ids) != 1 or any(len(parts) < 3 for parts in paths):
        raise ValidationError(
            _(
                "Theo bộ tiêu chí, Chủ tịch Ủy ban nhân dân cấp huyện công nhận: mỗi quyết định chỉ gồm các xã, "
                "phường, thị trấn của một huyện."
            )
        )
    return Unit.objects.get(pk=district_ids.pop())


def issue_decision(*, period: AssessmentPeriod, user: Any, number: str, signed_on: date, signer_name: str,
                   signer_title: str, issuer_name: str, place: str, assessments: list[Assessment]) -> RecognitionDecision:  # fmt: skip
    """Recognise the recommended communes in one decision; each gets its annex row and its transition.

    The recognising unit (and so the default issuer and place, and whose grant is needed) follows
    the framework's recognition level.
    """
    if not assessments:
        raise ValidationError(_("Hãy chọn ít nhất một xã, phường, đặc khu."))
    issuer_unit = recognising_unit(period, assessments)
    if not grants_for(user).allows(Action.RECOGNISE, issuer_unit):
        raise PermissionDenied
    if not number.strip() or not signer_name.strip():
        raise ValidationError(_("Hãy ghi số quyết định và người ký."))
    issuer_name = issuer_name.strip() or issuer_unit.peoples_committee_name()
    place = place.strip() or issuer_unit.short_name or issuer_unit.name
    with transaction.atomic():
        if RecognitionDecision.objects.filter(period=period, number=number.strip()).exists():
            raise ValidationError(_("Số quyết định này đã được dùng."))
        decision = RecognitionDecision.objects.create(
            period=period, number=number.strip(), signed_on=signed_on, signer_name=signer_name.strip(),
            signer_title=signer_title.strip(), issuer_name=issuer_name.strip(), place=place.strip(), created_by=user,
        )  # fmt: skip
        for assessment in assessments:
            if assessment.period_id != period.pk or assessment.status != Status.RECOMMENDED:
                raise ValidationError(
                    _("%(u)s chưa được Hội đồng đề nghị công nhận.") % {"u": assessment.unit.name}
                )
            recommendation = getattr(assessment, "recommendation", None)
            DecisionEntry.objects.create(
                decision=decision, assessment=assessment, total=recommendation.total if recommendation else assessment.total or 0,
                criterion_points=recommendation.criterion_points if recommendation else {},
            )  # fmt: skip
            services.transition(
                assessment_id=assessment.pk, user=user, to=Status.RECOGNISED, reason=f"QĐ {decision.number}"
            )
        # Render both files in the background as soon as the decision is committed: the first
        # download then finds them stored.
        transaction.on_commit(lambda: render_decision_files(decision.pk))
    return decision


def render_decision_files(decision_id: int) -> None:
    from tiepcan.assessments.tasks import render_decision

    for fmt in ("pdf", "docx"):
        render_decision.enqueue(decision_id, fmt)


def revoke(*, entry: DecisionEntry, user: Any, reason: str, number: str, revoked_on: date) -> DecisionEntry:
    """Revoke a recognition by a revoking decision; the entry stays, marked, with its reason."""
    if not reason.strip() or not number.strip():
        raise ValidationError(_("Hãy ghi số quyết định thu hồi và lý do."))
    with transaction.atomic():
        services.transition(assessment_id=entry.assessment_id, user=user, to=Status.REVOKED, reason=reason)
        entry.revoked_on, entry.revocation_number, entry.revocation_reason = (
            revoked_on,
            number.strip(),
            reason.strip(),
        )
        entry.save(update_fields=["revoked_on", "revocation_number", "revocation_reason"])
    return entry
