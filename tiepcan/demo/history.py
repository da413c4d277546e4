"""The demo province's history from 2017: eight completed years before the 2025 merger.

2017–2021 under QĐ 619/QĐ-TTg, 2022–2024 under QĐ 25/2021/QĐ-TTg, for the communes of the map
before 1/7/2025. Each year is opened with the real ``open_period``; every commune's values are
drawn by the engine's sampler and scored by the engine (``scoring.rescore``), so totals,
criteria and verdicts are what the rules give. The steps that follow (posting, sending, review,
council, the district chairmen's decisions) are written in bulk with the reason "Dữ liệu minh
hoạ": an ordinary path through every service would make `make run` take minutes.

Known gap, said on the dashboards: the unit packages carry the map of 30/6/2025 only, so the
communes merged in 2019–2021 are missing and their successors stand in for them from 2017 on.

No commune class is made up for QĐ 619: a commune keeps the class the province recorded (none in
the demo) and is judged against the strictest total threshold (:func:`strictest_class`).
"""

from __future__ import annotations

import hashlib
import random
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from tiepcan.accounts.models import User
from tiepcan.assessments import scoring, services
from tiepcan.assessments.choices import AttendeeGroup, ChairRole, PeriodStatus, PostingMode, Status
from tiepcan.assessments.models import (
    Assessment,
    AssessmentPeriod,
    CommuneMeeting,
    DecisionEntry,
    Posting,
    RecognitionDecision,
    Transition,
)
from tiepcan.frameworks.models import FrameworkActivation, FrameworkVersion
from tiepcan.frameworks.services import latest
from tiepcan.lib.engine.numbers import to_decimal
from tiepcan.lib.engine.sample import sample_indicator
from tiepcan.reports import summaries
from tiepcan.reports.models import MinistryReport
from tiepcan.units.models import Unit

DEMO_REASON = "Dữ liệu minh hoạ"
FIRST_YEAR = 2017
LAST_YEAR = 2024


def framework_code(year: int) -> str:
    """The generation the law gives a year (QĐ 25/2021 Điều 8 khoản 3: from the 2022 assessment)."""
    return "qd619-2017" if year <= 2021 else "qd25-2021"


def _framework(province: Unit, year: int) -> FrameworkVersion | None:
    """The newest version of the framework the province activated for the year, if it applies then."""
    activation = (
        FrameworkActivation.objects.filter(province=province, year=year).select_related("framework").first()
    )
    code = activation.framework.code if activation else framework_code(year)
    framework = latest(code)
    return framework if framework is not None and framework.applies_in(year) else None


def _stable(*parts: object) -> float:
    """A number in [0, 1) fixed by its parts (the same commune is strong or weak every year)."""
    digest = hashlib.sha256("|".join(map(str, parts)).encode()).digest()
    return int.from_bytes(digest[:4], "big") / 2**32


def _moment(day: date, hour: int = 9) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, 0)))


def load(province: Unit) -> list[AssessmentPeriod]:
    """Every missing year from 2017 to 2024 (idempotent: a year already there is left alone)."""
    done = set(
        AssessmentPeriod.objects.filter(province=province, year__lte=LAST_YEAR).values_list("year", flat=True)
    )
    admin, system = User.objects.get(username="qt.sotuphap"), User.objects.get(username="quantri")
    periods = []
    for year in range(FIRST_YEAR, LAST_YEAR + 1):
        framework = _framework(province, year)
        if year in done or framework is None:
            continue
        with transaction.atomic():
            periods.append(_year(province, year, admin, system, framework))
    return periods


def ministry_reports(province: Unit, last_year: int) -> int:
    """The province's yearly reports to Bộ Tư pháp (before 20 February), one of them late."""

    admin = User.objects.get(username="qt.sotuphap")
    created = 0
    for year in range(FIRST_YEAR, last_year + 1):
        late = year == 2019
        _report, made = MinistryReport.objects.get_or_create(
            province=province,
            year=year,
            defaults={
                "sent_on": date(year + 1, 2, 26 if late else 10 + year % 7),
                "recorded_by": admin,
                "number": f"{20 + year % 50}/BC-UBND (minh hoạ)",
                "note": DEMO_REASON,
            },
        )
        created += made
    return created


