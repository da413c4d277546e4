"""The seed plan of Lạng Sơn (2017–2020) with a believable record of how it was carried out.

The plan itself is the seed document, loaded from its structured file. What
happened afterwards (reports, inspections, pilots, budget) is illustrative demo
data, generated deterministically so every `make run` shows the same state.
"""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from django.utils import timezone

from tiepcan.accounts.models import User
from tiepcan.plans import editor, services
from tiepcan.plans.choices import TaskStatus
from tiepcan.plans.models import (
    Award,
    BudgetAllocation,
    BudgetEstimate,
    Inspection,
    InspectionFollowUp,
    PilotCommune,
    Plan,
    ProgressReport,
    ReportRequest,
    ReportSubmission,
    ReviewConference,
    StaffAssignment,
    Task,
)
from tiepcan.units.choices import UnitLevel
from tiepcan.units.models import Agency, Unit

# tiepcan/demo/plans.py -> tiepcan/plans/data/ (the demo moved out of core; parents[2] was the checkout)
SEED_FILE = Path(__file__).resolve().parents[1] / "plans" / "data" / "ke-hoach-lang-son-2017.yaml"
NOTES = {
    TaskStatus.DONE: [
        "Đã hoàn thành, có văn bản kèm theo.",
        "Đã triển khai xong theo kế hoạch.",
        "Hoàn thành; kết quả đã báo cáo UBND tỉnh.",
    ],
    TaskStatus.IN_PROGRESS: ["Đang triển khai, đã dự thảo văn bản.", "Đang tổng hợp số liệu từ các xã."],
}


def load(province: Unit) -> Plan:
    plan = Plan.objects.filter(province=province, start_year=2017, end_year=2020).first()
    if plan is not None:
        return plan
    plan, problems = services.load_plan(SEED_FILE.read_text(encoding="utf-8"), province)
    if plan is None:  # pragma: no cover - the seed file is tested
        raise RuntimeError("; ".join(str(p) for p in problems))
    for year in plan.years:
        services.generate_tasks(plan, year)
    _history(plan, province)
    return plan


def _user(username: str) -> User:
    return User.objects.get(username=username)


def _moment(day: date, hour: int = 9) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, 0)))


def _dated(row: Any, day: date) -> None:
    """Give a history row the day it was made then (``created_at`` is set to now on creation)."""
    moment = _moment(day, 15)
    # The demo's own row, just made (a write by primary key, no read of anyone's data).
    type(row)._default_manager.filter(pk=row.pk).update(created_at=moment, updated_at=moment)
    row.created_at = row.updated_at = moment


