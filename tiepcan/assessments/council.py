"""The council's work and the recognition decision (QĐ 25/2021 Điều 5; QĐ 27/2025 as read)."""

from __future__ import annotations

import json
from collections import OrderedDict
from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from tiepcan.assessments import council_reads, procedure, queue, services
from tiepcan.assessments.choices import CouncilRole, MeetingKind, Status
from tiepcan.assessments.models import (
    Assessment,
    AssessmentPeriod,
    CouncilMeeting,
    CouncilMembership,
    CouncilRecommendation,
    CouncilScore,
    DecisionEntry,
    Evidence,
    RecognitionDecision,
)
from tiepcan.assessments.scoring import recognising_unit
from tiepcan.assessments.tasks import render_decision
from tiepcan.core import rules
from tiepcan.core.templatetags.tc import vn_number
from tiepcan.lib import engine
from tiepcan.lib.engine.numbers import NumberError, parse_number, round2, to_decimal
from tiepcan.reports import summaries
from tiepcan.units.models import Unit


def covers(seat: CouncilMembership, assessment: Assessment) -> bool:
    """Whether a seat's area (none: the whole province) includes the dossier's commune."""
    if seat.area is None:
        return True
    return queue.in_area(Assessment.objects.filter(pk=assessment.pk), seat.area).exists()


def propose(*, assessment_id: int, user: Any, indicator: str, points: Any, reason: str = "") -> CouncilScore:
    """A council member's points for one indicator of a dossier under the council's review."""
    assessment = Assessment.objects.select_related("period__framework", "unit").get(pk=assessment_id)
    rules.check(user, "assessments.council_propose", assessment)
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


def consolidated(
    assessment: Assessment, scores: list[Any] | None = None
) -> tuple[dict[str, Decimal], engine.ScoreResult]:
    """Points per criterion: the members' average per indicator, the commune's own where nobody scored.

    The commune's own points are its current score: its values are frozen once sent, and the score
    is recomputed only when the period moves to a corrected framework version (then the council
    must judge under the version in force, not the one the last round was sent under).
    """
    framework = services.compiled(assessment.period)
    own = {i["code"]: to_decimal(i["points"]) for i in assessment.score.get("indicators", [])}
    proposals: dict[str, list[Decimal]] = {}
    for score in assessment.council_scores.all() if scores is None else scores:
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
    result = _judged(
        framework,
        criteria,
        facts=assessment.facts,
        unit_class=assessment.unit_class or None,
        satisfaction=_satisfaction(assessment, framework),
    )
    return criteria, result


_JUDGED: OrderedDict[tuple[Any, ...], tuple[Any, engine.ScoreResult]] = OrderedDict()
_JUDGED_KEPT = 4096


def _judged(
    framework: Any, criteria: dict[str, Decimal], *, facts: Any, unit_class: str | None, satisfaction: Any
) -> engine.ScoreResult:
    """``engine.judge`` remembered per process by everything it reads (the framework object, the
    criterion points, the facts, the class, the satisfaction figure): the council page shows the
    same dossiers' verdicts request after request, and a verdict changes only with its inputs."""
    key = (
        id(framework),
        tuple(criteria.items()),
        json.dumps(facts, sort_keys=True, default=str),
        unit_class,
        str(satisfaction),
        get_language(),
    )
    found = _JUDGED.get(key)
    if found is not None and found[0] is framework:
        _JUDGED.move_to_end(key)
        return found[1]
    result = engine.judge(framework, criteria, facts=facts, unit_class=unit_class, satisfaction=satisfaction)
    _JUDGED[key] = (framework, result)  # the framework is kept alive with the verdict its id keys
    if len(_JUDGED) > _JUDGED_KEPT:
        _JUDGED.popitem(last=False)
    return result


# Dossiers per page of the council list (a row each; each is scored on its own page).
PAGE_SIZE = 25
# Rows per page of the minutes: six fields each, so a page posts about 160 fields, far from
# Django's DATA_UPLOAD_MAX_NUMBER_FIELDS (1 000) that the whole council's rows came close to.
MINUTES_PAGE_SIZE = 25


