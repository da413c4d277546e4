"""Plans written in the browser: copy, edit, publish, amend; the plan in force gives each year's tasks."""

from __future__ import annotations

from datetime import date
from io import BytesIO
from pathlib import Path

import pytest
from django.urls import reverse

from tiepcan.accounts.choices import Role
from tiepcan.demo import agencies
from tiepcan.lib import plan_file
from tiepcan.plans import editor, services
from tiepcan.plans.choices import PlanStatus, TaskStatus
from tiepcan.plans.forms import BudgetEstimateForm, PilotForm, ReportRequestForm
from tiepcan.plans.models import Activity, Plan, PlanAmendment, ProgressReport, Task
from tiepcan.testing import World
from tiepcan.units.models import Agency

pytestmark = pytest.mark.django_db

SEED = Path(__file__).resolve().parents[1] / "data" / "ke-hoach-lang-son-2017.yaml"
HEADER = {
    "number": "",
    "issued_on": None,
    "signer_name": "Nguyễn Văn Ký",
    "signer_title": "Chủ tịch",
    "title": "Kế hoạch triển khai xây dựng xã đạt chuẩn tiếp cận pháp luật giai đoạn 2026-2030",
    "start_year": 2026,
    "end_year": 2030,
    "rules": "qd27-2025",
    "legal_bases": ["Quyết định số 27/2025/QĐ-TTg ngày 04/8/2025 của Thủ tướng Chính phủ"],
    "purposes": [],
    "requirements": [],
    "notes": "",
}


@pytest.fixture
def seeded(world: World) -> World:
    agencies.load(world.units["P1"])
    plan, problems = services.load_plan(SEED.read_text(encoding="utf-8"), world.units["P1"])
    assert plan is not None, problems
    editor.sync_tasks(plan)
    world.plan = plan
    return world


def _copy(world: World, **header: object) -> Plan:
    issuer = world.plan.issuer
    return editor.create_plan(
        province=world.units["P1"],
        header={**HEADER, "issuer": issuer, **header},
        actor=world.users[Role.PROVINCE_ADMIN],
        copy_from=world.plan,
    )


def _published(world: World) -> Plan:
    plan = _copy(world, number="15/KH-UBND", issued_on=date(2026, 1, 20))
    editor.publish(plan=plan, actor=world.users[Role.PROVINCE_ADMIN])
    plan.refresh_from_db()
    return plan


def _values(activity: Activity, **changes: object) -> dict[str, object]:
    return {**editor.activity_data(activity), **changes}


def test_it_copies_a_plan_into_a_new_period_moving_the_schedules(seeded: World) -> None:
    plan = _copy(seeded)
    assert plan.status == PlanStatus.DRAFT and plan.based_on == seeded.plan
    assert plan.activities.count() == 14 and plan.responsibilities.count() == 4
    quarter = plan.activities.get(group__number="2", number=1)
    assert quarter.schedule == {"kind": "quarter", "year": 2026, "quarter": 3}
    assert "2026" in quarter.schedule_text and "2017" not in quarter.schedule_text
    reviews = plan.activities.get(group__number="3", number=3)
    assert [i["year"] for i in reviews.schedule["items"]] == [2027, 2030]
    assert quarter.source_activity is not None and quarter.source_activity.plan == seeded.plan
    assert not Task.objects.filter(activity__plan=plan).exists()  # a draft has no tasks
    assert editor.check(plan, editor.plan_data(plan)) == []


def test_publishing_makes_the_plan_in_force_and_creates_this_years_tasks(seeded: World) -> None:
    plan = _published(seeded)
    assert plan.years_in_force() == [2026, 2027, 2028, 2029, 2030]
    assert Plan.in_force(seeded.units["P1"], 2026) == plan
    assert Plan.in_force(seeded.units["P1"], 2018) == seeded.plan
    assert seeded.plan.years_in_force() == [2017, 2018, 2019, 2020]
    tasks = Task.objects.filter(activity__plan=plan)
    assert tasks.filter(year=2026, agency__code="so-tu-phap").exists()
    assert set(tasks.values_list("year", flat=True)) == {2026, 2027, 2028, 2029, 2030}
    # The 2026 communes (N1, N2), not the dissolved district, hold the commune tasks.
    assert set(
        tasks.filter(year=2026, agency__code="ubnd-xa").values_list("agency__unit__code", flat=True)
    ) <= {
        "90010",
        "90011",
    }
    assert not tasks.filter(agency__code="ubnd-huyen").exists()