def _history(plan: Plan, province: Unit) -> None:
    rng = random.Random(2017)  # noqa: S311 - demo data, not security
    reporter = _user("daumoi.stp")
    today = timezone.localdate()
    tasks = list(Task.objects.filter(activity__plan=plan).select_related("activity__group", "agency"))
    reports = []
    for task in tasks:
        if task.on_request:
            continue
        # Most work got done; a few tasks of the last year stayed open, as they do.
        chance_done = 0.93 if task.year < 2020 else 0.75
        roll = rng.random()
        if roll < chance_done:
            status, progress = TaskStatus.DONE, 100
        elif roll < chance_done + 0.1:
            status, progress = TaskStatus.IN_PROGRESS, rng.choice([30, 50, 70])
        else:
            continue
        task.status, task.progress = status, progress
        task.completed_on = (
            (task.due_on or today) - timedelta(days=rng.randint(0, 20)) if status == TaskStatus.DONE else None
        )
        task.version = 2
        reports.append(
            ProgressReport(
                task=task,
                reported_by=reporter,
                progress=progress,
                status=status,
                note=rng.choice(NOTES[status]),
            )
        )
    Task.objects.bulk_update(
        [r.task for r in reports], ["status", "progress", "completed_on", "version"], batch_size=500
    )
    ProgressReport.objects.bulk_create(reports, batch_size=500)
    # Reported when the work was done (or by the task's due date), not on the day the demo loads.
    for report in reports:
        day = report.task.completed_on or report.task.due_on or date(report.task.year, 12, 15)
        report.created_at = report.updated_at = _moment(min(day, today), 16)
    ProgressReport.objects.bulk_update(reports, ["created_at", "updated_at"], batch_size=500)

    stp = Agency.objects.get(unit=province, code="so-tu-phap")
    districts = list(Unit.objects.filter(parent=province, level=UnitLevel.DISTRICT).order_by("name_sort"))
    legacy_communes = list(
        Unit.objects.filter(parent__in=districts, level=UnitLevel.COMMUNE)
        .order_by("name_sort")
        .select_related("parent")
    )

    # Pilot communes (II.3.2): one a year, except 2019, so the missing-year warning shows.
    for year, commune, model in (
        (2017, legacy_communes[5], "Tủ sách pháp luật và điểm hỏi đáp pháp luật tại nhà văn hóa thôn"),
        (2018, legacy_communes[40], "Hòa giải ở cơ sở gắn với hương ước, quy ước thôn"),
        (2020, legacy_communes[90], "Đối thoại chính sách, pháp luật định kỳ với người dân"),
    ):
        PilotCommune.objects.create(
            plan=plan,
            year=year,
            commune=commune,
            model_name=model,
            targets="Đạt chuẩn tiếp cận pháp luật trong năm; nhân rộng mô hình ra các xã lân cận.",
            results="Xã được công nhận đạt chuẩn tiếp cận pháp luật." if year < 2020 else "",
        )

    # Inspection of 2018 (II.3.1) in Cao Lộc, with its follow-ups.
    cao_loc = next(d for d in districts if d.code == "183")
    inspected = [c for c in legacy_communes if c.parent_id == cao_loc.pk][:3]
    inspection = Inspection.objects.create(
        plan=plan,
        kind="planned",
        form="inspection",
        inspecting_agency=stp,
        held_on=date(2018, 9, 12),
        findings="Các xã đã tự đánh giá theo Thông tư 07/2017/TT-BTP; hồ sơ minh chứng của một số chỉ tiêu chưa đầy đủ.",
        recommendations="Bổ sung tài liệu kiểm chứng về hòa giải ở cơ sở; niêm yết công khai kết quả tự đánh giá đúng thời hạn.",
    )
    inspection.units.set(inspected)
    ubnd_cao_loc = Agency.objects.get(unit=cao_loc, code="ubnd-huyen")
    InspectionFollowUp.objects.create(
        inspection=inspection,
        title="Bổ sung tài liệu kiểm chứng chỉ tiêu hòa giải ở cơ sở",
        responsible=ubnd_cao_loc,
        due_on=date(2018, 10, 31),
        status="done",
        done_on=date(2018, 10, 25),
        result="Đã bổ sung đủ hồ sơ.",
    )
    InspectionFollowUp.objects.create(
        inspection=inspection,
        title="Hướng dẫn niêm yết công khai kết quả tự đánh giá",
        responsible=stp,
        due_on=date(2018, 11, 30),
        status="open",
    )

    # Reviews and awards (II.3.3).
    mid = ReviewConference.objects.create(
        plan=plan,
        kind="mid_term",
        year=2018,
        held_on=date(2018, 12, 14),
        summary="Sơ kết hai năm thực hiện: phần lớn các xã đạt chuẩn; tồn tại ở tiêu chí hòa giải và dân chủ ở cơ sở.",
    )
    final = ReviewConference.objects.create(
        plan=plan,
        kind="final",
        year=2020,
        held_on=date(2020, 12, 18),
        summary="Tổng kết giai đoạn 2017–2020 và đề xuất kế hoạch giai đoạn mới.",
    )
    Award.objects.create(
        conference=mid,
        awardee_kind="collective",
        awardee="Phòng Tư pháp huyện Cao Lộc",
        unit=cao_loc,
        form="Giấy khen",
        deciding_body="Giám đốc Sở Tư pháp",
    )
    Award.objects.create(
        conference=final,
        awardee_kind="collective",
        awardee=f"UBND {legacy_communes[40].name}",
        unit=legacy_communes[40],
        form="Bằng khen",
        deciding_body="Chủ tịch UBND tỉnh",
    )
    Award.objects.create(
        conference=final,
        awardee_kind="individual",
        awardee="Công chức Tư pháp – Hộ tịch xã điểm năm 2018",
        unit=legacy_communes[40],
        form="Giấy khen",
        deciding_body="Giám đốc Sở Tư pháp",
    )

    # Budget (II.4.2 and Section III.2).
    for year, requested, approved in (
        (2017, 120_000_000, 120_000_000),
        (2018, 180_000_000, 150_000_000),
        (2019, 160_000_000, 160_000_000),
        (2020, 200_000_000, None),
    ):
        estimate = BudgetEstimate.objects.create(
            plan=plan,
            year=year,
            agency=stp,
            requested=requested,
            description="Kinh phí hướng dẫn, kiểm tra, tập huấn, sơ kết.",
        )
        if approved is None:
            estimate.status = "submitted"
        else:
            estimate.status = "approved" if approved == requested else "adjusted"
            estimate.approved = approved
            estimate.decided_by = _user("taichinh")
            if approved != requested:
                estimate.decision_reason = (
                    "Giảm kinh phí hội nghị do lồng ghép với hội nghị sơ kết nông thôn mới."
                )
            BudgetAllocation.objects.create(
                estimate=estimate,
                amount=approved,
                allocated_on=date(year, 3, 15),
                decision_number=f"{30 + year % 100}/QĐ-STC",
            )
        estimate.save()

    # Periodic reports from the districts (Section III.4: every six months and yearly).
    reports_rng = random.Random(2020)  # noqa: S311 - demo data, not security
    district_committees = list(
        Agency.objects.filter(unit__in=districts, code="ubnd-huyen").order_by("name_sort")
    )
    for year, period, deadline, missing in (
        (2020, "half_year", date(2020, 6, 20), 0),
        (2020, "year", date(2020, 12, 15), 2),
    ):
        title = ("Báo cáo 6 tháng đầu năm " if period == "half_year" else "Báo cáo năm ") + str(year)
        report_request = ReportRequest.objects.create(
            plan=plan,
            period=period,
            year=year,
            title=title,
            deadline=deadline,
            instructions="Báo cáo tình hình, kết quả thực hiện Kế hoạch; số xã đạt chuẩn; khó khăn, vướng mắc, đề xuất.",
        )
        report_request.agencies.set(district_committees)
        # Asked a month ahead; most districts send in the last ten days, one in five a few days late.
        _dated(report_request, deadline - timedelta(days=30))
        for agency in district_committees[: len(district_committees) - missing]:
            submission = ReportSubmission.objects.create(
                request=report_request,
                agency=agency,
                submitted_by=reporter,
                content=f"{agency.name} báo cáo: đã triển khai đầy đủ các nhiệm vụ; các xã hoàn thành tự đánh giá đúng hạn.",
            )
            late = reports_rng.random() < 0.2
            sent = deadline + timedelta(
                days=reports_rng.randint(1, 9) if late else -reports_rng.randint(0, 10)
            )
            _dated(submission, sent)

    StaffAssignment.objects.create(
        unit=province,
        agency=stp,
        user=reporter,
        full_name=reporter.full_name,
        position=reporter.position,
        phone=reporter.phone,
        email=reporter.email,
    )
    for district in districts[:4]:
        StaffAssignment.objects.create(
            unit=district,
            agency=Agency.objects.get(unit=district, code="phong-tu-phap"),
            full_name=f"Chuyên viên Phòng Tư pháp {district.short_name}",
            position="Chuyên viên",
            valid_to=date(2025, 6, 30),
        )