def dossier_view(period: AssessmentPeriod, assessment: Assessment, user: Any) -> dict[str, Any]:
    """One dossier's scoring page: the council's consolidated points and verdict, how many members
    have scored, and per indicator the commune's own points, its evidence and the member's own
    points and reason. Two constant statements (the members' scores, the evidence), whatever the
    framework: ``assessment`` is one the person reads (``council_reads.dossier``)."""
    assessment.period = period
    framework = services.compiled(period)
    scores: list[Any] = council_reads.scores(assessment)
    criteria, result = consolidated(assessment, scores=scores)
    mine = {s.indicator: s for s in scores if s.member_id == user.pk}
    own = {i["code"]: i.get("points") for i in assessment.score.get("indicators", [])}
    evidence: dict[str, list[Evidence]] = {}
    for item in council_reads.evidence(assessment):
        evidence.setdefault(item.indicator, []).append(item)
    indicators = [
        {
            "spec": spec,
            "title": indicator.title,
            "own": own.get(spec["code"]),
            "evidence": evidence.get(spec["code"], []),
            "points": mine[spec["code"]].points if spec["code"] in mine else None,
            "reason": mine[spec["code"]].reason if spec["code"] in mine else "",
        }
        for spec, indicator in zip(_scoring_specs(framework), framework.indicators(), strict=True)
    ]
    return {
        "criteria": criteria,
        "result": result,
        "indicators": indicators,
        "n_scored": len({s.member_id for s in scores}),
        "scored_by_me": bool(mine),
    }


_SPECS: dict[tuple[int, str], tuple[Any, list[dict[str, Any]]]] = {}


def _scoring_specs(framework: Any) -> list[dict[str, Any]]:
    """The scoring form's rows, written once per process, framework and language (a compiled
    framework never changes), not once per dossier and indicator."""
    key = (id(framework), get_language() or "")
    cached = _SPECS.get(key)
    if cached is None or cached[0] is not framework:  # the framework is kept alive with its rows
        specs = [
            {
                "code": i.code,
                "title": Truncator(i.title).chars(90),
                "placeholder": i.placeholder,
                "max": vn_number(i.max_points),
            }
            for i in framework.indicators()
        ]
        cached = _SPECS[key] = (framework, specs)
    return cached[1]


def _satisfaction(assessment: Assessment, framework: Any) -> Any:
    code, name = (
        framework.recognition.get("satisfaction_indicator"),
        framework.recognition.get("satisfaction_field"),
    )
    return (assessment.values.get(code) or {}).get(name) if code and name else None


# TT 09/2021/TT-BTP Điều 5 khoản 3: the chairman decides the number of members, at most 15.
MAX_MEMBERS = 15
# Điều 5 khoản 4 điểm d: the chair convenes and chairs; a deputy chair chairs in the chair's absence.
CHAIRING_ROLES = (CouncilRole.CHAIR, CouncilRole.DEPUTY_CHAIR)


def seat_member(
    *,
    period: AssessmentPeriod,
    user: Any,
    member: Any,
    role: str,
    area: Unit | None = None,
    position: str = "",
) -> CouncilMembership:
    """Seat (or re-seat) a person on the period's council, within the law's composition (Điều 5 khoản 2, 3)."""
    rules.check(user, "assessments.seat_member", period)
    if role not in CouncilRole.values:
        raise ValidationError(_("Vai trò trong Hội đồng không hợp lệ."))
    with transaction.atomic():
        AssessmentPeriod.objects.select_for_update().filter(pk=period.pk).first()  # one seating at a time
        others = CouncilMembership.objects.filter(period=period).exclude(user=member)
        if others.count() >= MAX_MEMBERS:
            raise ValidationError(
                _("Hội đồng có tối đa %(n)s thành viên (Điều 5 khoản 3 Thông tư 09/2021/TT-BTP).")
                % {"n": MAX_MEMBERS}
            )
        for single in (CouncilRole.CHAIR, CouncilRole.SECRETARY):
            if role == single and others.filter(role=single).exists():
                raise ValidationError(
                    _("Hội đồng đã có %(r)s; hãy đổi vai trò người đó trước.")
                    % {"r": CouncilRole(single).label}
                )
        seat, _created = CouncilMembership.objects.update_or_create(
            period=period, user=member, defaults={"role": role, "area": area, "position": position.strip()}
        )
    return seat


