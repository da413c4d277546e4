"""Difficulties raised to the province (qua Sở Tư pháp), answered or forwarded, tracked to closed."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tiepcan.accounts.choices import Role
from tiepcan.core.models import Notification
from tiepcan.plans.models import Difficulty
from tiepcan.testing import World, build_plan

pytestmark = pytest.mark.django_db


@pytest.fixture
def planned(world: World) -> World:
    build_plan(world)
    return world


def test_a_difficulty_goes_from_raised_to_closed_with_everyone_told(
    planned: World, login, django_capture_on_commit_callbacks
) -> None:
    focal = login(planned.users[Role.AGENCY_FOCAL_POINT])
    with django_capture_on_commit_callbacks(execute=True):
        response = focal.post(
            reverse("plans:difficulty_create"),
            {
                "agency": planned.agencies["stp1"].pk,
                "activity": planned.plan.activities.get().pk,
                "task": planned.tasks["stp1"].pk,
                "title": "Chưa có hướng dẫn chấm chỉ tiêu 2.1",
                "description": "Đề nghị Sở hướng dẫn cách tính tỉ lệ.",
            },
        )
    assert response.status_code == 302
    difficulty = Difficulty.objects.get()
    admin_user = planned.users[Role.PROVINCE_ADMIN]
    assert Notification.objects.filter(user=admin_user, title__startswith="Khó khăn, vướng mắc mới").exists()

    admin = login(admin_user)
    url = reverse("plans:difficulty_step", kwargs={"pk": difficulty.pk})
    with django_capture_on_commit_callbacks(execute=True):
        admin.post(url, {"kind": "answer", "note": "Tính theo Thông tư hướng dẫn, mục 2."})
    difficulty.refresh_from_db()
    assert difficulty.status == "answered"
    assert Notification.objects.filter(
        user=planned.users[Role.AGENCY_FOCAL_POINT], title__contains="Đã trả lời"
    ).exists()

    focal = login(planned.users[Role.AGENCY_FOCAL_POINT])
    focal.post(url, {"kind": "close", "note": "Đã rõ"})
    difficulty.refresh_from_db()
    assert difficulty.status == "closed"
    assert [s.to_status for s in difficulty.steps.all()] == ["open", "answered", "closed"]
    focal.post(url, {"kind": "answer", "note": "Lại"})
    assert Difficulty.objects.get().status == "closed"  # a closed difficulty stays closed


def test_a_focal_point_may_not_answer_or_forward(planned: World, login) -> None:
    difficulty = Difficulty.objects.create(
        unit=planned.units["P1"],
        agency=planned.agencies["stp1"],
        activity=planned.plan.activities.get(),
        title="Vướng mắc",
        description="…",
        raised_by=planned.users[Role.PROVINCE_ADMIN],
    )
    focal = login(planned.users[Role.AGENCY_FOCAL_POINT])
    url = reverse("plans:difficulty_step", kwargs={"pk": difficulty.pk})
    assert focal.post(url, {"kind": "answer", "note": "Tự trả lời"}).status_code == 403
    assert focal.post(url, {"kind": "close"}).status_code == 403
    difficulty.refresh_from_db()
    assert difficulty.status == "open"
    officer = login(planned.users[Role.COMMUNE_OFFICER])
    assert officer.get(reverse("plans:difficulty_detail", kwargs={"pk": difficulty.pk})).status_code == 404
