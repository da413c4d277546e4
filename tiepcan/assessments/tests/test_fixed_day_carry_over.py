"""A framework's fixed day that is a day off ends at the end of the next working day.

Bộ luật Dân sự 2015 Điều 148 khoản 5 (applied by Điều 144 khoản 2): Tết 2027 is 04–10/02, so
"trước ngày 10 tháng 02" (last day 09/02/2027) ends on Thursday 11/02/2027; Tết 2026 is 16–20/02,
so the report to the Ministry due 19/02/2026 ends on Monday 23/02/2026. A date the province typed
on the period stays as typed.
"""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from tiepcan.accounts.choices import Role
from tiepcan.assessments import procedure, queue, reminders, services
from tiepcan.assessments.choices import Status
from tiepcan.assessments.models import Assessment, AssessmentPeriod, RecognitionDecision
from tiepcan.frameworks import services as frameworks
from tiepcan.reports import dashboard_data, todo
from tiepcan.testing import World
from tiepcan.workdays.calendar import seed_year
from tiepcan.workdays.models import CalendarDay

pytestmark = pytest.mark.django_db


def period_of(world: World, year: int) -> AssessmentPeriod:
    """A period of P1: QĐ 25/2021 up to 2025 (districts report to the province), QĐ 27/2025 after.

    Both give the same fixed days: dossiers 09/01, recognition 09/02, the Ministry's report 19/02
    of the next year (the last days allowed of "trước ngày 10 tháng 01" …).
    """
    frameworks.load_shipped()
    framework = frameworks.latest("qd25-2021" if year <= 2025 else "qd27-2025")
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


def test_the_2027_recognition_deadline_in_tet_ends_on_11_february(world: World) -> None:
    due = procedure.yearly_due(period_of(world, 2026), "recognition")
    assert due is not None and (due.nominal, due.day) == (date(2027, 2, 9), date(2027, 2, 11))
    assert due.moved and "09/02/2027" in due.note and "khoản 5 Điều 148 Bộ luật Dân sự 2015" in due.note


def test_the_2026_report_to_the_ministry_in_tet_ends_on_the_monday_after(world: World) -> None:
    period = period_of(world, 2025)
    due = procedure.yearly_due(period, "report_to_ministry")
    assert due is not None and (due.nominal, due.day) == (date(2026, 2, 19), date(2026, 2, 23))
    # The district's report: Saturday 14/02/2026, Sunday, then Tết 16–20/02.
    to_province = procedure.yearly_due(period, "report_to_province")
    assert to_province is not None and (to_province.nominal, to_province.day) == (
        date(2026, 2, 14),
        date(2026, 2, 23),
    )
    # The national count of the provinces' reports uses the same day.
    assert dashboard_data.ministry_deadline(2025) == date(2026, 2, 23)
    assert dashboard_data.ministry_deadline(2026) == date(2027, 2, 19)  # a Friday: it stays


def test_a_weekend_deadline_ends_on_monday_and_a_working_day_stays(world: World) -> None:
    period = period_of(world, 2026)
    dossier = procedure.yearly_due(period, "dossier")  # Saturday 09/01/2027
    assert dossier is not None and (dossier.nominal, dossier.day) == (date(2027, 1, 9), date(2027, 1, 11))
    ministry = procedure.yearly_due(period, "report_to_ministry")  # Friday 19/02/2027
    assert ministry is not None and ministry.day == date(2027, 2, 19)
    assert not ministry.moved and ministry.nominal is None and ministry.note == ""


def test_a_bridge_day_an_administrator_declares_moves_the_deadline(world: World) -> None:
    seed_year(2027)  # a year with rows is read from the table alone: keep Tết in it
    CalendarDay.objects.create(day=date(2027, 2, 19), day_off=True, name="Nghỉ bù (thử)")
    period = period_of(world, 2026)
    ministry = procedure.yearly_due(period, "report_to_ministry")
    assert ministry is not None and ministry.day == date(2027, 2, 22)  # Friday off, then the weekend
    recognition = procedure.yearly_due(period, "recognition")
    assert recognition is not None and recognition.day == date(2027, 2, 11)


def test_a_weekend_day_declared_worked_is_not_a_day_off(world: World) -> None:
    seed_year(2027)
    CalendarDay.objects.create(day=date(2027, 1, 9), day_off=False, name="Ngày làm bù (thử)")
    dossier = procedure.yearly_due(period_of(world, 2026), "dossier")
    assert dossier is not None and dossier.day == date(2027, 1, 9) and not dossier.moved