def test_a_newer_plan_takes_over_the_years_it_covers_and_reported_tasks_stay(seeded: World) -> None:
    first = _published(seeded)
    kept = Task.objects.filter(activity__plan=first, year=2028, agency__code="so-tu-phap").first()
    assert kept is not None
    services.report_progress(
        task_id=kept.pk,
        user=seeded.users[Role.AGENCY_FOCAL_POINT],
        expected_version=kept.version,
        progress=40,
        status=TaskStatus.IN_PROGRESS,
        note="Đang làm",
        outputs=[],
    )
    second = editor.create_plan(
        province=seeded.units["P1"],
        header={
            **HEADER,
            "issuer": first.issuer,
            "start_year": 2028,
            "end_year": 2030,
            "number": "99/KH-UBND",
            "issued_on": date(2027, 12, 1),
        },
        actor=seeded.users[Role.PROVINCE_ADMIN],
        copy_from=first,
    )
    editor.publish(plan=second, actor=seeded.users[Role.PROVINCE_ADMIN])
    assert first.years_in_force() == [2026, 2027]
    assert Plan.in_force(seeded.units["P1"], 2029) == second
    left = set(Task.objects.filter(activity__plan=first).values_list("year", flat=True))
    assert left == {2026, 2027, 2028}  # 2028 only for the reported task
    assert Task.objects.filter(activity__plan=first, year=2028).get() == kept
    assert ProgressReport.objects.filter(task=kept).count() == 1


def test_an_edit_is_checked_like_the_file_import_with_the_same_messages(seeded: World) -> None:
    plan = _copy(seeded)
    activity = plan.activities.get(group__number="2", number=1)
    with pytest.raises(editor.PlanProblems) as error:
        editor.save_activity(
            plan=plan,
            activity=activity,
            group=activity.group,
            actor=seeded.users[Role.PROVINCE_ADMIN],
            values=_values(activity, schedule={"kind": "quarter", "year": 2016, "quarter": 3}),
        )
    assert [p.message for p in error.value.problems] == ["Năm 2016 nằm ngoài giai đoạn kế hoạch 2026–2030."]
    with pytest.raises(editor.PlanProblems) as error:
        editor.save_activity(
            plan=plan,
            activity=activity,
            group=activity.group,
            actor=seeded.users[Role.PROVINCE_ADMIN],
            values=_values(activity, lead=[{"agency": "so-xyz", "label": "Sở XYZ"}]),
        )
    assert "cơ quan “so-xyz” không có trong danh mục." in [p.message for p in error.value.problems]
    # The same message as an imported file's, only without a line number.
    _data, problems = plan_file.validate_plan(
        SEED.read_text(encoding="utf-8").replace("year: 2017, quarter: 3}", "year: 2016, quarter: 3}", 1)
    )
    assert problems[0].message == "Năm 2016 nằm ngoài giai đoạn kế hoạch 2017–2020."
    activity.refresh_from_db()
    assert activity.schedule["year"] == 2026  # nothing written


