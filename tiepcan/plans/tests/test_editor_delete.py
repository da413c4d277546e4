"""Deleting an activity in the plan editor: confirmed, by amendment once published, refused once reported."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from tiepcan.accounts.choices import Role
from tiepcan.core.models import AuditEntry
from tiepcan.core.tests.markup import squash
from tiepcan.plans import services
from tiepcan.plans.choices import TaskStatus
from tiepcan.plans.models import Activity, PlanAmendment, Task
from tiepcan.plans.tests import test_editor
from tiepcan.plans.tests.test_editor import _copy, _published
from tiepcan.testing import World

pytestmark = pytest.mark.django_db
seeded = test_editor.seeded  # the fixture: the seed plan of P1


def test_a_draft_activity_is_deleted_after_confirmation(seeded: World, login: Any) -> None:
    plan = _copy(seeded)
    activity = plan.activities.get(group__number="2", number=1)
    client = login(seeded.users[Role.PROVINCE_ADMIN])
    url = reverse("plans:activity_delete", args=[activity.pk])
    page = squash(client.get(url).content)
    assert "Xoá hoạt động II.2.1" in page and "Xoá hoạt động</button>" in page
    detail = client.get(reverse("plans:plan_detail", args=[plan.pk])).content.decode()
    assert url in detail
    response = client.post(url, follow=True)
    assert "Đã xoá hoạt động II.2.1." in response.content.decode()
    assert not Activity.objects.filter(pk=activity.pk).exists()
    assert AuditEntry.objects.filter(object_id=str(activity.pk), content_type__model="activity").exists()


def test_a_published_activity_needs_the_amending_document_and_its_tasks_go(seeded: World, login: Any) -> None:
    plan = _published(seeded)
    activity = plan.activities.get(group__number="2", number=1)
    assert Task.objects.filter(activity=activity).exists()
    client = login(seeded.users[Role.PROVINCE_ADMIN])
    url = reverse("plans:activity_delete", args=[activity.pk])
    assert client.post(url, {}).status_code == 400 and Activity.objects.filter(pk=activity.pk).exists()
    response = client.post(
        url,
        {
            "amendment_number": "21/KH-UBND",
            "amendment_date": "01/06/2026",
            "amendment_summary": "Bỏ hoạt động II.2.1",
        },
    )
    assert response.status_code == 302
    assert (
        not Activity.objects.filter(pk=activity.pk).exists()
        and not Task.objects.filter(activity_id=activity.pk).exists()
    )
    amendment = PlanAmendment.objects.get(plan=plan)
    assert amendment.document_number == "21/KH-UBND" and amendment.changes[0]["target"] == "II.2.1"


def test_an_activity_with_a_reported_task_is_not_deleted(seeded: World, login: Any) -> None:
    plan = _published(seeded)
    activity = plan.activities.get(group__number="1", number=1)
    task = Task.objects.filter(activity=activity, year=2026).first()
    assert task is not None
    services.report_progress(
        task_id=task.pk,
        user=seeded.users[Role.AGENCY_FOCAL_POINT],
        expected_version=task.version,
        progress=50,
        status=TaskStatus.IN_PROGRESS,
        note="Đang làm",
        outputs=[],
    )
    client = login(seeded.users[Role.PROVINCE_ADMIN])
    response = client.post(
        reverse("plans:activity_delete", args=[activity.pk]),
        {"amendment_number": "22/KH-UBND", "amendment_date": "01/06/2026", "amendment_summary": "Bỏ"},
    )
    assert response.status_code == 400
    assert "Hoạt động đã có báo cáo tiến độ, không thể xoá" in response.content.decode()
    assert Activity.objects.filter(pk=activity.pk).exists() and not PlanAmendment.objects.exists()


def test_only_the_plans_managers_delete(seeded: World, login: Any) -> None:
    plan = _copy(seeded)
    activity = plan.activities.first()
    assert activity is not None
    url = reverse("plans:activity_delete", args=[activity.pk])
    assert login(seeded.users[Role.AGENCY_FOCAL_POINT]).post(url).status_code == 403
    assert login(seeded.users["foreign_officer"]).post(url).status_code in (403, 404)
    assert Activity.objects.filter(pk=activity.pk).exists()