CURRENT_NOTE = (
    "Dữ liệu minh hoạ: kế hoạch giai đoạn 2026–2030 do chương trình tạo bằng chức năng “Sao nội dung từ kế "
    "hoạch” từ các hoạt động của Kế hoạch năm 2017; số, ngày và người ký không phải của văn bản thật."
)


def load_current(province: Unit, seed: Plan) -> Plan:
    """A current (2026–2030) plan made from the seed's activities through the plan editor, marked as demo data.

    It goes through the same code a province administrator uses (copy, then publish), so
    this year's tasks, the timeline, the calendar, the budget and the reports have this
    year's work on a fresh `make run`.
    """

    plan = Plan.objects.filter(province=province, is_demo=True).first()
    if plan is not None:
        return plan
    admin = _user("qt.sotuphap")
    plan = editor.create_plan(
        province=province,
        header={
            "number": "01/KH-UBND (minh hoạ)",
            "issued_on": date(2026, 1, 15),
            "issuer": seed.issuer,
            "signer_name": "(minh hoạ)",
            "signer_title": "Chủ tịch",
            "title": "Kế hoạch triển khai thực hiện quy định về xây dựng xã, phường đạt chuẩn tiếp cận pháp luật "
            "giai đoạn 2026–2030",
            "start_year": 2026,
            "end_year": 2030,
            "rules": "qd27-2025",
            "legal_bases": [
                "Quyết định số 27/2025/QĐ-TTg ngày 04/8/2025 của Thủ tướng Chính phủ quy định về xây dựng xã, "
                "phường, đặc khu đạt chuẩn tiếp cận pháp luật"
            ],
            "purposes": list(seed.purposes),
            "requirements": list(seed.requirements),
            "notes": CURRENT_NOTE,
        },
        actor=admin,
        copy_from=seed,
    )
    Plan.objects.filter(pk=plan.pk).update(is_demo=True)
    editor.publish(plan=plan, actor=admin)
    _this_year(plan, province)
    return plan


