"""Focal points report progress on their tasks; the province follows every task."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tiepcan.accounts.choices import Role
from tiepcan.core.models import AuditEntry
from tiepcan.plans.choices import TaskStatus
from tiepcan.plans.models import OutputDocument, ProgressReport, Task
from tiepcan.testing import World, build_plan

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.7\n%%EOF"


@pytest.fixture
def planned(world: World, settings, tmp_path) -> World:
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path)},
        },
    }
    build_plan(world)
    return world


def _report(client, task: Task, **overrides):
    data = {
        "version": task.version,
        "status": TaskStatus.IN_PROGRESS,
        "progress": 40,
        "note": "Đã dự thảo văn bản.",
    }
    data.update(overrides)
    return client.post(reverse("plans:task_detail", kwargs={"pk": task.pk}), data)


def test_a_focal_point_reports_progress_with_an_output_document(planned: World, login) -> None:
    client = login(planned.users[Role.AGENCY_FOCAL_POINT])
    task = planned.tasks["stp1"]
    response = _report(
        client,
        task,
        status=TaskStatus.DONE,
        progress=100,
        note="Đã ban hành hướng dẫn.",
        output_kind="guidance_document",
        output_title="Hướng dẫn đánh giá chuẩn tiếp cận pháp luật năm 2026",
        output_number="15/HD-STP",
        output_issued_on="10/03/2026",
        output_issuer="Sở Tư pháp",
        output_file=SimpleUploadedFile("huong-dan.pdf", PDF),
    )
    assert response.status_code == 302
    task.refresh_from_db()
    assert (task.status, task.progress, task.version) == (TaskStatus.DONE, 100, 2)
    assert task.completed_on is not None
    document = OutputDocument.objects.get()
    assert document.number == "15/HD-STP" and document.content_type == "application/pdf"
    assert AuditEntry.objects.filter(
        content_type__model="task", object_id=str(task.pk), action="update"
    ).exists()
    download = client.get(reverse("plans:output_download", kwargs={"pk": document.pk}))
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF


def test_a_second_report_from_a_stale_form_is_refused(planned: World, login) -> None:
    client = login(planned.users[Role.AGENCY_FOCAL_POINT])
    task = planned.tasks["stp1"]
    stale = Task.objects.get(pk=task.pk)
    assert _report(client, task).status_code == 302
    response = _report(client, stale, progress=60)
    assert response.status_code == 400
    assert "vừa được người khác cập nhật" in response.content.decode()
    task.refresh_from_db()
    assert task.progress == 40
    assert ProgressReport.objects.count() == 1


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"status": TaskStatus.DONE, "progress": 80}, "Nhiệm vụ hoàn thành phải có tiến độ 100%"),
        ({"progress": 140}, "100"),
        ({"note": "   "}, "Nội dung báo cáo"),
        ({"output_number": "12/BC", "output_kind": "report"}, "Hãy ghi trích yếu của sản phẩm"),
        (
            {
                "output_kind": "report",
                "output_title": "Ảnh",
                "output_file": SimpleUploadedFile("anh.pdf", b"\x89PNG\r\n\x1a\n0000"),
            },
            "không khớp nội dung",
        ),
    ],
)
def test_bad_input_changes_nothing(planned: World, login, overrides, message) -> None:
    client = login(planned.users[Role.AGENCY_FOCAL_POINT])
    task = planned.tasks["stp1"]
    response = _report(client, task, **overrides)
    assert response.status_code == 400
    assert message in response.content.decode()
    task.refresh_from_db()
    assert (task.status, task.progress, task.version) == (TaskStatus.NOT_STARTED, 0, 1)
    assert not ProgressReport.objects.exists() and not OutputDocument.objects.exists()


def test_a_focal_point_sees_only_their_agencys_tasks(planned: World, login) -> None:
    client = login(planned.users[Role.AGENCY_FOCAL_POINT])
    html = client.get(reverse("plans:my_tasks")).content.decode()
    assert "Sở Tư pháp tỉnh Thử Nghiệm" in html
    assert "Ủy ban nhân dân xã Đồng Tâm" not in html
    assert (
        client.get(reverse("plans:task_detail", kwargs={"pk": planned.tasks["ubnd_n1"].pk})).status_code
        == 404
    )


def test_a_commune_officer_reports_for_their_communes_committee(planned: World, login) -> None:
    client = login(planned.users[Role.COMMUNE_OFFICER])
    assert _report(client, planned.tasks["ubnd_n1"]).status_code == 302
    assert _report(client, planned.tasks["stp1"]).status_code == 404


def test_a_reviewer_may_read_but_not_report(planned: World, login) -> None:
    client = login(planned.users[Role.REVIEWER])
    task = planned.tasks["stp1"]
    assert client.get(reverse("plans:task_detail", kwargs={"pk": task.pk})).status_code == 200
    assert _report(client, task).status_code == 403
    assert not ProgressReport.objects.exists()


def test_the_overview_marks_overdue_tasks_and_filters_them(planned: World, login) -> None:
    client = login(planned.users[Role.PROVINCE_ADMIN])
    html = client.get(reverse("plans:task_list"), {"trang_thai": "overdue"}).content.decode()
    assert "Năm 2025" in html and "Quá hạn" in html
    assert "Năm 2026" not in html
    assert "Hoạt động tỉnh bạn" not in client.get(reverse("plans:task_list")).content.decode()


def test_the_overview_uses_a_bounded_number_of_queries(planned: World, login) -> None:
    from datetime import date

    client = login(planned.users[Role.PROVINCE_ADMIN])
    client.get(reverse("plans:task_list"))
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("plans:task_list"))
    activity = planned.tasks["stp1"].activity
    for year in range(2030, 2060):
        Task.objects.create(
            activity=activity,
            agency=planned.agencies["stp1"],
            year=year,
            label=f"Năm {year}",
            due_on=date(year, 12, 31),
        )
    with CaptureQueriesContext(connection) as many:
        assert client.get(reverse("plans:task_list")).status_code == 200
    assert len(many) == len(few) <= 14