def _year(
    province: Unit, year: int, admin: User, system: User, framework: FrameworkVersion | None = None
) -> AssessmentPeriod:
    period = services.open_period(
        province=province,
        year=year,
        framework=framework or latest(framework_code(year)),
        user=admin,
        title=f"Đánh giá xã, phường, thị trấn đạt chuẩn tiếp cận pháp luật năm {year}",
        self_assessment_due=date(year, 11, 30),
        dossier_due=date(year + 1, 1, 9),
        review_due=date(year + 1, 1, 15),
        council_due=date(year + 1, 1, 20),
        recognition_due=date(year + 1, 1, 31),
    )
    compiled = services.compiled(period)
    strictest = strictest_class(compiled.recognition)
    indicators = [i for i in compiled.indicators() if not i.placeholder]
    assessments = list(period.assessments.select_related("unit", "unit__parent"))
    transitions: list[Transition] = []
    postings: list[Posting] = []
    meetings: list[CommuneMeeting] = []
    for assessment in assessments:
        unit = assessment.unit
        rng = random.Random(f"{unit.code}-{year}")  # noqa: S311 - demo data
        # A commune's own level, its district's, and steady progress year after year (nationally
        # the share of recognised communes rose from about half to over nine in ten).
        # The stricter QĐ 25 indicators start lower in 2022 (tuned so about 40% are recognised in
        # 2017, 70% in 2021, 75% in 2022 and 90% in 2024).
        level = (0.8 if year <= 2021 else 0.68) + 0.25 * _stable("commune", unit.code)
        level += 0.1 * (_stable("district", unit.parent_id) - 0.5) + 0.025 * (year - FIRST_YEAR)
        values, not_arisen = {}, []
        for indicator in indicators:
            # Some indicators are hard everywhere: the dashboards' weakest indicators.
            hardness = 0.1 * _stable("indicator", framework_code(year), indicator.code)
            item = sample_indicator(
                indicator, rng, quality=max(0.2, min(1.0, level - hardness + rng.uniform(-0.1, 0.1)))
            )
            if item is None:
                not_arisen.append(indicator.code)
            else:
                values[indicator.code] = item
        assessment.values, assessment.not_arisen = values, not_arisen
        _judge(assessment, strictest)
        sent = date(year + 1, 1, 9) - timedelta(days=rng.randint(0, 25))
        assessment.status = Status.RECOGNISED if assessment.recognisable else Status.NOT_RECOGNISED
        assessment.round = 1
        assessment.posted_at = _moment(sent - timedelta(days=10))
        assessment.submitted_at = _moment(sent)
        posted = sent - timedelta(days=10)
        postings.append(
            Posting(
                assessment=assessment,
                office_from=posted,
                office_until=posted + timedelta(days=6),
                mode=PostingMode.PORTAL,
                mode_from=posted,
                mode_until=posted + timedelta(days=6),
                portal_url=f"https://{unit.code}.langson.gov.vn/niem-yet",
                recorded_by=system,
            )
        )
        meetings.append(
            CommuneMeeting(
                assessment=assessment,
                held_on=posted + timedelta(days=7),
                chair_role=ChairRole.CHAIRMAN,
                chair_name=f"Chủ tịch UBND {unit.name}",
                attendee_groups=[*AttendeeGroup.values],
                attendees="Công chức chuyên môn; Ủy ban MTTQ xã và các đoàn thể; các Trưởng thôn (dữ liệu minh hoạ).",
                outcome="Thống nhất kết quả tự chấm điểm (dữ liệu minh hoạ).",
                recorded_by=system,
            )
        )
        steps = [
            (Status.DRAFT, Status.APPROVED, sent - timedelta(days=12)),
            (Status.APPROVED, Status.POSTED, sent - timedelta(days=10)),
            (Status.POSTED, Status.SUBMITTED, sent),
            (Status.SUBMITTED, Status.FORWARDED, date(year + 1, 1, 14)),
            (
                Status.FORWARDED,
                Status.RECOMMENDED if assessment.recognisable else Status.NOT_RECOMMENDED,
                date(year + 1, 1, 20),
            ),
            (
                Status.RECOMMENDED if assessment.recognisable else Status.NOT_RECOMMENDED,
                assessment.status,
                date(year + 1, 1, 28),
            ),
        ]
        transitions += [
            Transition(
                assessment=assessment,
                from_status=a,
                to_status=b,
                actor=system,
                reason=DEMO_REASON,
                created_at=_moment(day),
            )
            for a, b, day in steps
        ]
    Assessment.objects.bulk_update(
        assessments,
        [
            "values",
            "not_arisen",
            "unit_class",
            "score",
            "total",
            "recognisable",
            "status",
            "round",
            "posted_at",
            "submitted_at",
        ],
        batch_size=200,
    )
    Transition.objects.bulk_create(transitions, batch_size=500)
    Posting.objects.bulk_create(postings, batch_size=500)
    CommuneMeeting.objects.bulk_create(meetings, batch_size=500)
    _decisions(period, [a for a in assessments if a.status == Status.RECOGNISED], system)
    # The summary rows the dashboards read, as the services keep them (same transaction).
    summaries.sync([a.pk for a in assessments])
    AssessmentPeriod.objects.filter(pk=period.pk).update(status=PeriodStatus.CLOSED)
    return period