def _this_year(plan: Plan, province: Unit) -> None:
    """Some of this year's work reported, a pilot commune, an estimate waiting for finance, a report request."""
    rng = random.Random(2026)  # noqa: S311 - demo data, not security
    reporter = _user("daumoi.stp")
    today = timezone.localdate()
    year = today.year if plan.start_year <= today.year <= plan.end_year else plan.start_year
    stp = Agency.objects.get(unit=province, code="so-tu-phap")
    tasks = list(Task.objects.filter(activity__plan=plan, year=year, agency=stp).order_by("due_on", "id"))
    for index, task in enumerate(tasks):
        if task.on_request or index % 3 == 2:
            continue  # a third stays open: "Nhiệm vụ của tôi" has work to do
        done = rng.random() < 0.7
        services.report_progress(
            task_id=task.pk,
            user=reporter,
            expected_version=task.version,
            progress=100 if done else 50,
            status=TaskStatus.DONE if done else TaskStatus.IN_PROGRESS,
            note=rng.choice(NOTES[TaskStatus.DONE if done else TaskStatus.IN_PROGRESS]),
            outputs=[],
        )
    commune = (
        Unit.objects.filter(path__startswith=province.path, level=UnitLevel.COMMUNE, valid_from__isnull=False)
        .order_by("name_sort")
        .first()
    )
    if commune is not None:
        PilotCommune.objects.create(
            plan=plan,
            year=year,
            commune=commune,
            model_name="Điểm hỗ trợ pháp lý cho người dân tại trụ sở xã mới",
            targets="Đạt chuẩn tiếp cận pháp luật theo Quyết định 27/2025/QĐ-TTg.",
        )
    BudgetEstimate.objects.create(
        plan=plan,
        year=year,
        agency=stp,
        requested=210_000_000,
        status="submitted",
        description="Kinh phí hướng dẫn, tập huấn theo Quyết định 27/2025/QĐ-TTg và kiểm tra các xã, phường.",
    )
    request = ReportRequest.objects.create(
        plan=plan,
        period="year",
        year=year,
        title=f"Báo cáo năm {year}",
        deadline=date(year, 12, 15),
        instructions="Báo cáo kết quả thực hiện Kế hoạch năm; khó khăn, vướng mắc, đề xuất.",
    )
    request.agencies.set(
        Agency.objects.filter(unit__parent=province, code="ubnd-xa", unit__valid_from__isnull=False)[:10]
    )
