"""A year of assessment in the demo province: the 2026 period with communes at every early step.

Values are generated deterministically from the framework (``sample_values``); transitions of
communes without a demo chairman are made by the system administrator with the reason
"Dữ liệu minh hoạ" so nobody mistakes them for real approvals.
"""

from __future__ import annotations

import random
from datetime import date

from django.db import transaction

from tiepcan.accounts.models import User
from tiepcan.assessments import services
from tiepcan.assessments.choices import Status
from tiepcan.assessments.models import Assessment, AssessmentPeriod, Evidence
from tiepcan.frameworks.models import FrameworkVersion
from tiepcan.lib.engine.sample import sample_indicator
from tiepcan.units.models import Unit

DEMO_REASON = "Dữ liệu minh hoạ"
PLAN = (
    [Status.DRAFT] * 26
    + [Status.APPROVED] * 10
    + [Status.POSTED] * 10
    + [Status.SUBMITTED] * 13
    + [Status.RETURNED] * 6
)
PATHS = {
    Status.DRAFT: [],
    Status.APPROVED: [Status.APPROVED],
    Status.POSTED: [Status.APPROVED, Status.POSTED],
    Status.SUBMITTED: [Status.APPROVED, Status.POSTED, Status.SUBMITTED],
    Status.RETURNED: [Status.APPROVED, Status.POSTED, Status.SUBMITTED, Status.RETURNED],
}


def load(province: Unit) -> AssessmentPeriod:
    existing = AssessmentPeriod.objects.filter(province=province, year=2026).first()
    if existing is not None:
        return existing
    admin = User.objects.get(username="qt.sotuphap")
    system = User.objects.get(username="quantri")
    period = services.open_period(
        province=province, year=2026, framework=FrameworkVersion.objects.get(code="qd27-2025"), user=admin,
        title="Đánh giá xã, phường đạt chuẩn tiếp cận pháp luật năm 2026", self_assessment_due=date(2026, 12, 10),
        dossier_due=date(2026, 12, 25), review_due=date(2027, 1, 10), council_due=date(2027, 1, 20),
        recognition_due=date(2027, 1, 31),
    )  # fmt: skip
    framework = services.compiled(period)
    rng = random.Random(2026)  # noqa: S311 - demo data
    assessments = list(period.assessments.select_related("unit").order_by("unit__name_sort"))
    targets = {a.unit.code: s for a, s in zip(assessments, rng.sample(PLAN, len(PLAN)), strict=False)}
    targets["06187"] = Status.DRAFT  # Kỳ Lừa: the demo officer fills it in
    targets["06112"] = Status.SUBMITTED  # Bình Gia: its chairman has sent the dossier
    for assessment in assessments:
        target = targets.get(assessment.unit.code, Status.DRAFT)
        with transaction.atomic():
            _fill(assessment, framework, rng, complete=target != Status.DRAFT, officer=system)
            for step in PATHS[target]:
                reason = (
                    "Đề nghị bổ sung minh chứng chỉ tiêu 3.2 (sổ theo dõi hòa giải)."
                    if step == Status.RETURNED
                    else DEMO_REASON
                )
                services.transition(assessment_id=assessment.pk, user=system, to=step, reason=reason)
    return period


def _fill(assessment: Assessment, framework, rng: random.Random, *, complete: bool, officer: User) -> None:  # type: ignore[no-untyped-def]
    values = {}
    not_arisen = []
    indicators = framework.indicators()
    share = 1.0 if complete else rng.uniform(0.0, 0.7)
    for indicator in indicators[: round(len(indicators) * share)]:
        item = sample_indicator(indicator, rng, quality=rng.uniform(0.75, 1.0))
        if item is None:
            not_arisen.append(indicator.code)
        else:
            values[indicator.code] = item
        if complete and indicator.evidence_required and item is not None:
            Evidence.objects.create(
                assessment=assessment, indicator=indicator.code, title=f"Minh chứng chỉ tiêu {indicator.code}",
                link=f"https://tiepcan.langson.gov.vn/minh-chung/{assessment.unit.code}/{indicator.code}", uploaded_by=officer,
            )  # fmt: skip
    Assessment.objects.filter(pk=assessment.pk).update(values=values, not_arisen=not_arisen)
    assessment.refresh_from_db()
    services._rescore(assessment)
    assessment.save(update_fields=["score", "total", "recognisable"])
