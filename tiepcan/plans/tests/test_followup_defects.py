"""Defects a new user hit in the plan follow-up (issue 13); each test failed before its fix."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.urls import reverse

from tiepcan.accounts.choices import Role
from tiepcan.accounts.models import RoleAssignment
from tiepcan.assessments.choices import Status
from tiepcan.assessments.models import Assessment, AssessmentPeriod
from tiepcan.core.models import Notification
from tiepcan.plans.choices import AgencyRole
from tiepcan.plans.models import ActivityAgency, ImprovementAction, Task
from tiepcan.testing import World, build_period, build_plan, make_user
from tiepcan.units.choices import AgencyKind
from tiepcan.units.models import Agency

pytestmark = pytest.mark.django_db


@pytest.fixture
def planned(world: World) -> World:
    build_plan(world)
    return world


def test_the_task_totals_follow_the_filters(planned: World, login) -> None:
    client = login(planned.users[Role.PROVINCE_ADMIN])
    response = client.get(reverse("plans:task_list"), {"nam": "2025"})
    assert response.context["summary"]["total"] == 1  # not every visible task (3)
    response = client.get(reverse("plans:task_list"), {"nam": "2024"})
    assert response.context["summary"]["total"] == 0
    assert 2024 in response.context["years"]  # the year asked for is shown selected, not "every year"
    assert '<option value="2024" selected>' in response.content.decode()


def _weak_commune(world: World) -> tuple[AssessmentPeriod, Assessment]:
    build_period(world, 2026)
    period = world.periods["own"]
    weak = period.assessments.get(unit=world.units["N1"])
    score = dict(weak.score)
    score["indicators"] = [{**i, "met": False} for i in score["indicators"]]
    Assessment.objects.filter(pk=weak.pk).update(status=Status.NOT_RECOGNISED, score=score)
    return period, weak


def test_every_indicator_not_met_can_be_given_one_action_only(world: World, login) -> None:
    period, weak = _weak_commune(world)
    client = login(world.users[Role.PROVINCE_ADMIN])
    page = client.get(reverse("plans:improvement", kwargs={"pk": period.pk}))
    row = next(r for r in page.context["rows"] if r["assessment"].pk == weak.pk)
    assert len(row["suggested"]) == len(row["lost"]) > 3
    post = {
        "assessment": weak.pk,
        "indicator": row["lost"][0]["code"],
        "title": "Tập huấn",
        "responsible": world.agencies["stp1"].pk,
        "due_on": "30/06/2027",
    }
    client.post(reverse("plans:improvement_create", kwargs={"pk": period.pk}), post)
    client.post(reverse("plans:improvement_create", kwargs={"pk": period.pk}), post)
    assert ImprovementAction.objects.count() == 1
    page = client.get(reverse("plans:improvement", kwargs={"pk": period.pk}))
    row = next(r for r in page.context["rows"] if r["assessment"].pk == weak.pk)
    assert post["indicator"] not in [s["indicator"] for s in row["suggested"]]  # its "Giao" row is gone


def test_the_focal_point_is_told_of_an_action_given_to_their_agency(
    world: World, login, django_capture_on_commit_callbacks
) -> None:
    period, weak = _weak_commune(world)
    admin = login(world.users[Role.PROVINCE_ADMIN])
    with django_capture_on_commit_callbacks(execute=True):
        admin.post(
            reverse("plans:improvement_create", kwargs={"pk": period.pk}),
            {
                "assessment": weak.pk,
                "indicator": "1.1",
                "title": "Hướng dẫn ban hành văn bản",
                "responsible": world.agencies["stp1"].pk,
                "due_on": "30/06/2027",
            },
        )
    focal = world.users[Role.AGENCY_FOCAL_POINT]
    assert Notification.objects.filter(user=focal, title__contains="giải pháp khắc phục").exists()
    page = login(focal).get(reverse("plans:my_tasks"))
    assert "Hướng dẫn ban hành văn bản" in page.content.decode()


def test_the_calendar_shows_improvement_deadlines(world: World, login) -> None:
    period, weak = _weak_commune(world)
    ImprovementAction.objects.create(
        period=period,
        unit=weak.unit,
        indicator="1.1",
        title="Bổ sung hồ sơ hòa giải",
        responsible=world.agencies["stp1"],
        due_on=date(2027, 6, 30),
        created_by=world.users[Role.PROVINCE_ADMIN],
    )
    html = (
        login(world.users[Role.PROVINCE_ADMIN])
        .get(reverse("plans:calendar"), {"nam": "2027"})
        .content.decode()
    )
    assert "Bổ sung hồ sơ hòa giải" in html


def test_the_finance_department_reports_on_the_tasks_it_leads(planned: World, login) -> None:
    stc = Agency.objects.create(
        unit=planned.units["P1"],
        code="so-tai-chinh",
        name="Sở Tài chính tỉnh Thử Nghiệm",
        kind=AgencyKind.OTHER,
    )
    activity = planned.plan.activities.get()
    ActivityAgency.objects.create(activity=activity, role=AgencyRole.LEAD, agency=stc, label="Sở Tài chính")
    task = Task.objects.create(
        activity=activity, agency=stc, year=2026, label="Năm 2026", due_on=date(2026, 12, 31)
    )
    officer = make_user("u_taichinh", "Cán bộ Sở Tài chính")
    RoleAssignment.objects.create(
        user=officer, role=Role.FINANCE_OFFICER, unit=planned.units["P1"], agency=stc
    )
    client = login(officer)
    page = client.get(reverse("plans:my_tasks"))
    assert page.status_code == 200 and f"/nhiem-vu/{task.pk}/" in page.content.decode()
    assert client.get(reverse("plans:task_detail", kwargs={"pk": task.pk})).context["form"] is not None
    # Only its own department's tasks: the justice department's stay out of reach.
    assert (
        client.get(reverse("plans:task_detail", kwargs={"pk": planned.tasks["stp1"].pk})).status_code == 404
    )
    # A finance officer held without an agency reports on nobody's tasks.
    assert login(planned.users[Role.FINANCE_OFFICER]).get(reverse("plans:my_tasks")).status_code == 403


def test_a_late_report_is_marked_and_before_the_deadline_the_missing_are_counted(
    planned: World, login
) -> None:
    from django.utils import timezone

    from tiepcan.plans.models import ReportRequest, ReportSubmission

    request = ReportRequest.objects.create(
        plan=planned.plan,
        period="year",
        year=2026,
        title="Báo cáo năm 2026",
        deadline=timezone.localdate() + timedelta(days=10),
    )
    request.agencies.set([planned.agencies["stp1"], planned.agencies["ubnd_n1"]])
    client = login(planned.users[Role.PROVINCE_ADMIN])
    html = client.get(reverse("plans:report_request_detail", kwargs={"pk": request.pk})).content.decode()
    assert "2 chưa gửi" in html
    ReportRequest.objects.filter(pk=request.pk).update(deadline=timezone.localdate() - timedelta(days=3))
    ReportSubmission.objects.create(
        request=request,
        agency=planned.agencies["stp1"],
        submitted_by=planned.users[Role.AGENCY_FOCAL_POINT],
        content="Báo cáo",
    )
    html = client.get(reverse("plans:report_request_detail", kwargs={"pk": request.pk})).content.decode()
    assert "Gửi muộn" in html


def test_reports_and_task_outputs_take_the_same_file_types(planned: World) -> None:
    from tiepcan.plans.forms import ProgressReportForm, SubmissionForm

    assert str(ProgressReportForm().fields["output_file"].help_text) == str(
        SubmissionForm().fields["file"].help_text
    )


def test_a_scanned_report_is_taken_where_a_scanned_output_is_and_an_exe_by_neither(planned: World) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tiepcan.plans.forms import ProgressReportForm, SubmissionForm

    png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64  # a photographed or scanned page
    for name, content, taken in (
        ("trang-1.png", png, True),
        ("chuong-trinh.exe", b"MZ" + b"\x00" * 64, False),
    ):
        output = ProgressReportForm({}, {"output_file": SimpleUploadedFile(name, content)})
        report = SubmissionForm({}, {"file": SimpleUploadedFile(name, content)})
        output.is_valid(), report.is_valid()
        assert ("output_file" not in output.errors) is taken
        assert ("file" not in report.errors) is taken, report.errors


def test_pickers_offer_only_what_is_in_force_for_the_year(planned: World) -> None:
    from tiepcan.plans.forms import PilotForm, ReportRequestForm

    old = PilotForm(
        {"plan": planned.plan.pk, "year": 2026, "commune": planned.units["C1"].pk, "model_name": "Mô hình"}
    )
    assert not old.is_valid() and "commune" in old.errors
    district = Agency.objects.create(
        unit=planned.units["D1"],
        code="ubnd-huyen",
        name="UBND huyện Đồi Núi",
        kind=AgencyKind.PEOPLES_COMMITTEE,
    )
    request = ReportRequestForm(
        {
            "plan": planned.plan.pk,
            "period": "year",
            "year": 2026,
            "title": "Báo cáo năm",
            "deadline": "15/12/2026",
            "agencies": [district.pk],
        }
    )
    assert not request.is_valid() and "agencies" in request.errors


def test_the_budget_form_numbers_activities_as_every_other_page(planned: World, login) -> None:
    form = login(planned.users[Role.PROVINCE_ADMIN]).get(reverse("plans:budget_create")).context["form"]
    labels = [label for value, label in form.fields["activity"].choices if value]
    assert labels and all(str(label).startswith("II.") for label in labels)


def test_a_focal_point_is_not_offered_a_report_request_they_may_not_make(planned: World, login) -> None:
    html = (
        login(planned.users[Role.AGENCY_FOCAL_POINT])
        .get(reverse("plans:report_request_list"))
        .content.decode()
    )
    assert reverse("plans:report_request_create") not in html
    html = (
        login(planned.users[Role.PROVINCE_ADMIN]).get(reverse("plans:report_request_list")).content.decode()
    )
    assert reverse("plans:report_request_create") in html


def test_the_budget_summary_has_an_allocated_total(planned: World, login) -> None:
    from tiepcan.plans.models import BudgetAllocation

    estimate = planned.followups["own"]["estimate"]
    type(estimate).objects.filter(pk=estimate.pk).update(status="approved", approved=150_000_000)
    BudgetAllocation.objects.create(estimate=estimate, amount=40_000_000, allocated_on=date(2026, 3, 1))
    BudgetAllocation.objects.create(estimate=estimate, amount=10_000_000, allocated_on=date(2026, 6, 1))
    response = login(planned.users[Role.FINANCE_OFFICER]).get(reverse("plans:budget_list"))
    assert response.context["grand"]["allocated"] == 50_000_000
    assert response.context["grand"]["requested"] == 150_000_000  # not repeated per allocation
    assert "Đã cấp" in response.content.decode()