def test_a_change_to_a_published_plan_is_an_amendment_and_tasks_follow(seeded: World) -> None:
    plan = _published(seeded)
    activity = plan.activities.get(group__number="1", number=1)  # Sở Tư pháp, yearly
    reported = Task.objects.get(activity=activity, year=2026)
    services.report_progress(
        task_id=reported.pk,
        user=seeded.users[Role.AGENCY_FOCAL_POINT],
        expected_version=reported.version,
        progress=100,
        status=TaskStatus.DONE,
        note="Đã ban hành hướng dẫn",
        outputs=[],
    )
    admin = seeded.users[Role.PROVINCE_ADMIN]
    new_values = _values(
        activity,
        title="Ban hành văn bản hướng dẫn (sửa đổi)",
        schedule={"kind": "year_range", "from": 2026, "to": 2027},
    )
    with pytest.raises(Exception, match="văn bản sửa đổi"):
        editor.save_activity(
            plan=plan, activity=activity, group=activity.group, actor=admin, values=new_values
        )
    editor.save_activity(
        plan=plan,
        activity=activity,
        group=activity.group,
        actor=admin,
        values=new_values,
        amendment=editor.AmendmentInput("20/KH-UBND", date(2026, 6, 1), "Rút ngắn thời gian hoạt động 1.1"),
    )
    amendment = PlanAmendment.objects.get(plan=plan)
    fields = {c["field"] for c in amendment.changes}
    assert {"nội dung", "thời gian thực hiện"} <= fields
    years = set(Task.objects.filter(activity=activity).values_list("year", flat=True))
    assert years == {2026, 2027}
    reported.refresh_from_db()
    assert reported.status == TaskStatus.DONE and reported.reports.count() == 1


def test_the_one_year_rule_serves_budget_pilots_and_reports(seeded: World) -> None:
    new = _published(seeded)
    old = seeded.plan
    stp = seeded.agencies["stp1"]
    refused = BudgetEstimateForm({"plan": old.pk, "year": 2026, "agency": stp.pk, "requested": "1.000.000"})
    assert not refused.is_valid()
    assert refused.errors["year"] == ["Năm nằm ngoài giai đoạn của kế hoạch (2017–2020)."]
    accepted = BudgetEstimateForm({"plan": new.pk, "year": 2026, "agency": stp.pk, "requested": "1.000.000"})
    assert accepted.is_valid(), accepted.errors
    request = ReportRequestForm(
        {
            "plan": old.pk,
            "period": "year",
            "year": 2026,
            "title": "Báo cáo năm",
            "deadline": "15/12/2026",
            "agencies": [stp.pk],
        }
    )
    assert not request.is_valid() and "year" in request.errors
    pilot = PilotForm(
        {"plan": new.pk, "year": 2031, "commune": seeded.units["N1"].pk, "model_name": "Mô hình"}
    )
    assert not pilot.is_valid() and pilot.errors["year"] == [
        "Năm nằm ngoài giai đoạn của kế hoạch (2026–2030)."
    ]


def test_the_plan_downloads_as_docx_and_exports_to_a_file_the_import_accepts(seeded: World, login) -> None:
    from docx import Document

    plan = _published(seeded)
    client = login(seeded.users[Role.COMMUNE_OFFICER])
    response = client.get(reverse("plans:plan_docx", args=[plan.pk]))
    assert response.status_code == 200
    text = "\n".join(p.text for p in Document(BytesIO(response.content)).paragraphs)
    assert "KẾ HOẠCH" in text and "II. NỘI DUNG HOẠT ĐỘNG" in text and "Cơ quan chủ trì: Sở Tư pháp." in text
    exported = client.get(reverse("plans:plan_export", args=[plan.pk])).content.decode()
    data, problems = plan_file.validate_plan(exported, set(services.province_agency_codes(plan.province)))
    assert problems == [] and data is not None and data["plan"]["period"] == {"start": 2026, "end": 2030}
    assert sum(len(g["activities"]) for g in data["groups"]) == 14


def test_a_draft_is_read_only_by_those_who_may_write_it(seeded: World, login) -> None:
    plan = _copy(seeded)
    assert (
        login(seeded.users[Role.COMMUNE_OFFICER])
        .get(reverse("plans:plan_detail", args=[plan.pk]))
        .status_code
        == 404
    )
    assert (
        login(seeded.users[Role.PROVINCE_ADMIN]).get(reverse("plans:plan_detail", args=[plan.pk])).status_code
        == 200
    )


