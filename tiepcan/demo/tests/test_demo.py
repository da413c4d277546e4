"""`manage.py demo` (what `make run` loads) builds the whole demo province, and twice is once."""

from __future__ import annotations

from datetime import timedelta
from io import StringIO

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.management import call_command
from django.db.models import Count

from tiepcan.accounts.models import User
from tiepcan.assessments.choices import Status
from tiepcan.assessments.models import (
    AssessmentPeriod,
    CouncilMembership,
    CouncilScore,
    DecisionEntry,
    PublicComment,
    RecognitionDecision,
)
from tiepcan.demo.users import ACCOUNTS, DEMO_PASSWORD
from tiepcan.frameworks.models import FrameworkActivation
from tiepcan.plans.models import Plan
from tiepcan.units.models import Unit

pytestmark = pytest.mark.django_db


def _statuses(year: int) -> dict[str, int]:
    period = AssessmentPeriod.objects.get(year=year)
    return dict(period.assessments.values_list("status").annotate(n=Count("id")))


def test_the_demo_province_is_complete_and_loading_it_again_changes_nothing() -> None:
    out = StringIO()
    call_command("demo", stdout=out)
    assert "Demo accounts (password for all:" in out.getvalue()

    province = Unit.objects.get(level=1, code="20", valid_to__isnull=True)
    assert province.name == "Tỉnh Lạng Sơn"
    assert Unit.objects.filter(path__startswith=province.path, level=3).current().count() == 65

    # 2025: completed under decision 168/QĐ-UBND, one commune not recognised.
    assert _statuses(2025) == {Status.RECOGNISED: 64, Status.NOT_RECOGNISED: 1}
    decision = RecognitionDecision.objects.get(number="168/QĐ-UBND")
    assert DecisionEntry.objects.filter(decision=decision).count() == 64

    # 2017–2024: the former communes' history, QĐ 619 then QĐ 25, scored by the engine and recognised
    # by the district chairmen; the share of recognised communes grows over the years.
    history = dict(AssessmentPeriod.objects.filter(year__lte=2024).values_list("year", "framework__code"))
    assert history == {y: ("qd619-2017" if y <= 2021 else "qd25-2021") for y in range(2017, 2025)}
    shares = {}
    for y in (2017, 2021, 2024):
        statuses = _statuses(y)
        assert set(statuses) <= {Status.RECOGNISED, Status.NOT_RECOGNISED} and sum(statuses.values()) == 194
        shares[y] = statuses.get(Status.RECOGNISED, 0)
        recognised = AssessmentPeriod.objects.get(year=y).assessments.filter(status=Status.RECOGNISED)
        assert DecisionEntry.objects.filter(assessment__in=recognised).count() == shares[y]
    assert 0 < shares[2017] < shares[2021] < shares[2024] < 194

    # 2026: in progress, with communes at every step up to the council.
    statuses = _statuses(2026)
    for status in (
        Status.DRAFT,
        Status.APPROVED,
        Status.POSTED,
        Status.SUBMITTED,
        Status.RETURNED,
        Status.FORWARDED,
    ):
        assert statuses.get(status, 0) > 0, (status, statuses)
    assert sum(statuses.values()) == 65
    # TT 09/2021 Điều 3: every sent dossier was posted and agreed at a commune meeting; 2025's minutes are signed.
    from tiepcan.assessments.models import Assessment, CommuneMeeting, CouncilMeeting, Posting

    sent = Assessment.objects.filter(submitted_at__isnull=False)
    assert sent.exists() and Posting.objects.filter(assessment__in=sent).count() == sent.count()
    assert CommuneMeeting.objects.filter(assessment__in=sent).count() == sent.count()
    assert all(m.signed for m in CouncilMeeting.objects.filter(period__year=2025))
    assert Assessment.objects.filter(period__year=2025, submission_kind="report_only").count() == 1
    assert CouncilMembership.objects.filter(period__year=2026).count() == 2
    # TT 09/2021 Điều 6: the province's 2025 report to the Ministry, sent on time.
    from datetime import date

    from tiepcan.assessments.models import ResultReport

    assert ResultReport.objects.get(period__year=2025).sent_on == date(2026, 2, 18)
    assert CouncilScore.objects.filter(assessment__period__year=2026).exists()

    # Both years run on the current QĐ 27 version (3): fourteen indicators, the placeholder named.
    for year in (2025, 2026):
        period = AssessmentPeriod.objects.select_related("framework").get(year=year)
        assert (period.framework.code, period.framework.version) == ("qd27-2025", 3)
        assert period.framework.definition["posting"]["modes"]  # the version with the procedure's data
        assert FrameworkActivation.objects.get(province=province, year=year).framework == period.framework
        assessment = period.assessments.first()
        assert assessment is not None
        assert len(assessment.score["indicators"]) == 14 and assessment.score["pending"] == ["2.7"]
    # The generations cover the years the law gives them (QĐ 25/2021 Điều 8 khoản 3).
    activated = dict(
        FrameworkActivation.objects.filter(province=province).values_list("year", "framework__code")
    )
    assert (
        activated[2021] == "qd619-2017" and activated[2022] == "qd25-2021" and activated[2025] == "qd27-2025"
    )

    assert Plan.objects.filter(province=province).exists()
    # The 2020 periodic reports and the plan's progress reports carry days of their own year: most
    # districts on time, some late; none dated the day the demo was loaded.
    from tiepcan.plans.models import ProgressReport, ReportSubmission

    submissions = list(ReportSubmission.objects.filter(request__year=2020).select_related("request"))
    assert submissions and {s.created_at.year for s in submissions} == {2020}
    late = [s for s in submissions if s.is_late]
    assert 0 < len(late) < len(submissions) / 2
    assert all(s.created_at.date() <= s.request.deadline + timedelta(days=9) for s in submissions)
    old_reports = ProgressReport.objects.filter(task__activity__plan__start_year=2017)
    assert old_reports.exists() and not old_reports.filter(created_at__year__gt=2021).exists()
    for username in ("cb.kylua", "ct.tinh", "thamdinh.tinh", "hd.thuky"):
        assert User.objects.get(username=username).check_password(DEMO_PASSWORD)
    for user in User.objects.filter(username__in=[account.username for account in ACCOUNTS]):
        validate_password(DEMO_PASSWORD, user)  # the rules the password pages apply

    counts = (
        Unit.objects.count(),
        AssessmentPeriod.objects.count(),
        CouncilScore.objects.count(),
        PublicComment.objects.count(),
        Plan.objects.count(),
    )
    call_command("demo", "--quiet-accounts", stdout=StringIO())
    assert counts == (
        Unit.objects.count(),
        AssessmentPeriod.objects.count(),
        CouncilScore.objects.count(),
        PublicComment.objects.count(),
        Plan.objects.count(),
    )