def quorum(members: int) -> int:
    """The fewest members present for a valid meeting: two thirds of all, rounded up (Điều 5 khoản 5)."""
    return -(-2 * members // 3)


def record_meeting(
    *,
    period: AssessmentPeriod,
    user: Any,
    held_on: date,
    minutes: str,
    attendees: list[Any],
    decisions: list[dict[str, Any]],
    place: str = "",
    chaired_by: Any = None,
    kind: str = MeetingKind.MEETING,
    papers_sent_on: date | None = None,
) -> CouncilMeeting:
    """The secretary records the meeting, or the written opinions (Mẫu 06), and the recommendation on each dossier.

    TT 09/2021/TT-BTP: a meeting is valid only with at least two thirds of the members present
    (Điều 5 khoản 5), its papers having reached them at least 3 working days before (khoản 6 điểm c);
    written opinions instead of a meeting (Điều 3 khoản 2 điểm b) are counted the same way, the
    ``attendees`` being the members who returned their opinion form. Minutes are signed by the
    person chairing and the secretary (``sign_minutes``).
    """

    rules.check(user, "assessments.council_record", period)
    if kind not in MeetingKind.values:
        raise ValidationError(_("Hình thức xem xét không hợp lệ."))
    if not minutes.strip():
        raise ValidationError(_("Hãy ghi nội dung biên bản."))
    if not decisions:
        raise ValidationError(_("Chưa có hồ sơ nào được kết luận."))
    if held_on < date(period.year, 1, 1):
        raise ValidationError(
            _("Ngày họp (hoặc lấy ý kiến) không được trước năm đánh giá %(y)s.") % {"y": period.year}
        )
    seats = {m.user_id: m for m in CouncilMembership.objects.filter(period=period)}
    if any(a.pk not in seats for a in attendees):
        raise ValidationError(_("Người dự họp phải là thành viên Hội đồng."))
    needed = quorum(len(seats))
    if len({a.pk for a in attendees}) < needed:
        raise ValidationError(
            (
                _(
                    "Cuộc họp chỉ hợp lệ khi có ít nhất %(q)s/%(n)s thành viên tham dự (hai phần ba); có %(k)s: không ghi được biên bản."
                )
                if kind == MeetingKind.MEETING
                else _("Cần ý kiến bằng văn bản của ít nhất %(q)s/%(n)s thành viên (hai phần ba); có %(k)s.")
            )
            % {"q": needed, "n": len(seats), "k": len({a.pk for a in attendees})}
        )
    chair_seat = seats.get(chaired_by.pk) if chaired_by is not None else None
    if chair_seat is None or chair_seat.role not in CHAIRING_ROLES:
        raise ValidationError(_("Người chủ trì phải là Chủ tịch hoặc Phó Chủ tịch Hội đồng."))
    if kind == MeetingKind.MEETING:
        if chaired_by.pk not in {a.pk for a in attendees}:
            raise ValidationError(_("Người chủ trì phải có mặt tại cuộc họp."))
        papers = procedure.council_papers_due(held_on, period)
        if papers_sent_on is None:
            raise ValidationError(_("Hãy ghi ngày gửi tài liệu họp cho các thành viên."))
        if papers is not None and papers_sent_on > papers.day:
            raise ValidationError(
                _("%(t)s: chậm nhất ngày %(d)s; đã ghi ngày gửi %(s)s.")
                % {
                    "t": papers.text,
                    "d": papers.day.strftime("%d/%m/%Y"),
                    "s": papers_sent_on.strftime("%d/%m/%Y"),
                }
            )
    with transaction.atomic():
        meeting = CouncilMeeting.objects.create(
            period=period,
            held_on=held_on,
            place=place,
            minutes=minutes.strip(),
            recorded_by=user,
            kind=kind,
            chaired_by=chaired_by,
            papers_sent_on=papers_sent_on,
        )
        meeting.attendees.set(attendees)
        _conclude(meeting, user, decisions, attendees=len(attendees))
    return meeting


def conclude(*, meeting: CouncilMeeting, user: Any, decisions: list[dict[str, Any]]) -> int:
    """The secretary adds one batch (a page) of conclusions to minutes already recorded.

    A large council concludes on a hundred dossiers or more: the minutes are written page by page,
    each page all saved or (one row refused) none. Once anyone has signed, the rows are final.
    """
    rules.check(user, "assessments.council_record", meeting.period)
    if not decisions:
        raise ValidationError(_("Chưa có hồ sơ nào được kết luận."))
    with transaction.atomic():
        meeting = CouncilMeeting.objects.select_for_update().get(pk=meeting.pk)
        if meeting.chair_signed_at is not None or meeting.secretary_signed_at is not None:
            raise ValidationError(_("Biên bản đã được ký: không ghi thêm kết luận."))
        _conclude(meeting, user, decisions, attendees=meeting.attendees.count())
    return len(decisions)


def _conclude(meeting: CouncilMeeting, user: Any, decisions: list[dict[str, Any]], *, attendees: int) -> None:
    """Each dossier's recommendation, with the consolidated points, and its transition."""
    for item in decisions:
        assessment = item["assessment"]
        votes = item.get("votes_for", 0) + item.get("votes_against", 0) + item.get("votes_abstain", 0)
        if votes > attendees:
            raise ValidationError(
                _("Số phiếu của %(u)s nhiều hơn số người dự họp.") % {"u": assessment.unit.name}
            )
        if assessment.period_id == meeting.period_id:
            assessment.period = meeting.period  # one period (and compiled framework) for the batch
        criteria, result = consolidated(assessment)
        CouncilRecommendation.objects.create(
            meeting=meeting,
            assessment=assessment,
            recommend=item["recommend"],
            votes_for=item.get("votes_for", 0),
            votes_against=item.get("votes_against", 0),
            votes_abstain=item.get("votes_abstain", 0),
            criterion_points={k: format(v, "f") for k, v in criteria.items()},
            total=result.total,
            verdict=result.verdict,
        )
        services.transition(
            assessment_id=assessment.pk,
            user=user,
            to=Status.RECOMMENDED if item["recommend"] else Status.NOT_RECOMMENDED,
            reason=item.get("reason", "") or (result.verdict if not item["recommend"] else ""),
        )


def awaiting(period_id: int) -> int:
    """Dossiers of the period still before the council without a conclusion (the minutes lack their row)."""
    return Assessment.objects.filter(period_id=period_id, status=Status.FORWARDED).count()


def sign_minutes(*, meeting: CouncilMeeting, user: Any) -> CouncilMeeting:
    """The person chairing, or the secretary, confirms the minutes (TT 09/2021 Điều 5 khoản 5)."""
    with transaction.atomic():
        meeting = CouncilMeeting.objects.select_for_update().get(pk=meeting.pk)
        rules.check(user, "assessments.council_sign", meeting)
        if user.pk == meeting.chaired_by_id and meeting.chair_signed_at is None:
            meeting.chair_signed_at = timezone.now()
        else:  # the rule let the secretary through
            meeting.secretary_signed_at = timezone.now()
        meeting.save(update_fields=["chair_signed_at", "secretary_signed_at", "updated_at"])
    return meeting


def latest_signing_day() -> date:
    """The last day a recognition or revoking decision may bear: today in the province.

    ``timezone.localdate()`` is the day in Asia/Ho_Chi_Minh (``TIME_ZONE``), the day the form
    shows, whatever the server's clock zone. The test world's council sits in January 2027: the
    root conftest moves this day (and only this one) past it.
    """
    return timezone.localdate()


def issue_decision(
    *,
    period: AssessmentPeriod,
    user: Any,
    number: str,
    signed_on: date,
    signer_name: str,
    signer_title: str,
    issuer_name: str,
    place: str,
    assessments: list[Assessment],
) -> RecognitionDecision:
    """Recognise the recommended communes in one decision; each gets its annex row and its transition.

    The recognising unit (and so the default issuer and place, and whose grant is needed) follows
    the framework's recognition level.
    """
    if not assessments:
        raise ValidationError(_("Hãy chọn ít nhất một xã, phường, đặc khu."))
    issuer_unit = recognising_unit(period, assessments)
    rules.check(user, "assessments.issue_decision", issuer_unit)
    if not number.strip() or not signer_name.strip():
        raise ValidationError(_("Hãy ghi số quyết định và người ký."))
    today = latest_signing_day()
    if signed_on > today:
        # A decision is recorded once signed: a date to come is a typing slip, and it would
        # put the commune on the portal as recognised before it is.
        raise ValidationError(
            _("Ngày ký quyết định không được sau hôm nay (%(day)s).") % {"day": today.strftime("%d/%m/%Y")}
        )
    issuer_name = issuer_name.strip() or issuer_unit.peoples_committee_name()
    place = place.strip() or issuer_unit.short_name or issuer_unit.name
    with transaction.atomic():
        if RecognitionDecision.objects.filter(period=period, number=number.strip()).exists():
            raise ValidationError(_("Số quyết định này đã được dùng."))
        decision = RecognitionDecision.objects.create(
            period=period,
            number=number.strip(),
            signed_on=signed_on,
            signer_name=signer_name.strip(),
            signer_title=signer_title.strip(),
            issuer_name=issuer_name.strip(),
            place=place.strip(),
            created_by=user,
        )
        # The council's conclusions on these dossiers (and their meetings), read at once.
        recommendations = {
            r.assessment_id: r
            for r in CouncilRecommendation.objects.filter(
                assessment__in=[a.pk for a in assessments]
            ).select_related("meeting")
        }
        # Each transition keeps the summary rows current: written once for all of them (one walk of
        # the lineage), still in this transaction.
        with summaries.deferred():
            for assessment in assessments:
                if assessment.period_id != period.pk or assessment.status != Status.RECOMMENDED:
                    raise ValidationError(
                        _("%(u)s chưa được Hội đồng đề nghị công nhận.") % {"u": assessment.unit.name}
                    )
                recommendation = recommendations.get(assessment.pk)
                if recommendation is not None and not recommendation.meeting.signed:
                    # TT 09/2021 Điều 3 khoản 2 điểm c: the minutes, signed, go with the submission.
                    raise ValidationError(
                        _("Biên bản của Hội đồng về %(u)s chưa có đủ chữ ký của người chủ trì và Thư ký.")
                        % {"u": assessment.unit.name}
                    )
                if recommendation is not None and signed_on < recommendation.meeting.held_on:
                    # TT 09/2021 Điều 3 khoản 2 điểm c–d: the chairman decides on the council's advice.
                    raise ValidationError(
                        _("Ngày ký quyết định không được trước ngày Hội đồng xem xét %(u)s (%(d)s).")
                        % {
                            "u": assessment.unit.name,
                            "d": recommendation.meeting.held_on.strftime("%d/%m/%Y"),
                        }
                    )
                DecisionEntry.objects.create(
                    decision=decision,
                    assessment=assessment,
                    total=recommendation.total if recommendation else assessment.total or 0,
                    criterion_points=recommendation.criterion_points if recommendation else {},
                )
                services.transition(
                    assessment_id=assessment.pk,
                    user=user,
                    to=Status.RECOGNISED,
                    reason=f"QĐ {decision.number}",
                )
        # Render both files in the background as soon as the decision is committed: the first
        # download then finds them stored.
        transaction.on_commit(lambda: render_decision_files(decision.pk))
    return decision


def render_decision_files(decision_id: int) -> None:

    for fmt in ("pdf", "docx"):
        render_decision.enqueue(decision_id, fmt)


def revoke(*, entry: DecisionEntry, user: Any, reason: str, number: str, revoked_on: date) -> DecisionEntry:
    """Revoke a recognition by a revoking decision; the entry stays, marked, with its reason."""
    if not reason.strip() or not number.strip():
        raise ValidationError(_("Hãy ghi số quyết định thu hồi và lý do."))
    if entry.revoked_on is not None:
        # The transition refuses it too (under its lock); this says so in the person's words.
        raise ValidationError(
            _("Công nhận này đã bị thu hồi theo Quyết định số %(number)s ngày %(day)s.")
            % {"number": entry.revocation_number, "day": entry.revoked_on.strftime("%d/%m/%Y")}
        )
    today = latest_signing_day()
    if revoked_on > today:
        raise ValidationError(
            _("Ngày thu hồi không được sau hôm nay (%(day)s).") % {"day": today.strftime("%d/%m/%Y")}
        )
    signed_on = entry.decision.signed_on
    if revoked_on < signed_on:
        raise ValidationError(
            _("Ngày thu hồi không được trước ngày ký quyết định công nhận (%(day)s).")
            % {"day": signed_on.strftime("%d/%m/%Y")}
        )
    with transaction.atomic(), summaries.deferred():  # the rows written once, at the end of the block
        services.transition(assessment_id=entry.assessment_id, user=user, to=Status.REVOKED, reason=reason)
        entry.revoked_on, entry.revocation_number, entry.revocation_reason = (
            revoked_on,
            number.strip(),
            reason.strip(),
        )
        entry.save(update_fields=["revoked_on", "revocation_number", "revocation_reason"])
        summaries.sync([entry.assessment_id])  # the revocation's number and date, in this transaction
    return entry


def record_publication(
    *, decision: RecognitionDecision, user: Any, published_on: date
) -> RecognitionDecision:
    """The day the result went on the portal (TT 09/2021/TT-BTP Điều 3 khoản 2 điểm d): ends the reminders."""
    rules.check(user, "assessments.record_publication", decision)
    if published_on < decision.signed_on or published_on > timezone.localdate():
        raise ValidationError(_("Ngày công bố phải từ ngày ký quyết định đến hôm nay."))
    decision.published_on = published_on
    decision.save(update_fields=["published_on", "updated_at"])  # a late one is recorded as it happened
    return decision
