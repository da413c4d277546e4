"""The national viewer's home opens on its own work: last year's provincial reports to the Ministry."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from tiepcan.accounts.choices import Role
from tiepcan.assessments.tests.test_council_and_decision import build_forwarded
from tiepcan.assessments.tests.test_cycle import own
from tiepcan.reports import todo
from tiepcan.reports.models import MinistryReport
from tiepcan.reports.tests.test_summaries import recognise
from tiepcan.testing import World

pytestmark = pytest.mark.django_db


@pytest.fixture
def decided(world: World) -> World:
    build_forwarded(world)
    recognise(world, own(world))  # the 2026 results of province P1
    return world


def _national(world: World, today: date) -> todo.Section:
    sections = todo.sections_for(world.users[Role.NATIONAL_VIEWER], today)
    assert [s.key for s in sections] == ["national"]
    return sections[0]


def test_before_20_february_the_missing_report_counts_with_its_days_left(decided: World) -> None:
    section = _national(decided, date(2027, 2, 10))
    assert section.title == "Báo cáo kết quả năm 2026 của các tỉnh gửi Bộ Tư pháp"
    missing, on_time, late = section.items
    assert (missing.count, missing.due, missing.days_left) == (1, date(2027, 2, 19), 9)
    assert (on_time.count, late.count) == (0, 0)
    assert missing.url == reverse("dashboards:national")


def test_a_report_sent_after_19_february_counts_as_late(decided: World) -> None:
    MinistryReport.objects.create(
        province=decided.units["P1"],
        year=2026,
        sent_on=date(2027, 2, 25),
        number="9/BC-UBND",
        recorded_by=decided.users[Role.PROVINCE_ADMIN],
    )
    missing, on_time, late = _national(decided, date(2027, 3, 1)).items
    assert (missing.count, on_time.count, late.count) == (0, 0, 1)
    assert missing.due is None  # past the deadline, nothing missing: no red "quá hạn" on a 0


def test_the_home_page_shows_it_and_no_commune_or_evidence(decided: World, login) -> None:
    html = login(decided.users[Role.NATIONAL_VIEWER]).get(reverse("home")).content.decode()
    assert 'data-todo="national"' in html and "Tỉnh chưa gửi báo cáo" in html
    assert "Xã Đồng Tâm" not in html