def test_a_demo_loaded_before_the_corrections_keeps_its_history_and_moves_the_open_year(
    tmp_path, monkeypatch
) -> None:
    from tiepcan.assessments.models import FrameworkMove
    from tiepcan.frameworks import services

    # The shipped files as they were (version 1), then the corrected ones.
    for code in services.SHIPPED:
        (tmp_path / f"{code}.yaml").write_text(
            (services.DATA_DIR / "superseded" / f"{code}.v1.yaml").read_text(encoding="utf-8"),
            encoding="utf-8",
        )
    corrected = services.DATA_DIR
    monkeypatch.setattr(services, "DATA_DIR", tmp_path)
    call_command("demo", "--quiet-accounts", stdout=StringIO())
    assert AssessmentPeriod.objects.get(year=2026).framework.version == 1
    monkeypatch.setattr(services, "DATA_DIR", corrected)
    call_command("demo", "--quiet-accounts", stdout=StringIO())

    closed, open_ = AssessmentPeriod.objects.get(year=2025), AssessmentPeriod.objects.get(year=2026)
    assert closed.framework.version == 1  # a closed year keeps the rules it was assessed under
    assert open_.framework.version == 3 and FrameworkMove.objects.get().period == open_
    assert _statuses(2025) == {Status.RECOGNISED: 64, Status.NOT_RECOGNISED: 1}
    assert all(a.score["pending"] == ["2.7"] for a in open_.assessments.all())