def test_the_pages_copy_edit_and_publish_a_plan(seeded: World, login) -> None:
    client = login(seeded.users[Role.PROVINCE_ADMIN])
    response = client.post(
        reverse("plans:plan_create"),
        {
            "province": seeded.units["P1"].pk,
            "copy_from": seeded.plan.pk,
            "number": "15/KH-UBND",
            "issued_on": "20/01/2026",
            "issuer": seeded.plan.issuer_id,
            "signer_name": "Nguyễn Văn Ký",
            "signer_title": "Chủ tịch",
            "title": HEADER["title"],
            "start_year": "2026",
            "end_year": "2030",
            "rules": "qd27-2025",
            "legal_bases": "Quyết định số 27/2025/QĐ-TTg\nKế hoạch của Bộ Tư pháp",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    plan = Plan.objects.get(start_year=2026)
    assert plan.legal_bases == ["Quyết định số 27/2025/QĐ-TTg", "Kế hoạch của Bộ Tư pháp"]
    activity = plan.activities.get(group__number="2", number=4)
    page = client.get(reverse("plans:activity_edit", args=[activity.pk]))
    assert page.status_code == 200
    form = page.context["form"]
    data = {name: form[name].value() for name in form.fields if form[name].value() not in (None, False)}
    data.update(
        title="Hướng dẫn, theo dõi việc đánh giá theo QĐ 27/2025",
        schedule_kind="yearly",
        due_month="11",
        due_day="30",
    )
    response = client.post(reverse("plans:activity_edit", args=[activity.pk]), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    activity.refresh_from_db()
    assert activity.schedule == {"kind": "yearly", "due": {"month": 11, "day": 30}}
    bad = {**data, "schedule_kind": "quarter", "year": "2031", "quarter": "2"}
    response = client.post(reverse("plans:activity_edit", args=[activity.pk]), bad)
    assert response.status_code == 400
    assert "Năm 2031 nằm ngoài giai đoạn kế hoạch 2026–2030." in response.content.decode()
    assert client.post(reverse("plans:plan_publish", args=[plan.pk])).status_code == 302
    plan.refresh_from_db()
    assert plan.status == PlanStatus.PUBLISHED
    assert Task.objects.get(activity=activity, year=2026, agency__code="so-tu-phap").due_on == date(
        2026, 11, 30
    )
    history = client.get(reverse("plans:plan_history", args=[plan.pk]))
    assert history.status_code == 200


def test_a_commune_records_its_own_plan_and_the_province_sees_who_has_issued_theirs(
    seeded: World, login
) -> None:
    plan = _published(seeded)
    committee = seeded.agencies["ubnd_n1"]
    chairman = login(seeded.users[Role.COMMUNE_CHAIRMAN])
    response = chairman.post(
        reverse("plans:unit_plan_create", args=[plan.pk]),
        {
            "committee": committee.pk,
            "number": "5/KH-UBND",
            "issued_on": "10/02/2026",
            "signer_name": "Lê Văn Chủ",
            "signer_title": "Chủ tịch",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    unit_plan = Plan.objects.get(parent_plan=plan)
    assert unit_plan.province == seeded.units["N1"]
    linked = list(unit_plan.activities.values_list("source_activity__plan_id", flat=True))
    assert linked and set(linked) == {plan.pk}
    assert not Task.objects.filter(activity__plan=unit_plan).exists()  # followed through the province's tasks
    again = chairman.post(
        reverse("plans:unit_plan_create", args=[plan.pk]),
        {"committee": committee.pk, "number": "6/KH-UBND", "issued_on": "11/02/2026"},
    )
    assert again.status_code == 400 and Plan.objects.filter(parent_plan=plan).count() == 1
    overview = login(seeded.users[Role.PROVINCE_ADMIN]).get(reverse("plans:plan_detail", args=[plan.pk]))
    rows = {row["name"]: row for row in overview.context["unit_plans"]}
    assert rows["Xã Đồng Tâm"]["plan"] == unit_plan and rows["Xã Đồng Tâm"]["total"] > 0
    assert rows["Phường Âu Cơ"]["plan"] is None
    # Another commune's committee is not the chairman's to answer for.
    other = Agency.objects.get(unit=seeded.units["N2"], code="ubnd-xa")
    refused = chairman.post(
        reverse("plans:unit_plan_create", args=[plan.pk]),
        {"committee": other.pk, "number": "7/KH-UBND", "issued_on": "11/02/2026"},
    )
    assert refused.status_code in (400, 403) and not Plan.objects.filter(province=seeded.units["N2"]).exists()