def test_a_date_the_province_typed_on_a_day_off_stays_as_typed(world: World) -> None:
    period = period_of(world, 2026)
    period.recognition_due = date(2027, 2, 9)
    period.save()
    found = queue.deadline(period, Status.RECOMMENDED, date(2027, 2, 1))
    assert found is not None and (found.due, found.nominal) == (date(2027, 2, 9), None)
    assert Status.RECOMMENDED in queue.late_statuses(period, date(2027, 2, 10))


def test_lateness_reminders_and_the_to_do_home_count_from_the_day_the_limit_ends(world: World) -> None:
    period = period_of(world, 2026)
    waiting = period.assessments.order_by("pk").first()
    assert waiting is not None
    Assessment.objects.filter(pk=waiting.pk).update(status=Status.RECOMMENDED)

    # Late from 12/02/2027, not from 10/02 (the day after the framework's 09/02).
    assert Status.RECOMMENDED not in queue.late_statuses(period, date(2027, 2, 11))
    late = Assessment.objects.filter(period=period, status=Status.RECOMMENDED)
    assert not late.filter(queue.late_q(period, date(2027, 2, 11))).exists()
    assert list(late.filter(queue.late_q(period, date(2027, 2, 12))).values_list("pk", flat=True)) == [
        waiting.pk
    ]
    assert queue.lateness(period, Status.RECOMMENDED, date(2027, 2, 12)) == queue.Lateness(
        date(2027, 2, 11), 1
    )

    found = queue.deadline(period, Status.RECOMMENDED, date(2027, 2, 8))
    assert found is not None and (found.due, found.days_left, found.nominal) == (
        date(2027, 2, 11),
        3,
        date(2027, 2, 9),
    )

    recalled = [r for r in reminders.due_reminders(date(2027, 2, 8)) if r.kind == "recognition"]
    assert len(recalled) == 1 and recalled[0].due == date(2027, 2, 11)
    assert recalled[0].key == f"remind-recognition-{period.pk}-2027-02-11"
    assert "khoản 5 Điều 148" in recalled[0].source

    sections = {
        s.key: s for s in todo.sections_for(world.users[Role.RECOGNISING_AUTHORITY], date(2027, 2, 8))
    }
    item = sections["recognising_authority"].items[0]
    assert (item.due, item.days_left) == (date(2027, 2, 11), 3)


def test_the_calendar_page_shows_the_day_the_limit_ends_with_the_frameworks_day(world: World, login) -> None:
    period_of(world, 2026)
    response = login(world.users[Role.REVIEWER]).get(reverse("plans:calendar"), {"nam": 2027})
    assert response.status_code == 200
    events = [e for _month, found in response.context["months"] for e in found if e["kind"] == "assessment"]
    recognition = [e for e in events if e["title"].startswith("Quyết định công nhận")]
    assert [(e["day"], e["nominal"]) for e in recognition] == [(date(2027, 2, 11), date(2027, 2, 9))]
    ministry = [e for e in events if "Bộ Tư pháp" in e["title"]]
    assert [(e["day"], e["nominal"], e["note"]) for e in ministry] == [(date(2027, 2, 19), None, "")]
    html = response.content.decode()
    assert "Hạn theo bộ tiêu chí là ngày 09/02/2027, trùng ngày nghỉ" in html
    assert "(khoản 5 Điều 148 Bộ luật Dân sự 2015)" in html


def test_the_decisions_page_marks_a_decision_signed_after_the_day_the_limit_ends(world: World, login) -> None:
    period = period_of(world, 2026)
    for number, signed_on in (("1/QĐ-UBND", date(2027, 2, 11)), ("2/QĐ-UBND", date(2027, 2, 12))):
        RecognitionDecision.objects.create(
            period=period,
            number=number,
            signed_on=signed_on,
            issuer_name="UBND tỉnh Thử Nghiệm",
            place="Thử Nghiệm",
            signer_name="Nguyễn Văn Ký",
            signer_title="Chủ tịch",
            created_by=world.users[Role.RECOGNISING_AUTHORITY],
        )
    response = login(world.users[Role.REVIEWER]).get(reverse("assessments:decisions", args=[period.pk]))
    assert response.status_code == 200
    late = {d.number: d.signed_late for d in response.context["decisions"]}
    assert late == {"1/QĐ-UBND": False, "2/QĐ-UBND": True}  # 11/02/2027 is on time (09/02 in Tết)
    html = response.content.decode()
    assert "Hạn quyết định công nhận" in html and "11/02/2027" in html
    assert "Hạn theo bộ tiêu chí là ngày 09/02/2027" in html and html.count("ký sau hạn công nhận") == 1