def strictest_class(recognition: dict[str, Any]) -> str | None:
    """The class whose total threshold is the highest, when the framework sets it by class.

    The QĐ 619 framework (``qd619-2017``) reads the total threshold by the commune's class
    (loại I/II/III, ``total_min_by_class``), a reading FRAMEWORKS.md marks unverified; what is
    verified is that communes *were* classed then (a 2017 recognition annex groups them under
    "Loại I" and "Loại II"). A commune's class is a fact of the province's own classification of
    its units; the demo has none for Lạng Sơn's former communes and records none. It judges
    every commune against the strictest threshold instead, so no demo commune is recognised
    thanks to a class nobody decided.
    """
    by_class = recognition.get("total_min_by_class") or {}
    return max(by_class, key=lambda key: to_decimal(by_class[key])) if by_class else None


def _judge(assessment: Assessment, strictest: str | None) -> None:
    """Score through the engine with the commune's recorded class, or the strictest threshold.

    The assessment keeps its own class (empty when the province recorded none): the strictest
    class only chooses the threshold the engine applies (see :func:`strictest_class`).
    """
    recorded = assessment.unit_class
    if not recorded and strictest:
        assessment.unit_class = strictest
    try:
        scoring.rescore(assessment)
    finally:
        assessment.unit_class = recorded


def _decisions(period: AssessmentPeriod, recognised: list[Assessment], signer: User) -> None:
    """Before 1/7/2025 each district chairman recognised the district's communes: one decision each."""
    by_district: dict[int, list[Assessment]] = {}
    for assessment in recognised:
        district_id = assessment.unit.parent_id
        assert district_id is not None, "before 1/7/2025 every commune sits in a district"
        by_district.setdefault(district_id, []).append(assessment)
    year = period.year
    entries = []
    for number, (_district_id, members) in enumerate(sorted(by_district.items()), start=1):
        district = members[0].unit.parent
        assert district is not None
        signed = date(year + 1, 1, 28)
        decision = RecognitionDecision.objects.create(
            period=period,
            number=f"{number * 17}/QĐ-UBND (minh hoạ)",
            signed_on=signed,
            issuer_name=f"Ủy ban nhân dân {district.name[0].lower()}{district.name[1:]}",
            place=district.short_name or district.name,
            signer_name="Chủ tịch UBND (dữ liệu minh hoạ)",
            signer_title="Chủ tịch",
            published_on=signed + timedelta(days=2),
            created_by=signer,
        )
        entries += [
            DecisionEntry(
                decision=decision,
                assessment=a,
                total=a.total or 0,
                criterion_points={c["code"]: c["points"] for c in a.score.get("criteria", [])},
            )
            for a in members
        ]
    DecisionEntry.objects.bulk_create(entries, batch_size=500)
