"""A year of assessment in the demo province: the 2026 period with communes at every early step.

Values are generated deterministically from the framework (``sample_values``); transitions of
communes without a demo chairman are made by the system administrator with the reason
"Dữ liệu minh hoạ" so nobody mistakes them for real approvals.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone

from tiepcan.accounts.models import User
from tiepcan.assessments import council, procedure, scoring, services
from tiepcan.assessments.choices import AttendeeGroup, ChairRole, PostingMode, ReportStep, Status
from tiepcan.assessments.models import Assessment, AssessmentPeriod, CouncilMembership, Evidence, ResultReport
from tiepcan.frameworks.services import latest
from tiepcan.lib.engine.definition import CompiledFramework
from tiepcan.lib.engine.sample import sample_indicator
from tiepcan.plans.models import ImprovementAction
from tiepcan.units.models import Agency, Unit

DEMO_REASON = "Dữ liệu minh hoạ"
PLAN = (
    [Status.DRAFT] * 26
    + [Status.APPROVED] * 10
    + [Status.POSTED] * 10
    + [Status.SUBMITTED] * 9
    + [Status.RETURNED] * 6
    + [Status.FORWARDED] * 4
)
PATHS = {
    Status.DRAFT: [],
    Status.APPROVED: [Status.APPROVED],
    Status.POSTED: [Status.APPROVED, Status.POSTED],
    Status.SUBMITTED: [Status.APPROVED, Status.POSTED, Status.SUBMITTED],
    Status.RETURNED: [Status.APPROVED, Status.POSTED, Status.SUBMITTED, Status.RETURNED],
    Status.FORWARDED: [Status.APPROVED, Status.POSTED, Status.SUBMITTED, Status.FORWARDED],
}


def post_and_meet(assessment: Assessment, user: User, start: date, *, meeting: bool = True) -> None:
    """Posting at the office and on the portal from ``start``, and the commune meeting a week later."""

    procedure.record_posting(
        assessment_id=assessment.pk,
        user=user,
        office_from=start,
        office_until=start + timedelta(days=6),
        mode=PostingMode.PORTAL,
        mode_from=start,
        mode_until=start + timedelta(days=6),
        portal_url=f"https://{assessment.unit.code}.langson.gov.vn/niem-yet",
    )
    if meeting:
        procedure.record_commune_meeting(
            assessment_id=assessment.pk,
            user=user,
            held_on=start + timedelta(days=7),
            chair_role=ChairRole.CHAIRMAN,
            chair_name=f"Chủ tịch UBND {assessment.unit.name}",
            attendee_groups=[*AttendeeGroup.values],
            attendees="Công chức chuyên môn; Công an xã; Ủy ban MTTQ xã và các đoàn thể; các Trưởng thôn (dữ liệu minh hoạ).",
            outcome="Thống nhất kết quả tự chấm điểm; không có ý kiến phản đối (dữ liệu minh hoạ).",
        )


def load_2025(province: Unit) -> AssessmentPeriod:
    """The 2025 assessment, completed: council meeting, a recognition decision, and the communes that failed."""
    existing = AssessmentPeriod.objects.filter(province=province, year=2025).first()
    if existing is not None:
        return existing
    admin, system = User.objects.get(username="qt.sotuphap"), User.objects.get(username="quantri")
    reviewer, secretary = User.objects.get(username="thamdinh.tinh"), User.objects.get(username="hd.thuky")
    member, authority = User.objects.get(username="hd.thanhvien"), User.objects.get(username="ct.tinh")
    period = services.open_period(
        province=province,
        year=2025,
        framework=latest("qd27-2025"),
        user=admin,
        title="Đánh giá xã, phường đạt chuẩn tiếp cận pháp luật năm 2025",
        self_assessment_due=date(2025, 12, 10),
        dossier_due=date(2025, 12, 25),
        review_due=date(2026, 1, 10),
        council_due=date(2026, 1, 20),
        recognition_due=date(2026, 1, 31),
    )
    CouncilMembership.objects.create(period=period, user=secretary, is_secretary=True, position="Thư ký")
    # The demo's council is small: its member chairs (TT 09/2021 Điều 5: chair, deputies, members, secretary).
    CouncilMembership.objects.create(period=period, user=member, role="chair", position="Chủ tịch Hội đồng")
    framework = services.compiled(period)
    rng = random.Random(2025)  # noqa: S311 - demo data
    decisions = []
    for assessment in period.assessments.select_related("unit").order_by("unit__name_sort"):
        # Most communes met the standard in 2025 (nationally 96,9% in 2024); a few did not.
        quality = (1.0, 1.0) if rng.random() < 0.88 else (0.5, 0.8)
        _fill(assessment, framework, rng, complete=True, officer=system, quality=quality)
        for step in (Status.APPROVED, Status.POSTED, Status.SUBMITTED):
            if step == Status.SUBMITTED:
                post_and_meet(assessment, system, date(2025, 12, 12))
            services.transition(assessment_id=assessment.pk, user=system, to=step, reason=DEMO_REASON)
        services.transition(assessment_id=assessment.pk, user=reviewer, to=Status.FORWARDED)
        assessment.refresh_from_db()
        decisions.append(
            {
                "assessment": assessment,
                "recommend": assessment.recognisable,
                "votes_for": 2 if assessment.recognisable else 0,
                "votes_against": 0 if assessment.recognisable else 2,
            }
        )
    meeting = council.record_meeting(
        period=period,
        user=secretary,
        held_on=date(2026, 1, 16),
        place="Sở Tư pháp tỉnh Lạng Sơn",
        attendees=[secretary, member],
        minutes="Hội đồng xem xét hồ sơ của các xã, phường; thống nhất kiến nghị theo kết quả chấm điểm (dữ liệu minh hoạ).",
        decisions=decisions,
        chaired_by=member,
        papers_sent_on=date(2026, 1, 9),
    )
    council.sign_minutes(meeting=meeting, user=member)
    council.sign_minutes(meeting=meeting, user=secretary)
    recommended = list(period.assessments.filter(status=Status.RECOMMENDED))
    if recommended:
        council.issue_decision(
            period=period,
            user=authority,
            number="168/QĐ-UBND",
            signed_on=date(2026, 1, 28),
            signer_name=authority.full_name,
            signer_title="Chủ tịch",
            issuer_name="Ủy ban nhân dân tỉnh Lạng Sơn",
            place="Lạng Sơn",
            assessments=recommended,
        )
    for assessment in period.assessments.filter(status=Status.NOT_RECOMMENDED).select_related("unit"):
        # Hoạt động II.2.4: targeted work for next year on the weakest indicators.
        for suggestion in assessment.score.get("gap", {}).get("suggestions", [])[:2]:
            ImprovementAction.objects.create(
                period=period,
                unit=assessment.unit,
                indicator=suggestion["indicator"],
                title=f"Hướng dẫn, hỗ trợ thực hiện chỉ tiêu {suggestion['indicator']} năm 2026",
                responsible=Agency.objects.get(unit=assessment.unit, code="ubnd-xa"),
                due_on=date(2026, 9, 30),
                created_by=admin,
            )
        services.transition(
            assessment_id=assessment.pk,
            user=authority,
            to=Status.NOT_RECOGNISED,
            reason="Chưa đạt các tiêu chí theo kết luận của Hội đồng.",
        )
    # TT 09/2021 Điều 6: the province reported the results to the Ministry before 20 February.
    ResultReport.objects.create(
        period=period,
        unit=province,
        step=ReportStep.TO_MINISTRY,
        sent_on=date(2026, 2, 18),
        number="45/BC-UBND",
        note="Dữ liệu minh hoạ",
        recorded_by=reviewer,
    )
    AssessmentPeriod.objects.filter(pk=period.pk).update(status="closed")
    return period


def load(province: Unit) -> AssessmentPeriod:
    existing = (
        AssessmentPeriod.objects.filter(province=province, year=2026).select_related("framework").first()
    )
    if existing is not None:
        newest = latest(existing.framework.code)
        if newest is not None and newest.pk != existing.framework_id:
            # A database loaded before a correction: the open period moves onto the corrected version.
            services.move_period(
                period_id=existing.pk,
                target=newest,
                user=User.objects.get(username="qt.sotuphap"),
                reason=f"{DEMO_REASON}: chuyển sang bộ tiêu chí đã sửa",
            )
            existing.refresh_from_db()
        return existing
    admin = User.objects.get(username="qt.sotuphap")
    system = User.objects.get(username="quantri")
    period = services.open_period(
        province=province,
        year=2026,
        framework=latest("qd27-2025"),
        user=admin,
        title="Đánh giá xã, phường đạt chuẩn tiếp cận pháp luật năm 2026",
        self_assessment_due=date(2026, 12, 10),
        dossier_due=date(2026, 12, 25),
        review_due=date(2027, 1, 10),
        council_due=date(2027, 1, 20),
        recognition_due=date(2027, 1, 31),
    )
    framework = services.compiled(period)
    rng = random.Random(2026)  # noqa: S311 - demo data
    assessments = list(period.assessments.select_related("unit").order_by("unit__name_sort"))
    targets = {a.unit.code: s for a, s in zip(assessments, rng.sample(PLAN, len(PLAN)), strict=False)}
    targets["06187"] = Status.DRAFT  # Kỳ Lừa: the demo officer fills it in
    targets["06112"] = Status.SUBMITTED  # Bình Gia: its chairman has sent the dossier
    for assessment in assessments:
        target = targets.get(assessment.unit.code, Status.DRAFT)
        with transaction.atomic():
            # Communes that send their dossier mostly believe they meet the standard.
            sent = target in (Status.SUBMITTED, Status.FORWARDED) and rng.random() < 0.8
            _fill(
                assessment,
                framework,
                rng,
                complete=target != Status.DRAFT,
                officer=system,
                quality=(1.0, 1.0) if sent else (0.75, 1.0),
            )
            for step in PATHS[target]:
                reason = (
                    "Đề nghị bổ sung minh chứng chỉ tiêu 3.2 (sổ theo dõi hòa giải)."
                    if step == Status.RETURNED
                    else DEMO_REASON
                )
                if step == Status.SUBMITTED:
                    post_and_meet(assessment, system, timezone.localdate() - timedelta(days=12))
                services.transition(assessment_id=assessment.pk, user=system, to=step, reason=reason)
            if target == Status.POSTED and rng.random() < 0.5:
                # Half the communes still posting have recorded where, since a few days.
                post_and_meet(assessment, system, timezone.localdate() - timedelta(days=2), meeting=False)
    _seat_council(period, rng)
    return period


def _seat_council(period: AssessmentPeriod, rng: random.Random) -> None:
    """The 2026 council: seated, with the member's first proposals on the dossiers it received."""
    secretary, member = User.objects.get(username="hd.thuky"), User.objects.get(username="hd.thanhvien")
    CouncilMembership.objects.create(period=period, user=secretary, is_secretary=True, position="Thư ký")
    CouncilMembership.objects.create(period=period, user=member, role="chair", position="Chủ tịch Hội đồng")
    framework = services.compiled(period)
    forwarded = period.assessments.filter(status=Status.FORWARDED).order_by("unit__name_sort")
    for assessment in forwarded[:2]:
        for indicator in framework.indicators()[:4]:
            points = indicator.max_points if rng.random() < 0.9 else 0
            reason = "Đủ minh chứng." if points else "Minh chứng chưa thể hiện kết quả (dữ liệu minh hoạ)."
            council.propose(
                assessment_id=assessment.pk,
                user=member,
                indicator=indicator.code,
                points=points,
                reason=reason,
            )


def _fill(
    assessment: Assessment,
    framework: CompiledFramework,
    rng: random.Random,
    *,
    complete: bool,
    officer: User,
    quality: tuple[float, float] = (0.75, 1.0),
) -> None:
    values = {}
    not_arisen = []
    indicators = [i for i in framework.indicators() if not i.placeholder]  # nothing to fill until completed
    share = 1.0 if complete else rng.uniform(0.0, 0.7)
    for indicator in indicators[: round(len(indicators) * share)]:
        item = sample_indicator(indicator, rng, quality=rng.uniform(*quality))
        if item is None:
            not_arisen.append(indicator.code)
        else:
            values[indicator.code] = item
        if complete and indicator.evidence_required and item is not None:
            Evidence.objects.create(
                assessment=assessment,
                indicator=indicator.code,
                title=f"Minh chứng chỉ tiêu {indicator.code}",
                link=f"https://tiepcan.langson.gov.vn/minh-chung/{assessment.unit.code}/{indicator.code}",
                uploaded_by=officer,
            )
    Assessment.objects.filter(pk=assessment.pk).update(values=values, not_arisen=not_arisen)
    assessment.refresh_from_db()
    scoring.rescore(assessment)
    assessment.save(update_fields=["score", "total", "recognisable"])
