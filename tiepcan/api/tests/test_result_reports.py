"""The yearly reports on a period's results, read through the API as the page shows them."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest
from django.test import Client

from tiepcan.accounts.choices import Role
from tiepcan.assessments import result_reports
from tiepcan.assessments.choices import ReportStep
from tiepcan.assessments.tests.test_result_reports import qd25_period
from tiepcan.testing import World

pytestmark = pytest.mark.django_db


def test_the_yearly_result_reports_read_as_on_the_page(world: World, key_for: Callable[..., str]) -> None:
    period = qd25_period(world)
    reviewer = world.users[Role.REVIEWER]
    result_reports.record(
        period=period,
        unit_id=world.units["D1"].pk,
        step=ReportStep.TO_PROVINCE,
        sent_on=date(2025, 2, 14),
        number="25/BC-UBND",
        note="",
        user=reviewer,
        today=date(2025, 3, 1),
    )
    url = f"/api/v1/periods/{period.pk}/result-reports"
    answer = Client().get(url, HTTP_AUTHORIZATION=f"Bearer {key_for(reviewer)}")
    assert answer.status_code == 200
    rows = answer.json()
    assert [(r["step"], r["unit"]["name"], r["due_on"]) for r in rows] == [
        (ReportStep.TO_PROVINCE, "Huyện Đồi Núi", "2025-02-14"),
        (ReportStep.TO_MINISTRY, "Tỉnh Thử Nghiệm", "2025-02-19"),
    ]
    assert rows[0]["sent_on"] == "2025-02-14" and rows[0]["number"] == "25/BC-UBND"
    assert rows[0]["state"] == "on_time" and rows[1]["recipient"] == "Bộ Tư pháp"
