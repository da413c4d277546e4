"""`manage.py demo` (what `make run` loads) builds the whole demo province, and twice is once."""

from __future__ import annotations

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
from tiepcan.core.demo.users import ACCOUNTS, DEMO_PASSWORD
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

    # 2026: in progress, with communes at every step up to the council.
    year = _statuses(2026)
    for status in (
        Status.DRAFT,
        Status.APPROVED,
        Status.POSTED,
        Status.SUBMITTED,
        Status.RETURNED,
        Status.FORWARDED,
    ):
        assert year.get(status, 0) > 0, (status, year)
    assert sum(year.values()) == 65
    assert CouncilMembership.objects.filter(period__year=2026).count() == 2
    assert CouncilScore.objects.filter(assessment__period__year=2026).exists()

    assert Plan.objects.filter(province=province).exists()
    for username in ("cb.kylua", "ct.tinh", "thamdinh.tinh", "hd.thuky"):
        assert User.objects.get(username=username).check_password(DEMO_PASSWORD)
    for user in User.objects.filter(username__in=[account.username for account in ACCOUNTS]):
        validate_password(DEMO_PASSWORD, user)  # the rules the password pages apply

    counts = (Unit.objects.count(), AssessmentPeriod.objects.count(), CouncilScore.objects.count(),
              PublicComment.objects.count(), Plan.objects.count())  # fmt: skip
    call_command("demo", "--quiet-accounts", stdout=StringIO())
    assert counts == (Unit.objects.count(), AssessmentPeriod.objects.count(), CouncilScore.objects.count(),
                      PublicComment.objects.count(), Plan.objects.count())  # fmt: skip
