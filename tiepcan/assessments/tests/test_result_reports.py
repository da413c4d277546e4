"""The yearly reports on the results, as sent: district → province, province → Ministry (TT 09/2021 Điều 6)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from tiepcan.accounts.choices import Role
from tiepcan.assessments import reminders, result_reports, services
from tiepcan.assessments.choices import ReportStep
from tiepcan.assessments.models import AssessmentPeriod, ResultReport
from tiepcan.core.models import AuditEntry
from tiepcan.frameworks import services as frameworks
from tiepcan.testing import World, build_period

pytestmark = pytest.mark.django_db


def qd25_period(world: World, year: int = 2024) -> AssessmentPeriod:
    """A QĐ 25/2021 period of P1: districts report to the province, the province to the Ministry."""
    frameworks.load_shipped()
    framework = frameworks.latest("qd25-2021")
    assert framework is not None
    frameworks.activate(framework, world.units["P1"], year)
    return services.open_period(
        province=world.units["P1"],
        year=year,
        framework=framework,
        user=world.users[Role.PROVINCE_ADMIN],
        title=f"Đánh giá năm {year}",
        self_assessment_due=date(year, 12, 15),
        dossier_due=date(year, 12, 31),
    )


def test_the_senders_and_limits_are_the_frameworks(world: World) -> None:
    period = qd25_period(world)
    rows = result_reports.rows(period, world.users[Role.REVIEWER])
    assert [(r.step, r.unit.name, r.due.day if r.due else None) for r in rows] == [
        (ReportStep.TO_PROVINCE, "Huyện Đồi Núi", date(2025, 2, 14)),  # before 15 February
        (ReportStep.TO_MINISTRY, "Tỉnh Thử Nghiệm", date(2025, 2, 19)),  # before 20 February
    ]
    assert rows[0].recipient == "Ủy ban nhân dân Tỉnh Thử Nghiệm" and rows[1].recipient == "Bộ Tư pháp"
    # QĐ 27/2025 (two-tier government): only the province reports, to the Ministry.
    build_period(world, year=2025)
    qd27 = [
        (r.step, r.unit.name) for r in result_reports.rows(world.periods["own"], world.users[Role.REVIEWER])
    ]
    assert qd27 == [(ReportStep.TO_MINISTRY, "Tỉnh Thử Nghiệm")]


def test_lateness_is_measured_against_the_deadline(world: World) -> None:
    period = qd25_period(world)
    reviewer = world.users[Role.REVIEWER]
    row = result_reports.rows(period, reviewer)[0]
    assert row.state(date(2025, 2, 12)) == "pending" and "còn 2 ngày" in row.status(date(2025, 2, 12))
    assert row.state(date(2025, 2, 14)) == "pending"
    assert row.state(date(2025, 2, 17)) == "overdue" and "quá hạn 3 ngày" in row.status(date(2025, 2, 17))
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
    row = result_reports.rows(period, reviewer)[0]
    assert row.state(date(2025, 3, 1)) == "on_time" and "đúng hạn" in row.status(date(2025, 3, 1))
    # Corrected to the real day (a correction, audited): one day late.
    report, created = result_reports.record(
        period=period,
        unit_id=world.units["D1"].pk,
        step=ReportStep.TO_PROVINCE,
        sent_on=date(2025, 2, 15),
        number="25/BC-UBND",
        note="Gửi qua bưu điện",
        user=reviewer,
        today=date(2025, 3, 1),
    )
    assert created is False and ResultReport.objects.count() == 1
    row = result_reports.rows(period, reviewer)[0]
    assert row.state(date(2025, 3, 1)) == "late" and "Gửi muộn 1 ngày" in row.status(date(2025, 3, 1))
    assert (
        AuditEntry.objects.filter(object_id=str(report.pk), reason="Ghi nhận gửi báo cáo kết quả").count()
        == 2
    )


def test_recording_is_refused_for_others_and_for_impossible_days(world: World) -> None:
    period = qd25_period(world)
    base: dict[str, Any] = {
        "period": period,
        "step": ReportStep.TO_PROVINCE,
        "number": "",
        "note": "",
        "today": date(2025, 3, 1),
    }
    with pytest.raises(PermissionDenied):
        result_reports.record(
            unit_id=world.units["D1"].pk,
            sent_on=date(2025, 2, 10),
            user=world.users[Role.COMMUNE_OFFICER],
            **base,
        )
    with pytest.raises(ValidationError, match="không phải gửi báo cáo này"):
        result_reports.record(
            unit_id=world.units["P2"].pk,
            sent_on=date(2025, 2, 10),
            user=world.users[Role.SYSTEM_ADMIN],
            **base,
        )
    with pytest.raises(ValidationError, match="không được sau hôm nay"):
        result_reports.record(
            unit_id=world.units["D1"].pk, sent_on=date(2025, 3, 2), user=world.users[Role.REVIEWER], **base
        )
    with pytest.raises(ValidationError, match="từ năm 2024"):
        result_reports.record(
            unit_id=world.units["D1"].pk, sent_on=date(2023, 12, 31), user=world.users[Role.REVIEWER], **base
        )
    assert not ResultReport.objects.exists()


def test_the_page_records_a_report_and_shows_lateness(world: World, login: Any) -> None:
    build_period(world, year=2025)  # QĐ 27: the province reports to the Ministry before 20/02/2026
    period = world.periods["own"]
    url = reverse("assessments:result_reports", args=[period.pk])
    reviewer = login(world.users[Role.REVIEWER])
    html = reviewer.get(url).content.decode()
    # 19/02/2026 falls in Tết (16–20/02): the limit ends on Monday 23/02 (BLDS 2015 Điều 148 khoản 5).
    assert "Bộ Tư pháp" in html and "Quá hạn" in html and "hạn 23/02/2026" in html
    assert "Hạn theo bộ tiêu chí là ngày 19/02/2026, trùng ngày nghỉ" in html
    response = reviewer.post(
        url,
        {
            "sender": f"report_to_ministry:{world.units['P1'].pk}",
            "sent_on": "25/02/2026",
            "number": "40/BC-UBND",
            "note": "",
        },
        follow=True,
    )
    html = response.content.decode()
    assert "Đã ghi nhận Tỉnh Thử Nghiệm gửi báo cáo ngày 25/02/2026." in html
    assert "Gửi muộn 2 ngày" in html and "40/BC-UBND" in html
    # Bad input: a Vietnamese message, nothing changed.
    for bad in (
        {"sender": "report_to_ministry:abc", "sent_on": "25/02/2026"},
        {"sender": f"report_to_province:{world.units['P1'].pk}", "sent_on": "25/02/2026"},
        {"sender": f"report_to_ministry:{world.units['P1'].pk}", "sent_on": "30/02/2026"},
    ):
        assert reviewer.post(url, bad).status_code == 400
    assert ResultReport.objects.get().sent_on == date(2026, 2, 25)
    # Those who only read the period see the table without the form.
    chairman = login(world.users[Role.COMMUNE_CHAIRMAN])
    assert (
        chairman.get(url).status_code == 200 and "Ghi nhận đã gửi" not in chairman.get(url).content.decode()
    )
    assert (
        chairman.post(
            url, {"sender": f"report_to_ministry:{world.units['P1'].pk}", "sent_on": "20/02/2026"}
        ).status_code
        == 400
    )
    foreign = reverse("assessments:result_reports", args=[world.periods["foreign"].pk])
    assert reviewer.get(foreign).status_code == 404


def test_a_unit_that_sent_its_report_is_not_reminded(world: World) -> None:
    period = qd25_period(world, year=2025)
    # Saturday 14/02/2026, then Tết 16–20/02: the district's report is due on Monday 23/02.
    assert not [r for r in reminders.due_reminders(date(2026, 2, 12)) if r.kind == "report_to_province"]
    found = [r for r in reminders.due_reminders(date(2026, 2, 20)) if r.kind == "report_to_province"]
    assert found and found[0].due == date(2026, 2, 23)
    assert "khoản 5 Điều 148 Bộ luật Dân sự 2015" in found[0].source
    result_reports.record(
        period=period,
        unit_id=world.units["D1"].pk,
        step=ReportStep.TO_PROVINCE,
        sent_on=date(2026, 2, 11),
        number="",
        note="",
        user=world.users[Role.REVIEWER],
        today=date(2026, 2, 12),
    )
    assert not [r for r in reminders.due_reminders(date(2026, 2, 20)) if r.kind == "report_to_province"]
    assert [r for r in reminders.due_reminders(date(2026, 2, 20)) if r.kind == "report_to_ministry"]
