"""Reminders reach the responsible people once; the timeline and calendar show the year's work."""

from __future__ import annotations

from datetime import date

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse

from tiepcan.accounts.choices import Role
from tiepcan.core.models import Notification
from tiepcan.testing import World, build_plan

pytestmark = pytest.mark.django_db


@pytest.fixture
def planned(world: World) -> World:
    build_plan(world)
    world.users[Role.AGENCY_FOCAL_POINT].email = "daumoi@example.vn"
    world.users[Role.AGENCY_FOCAL_POINT].save()
    return world


def test_due_soon_and_overdue_reminders_go_to_the_agencys_people_once(planned: World) -> None:
    call_command("send_reminders", today=date(2026, 12, 28), days=7)
    focal = planned.users[Role.AGENCY_FOCAL_POINT]
    titles = sorted(Notification.objects.filter(user=focal).values_list("title", flat=True))
    assert any(t.startswith("Nhiệm vụ sắp đến hạn (31/12/2026)") for t in titles)
    assert any(t.startswith("Nhiệm vụ quá hạn từ 31/12/2025") for t in titles)
    assert len(mail.outbox) == 2 and mail.outbox[0].to == ["daumoi@example.vn"]
    officer = planned.users[Role.COMMUNE_OFFICER]
    assert Notification.objects.filter(user=officer, title__startswith="Nhiệm vụ sắp đến hạn").count() == 1
    # Reviewers hold no reporting role: they are not reminded.
    assert not Notification.objects.filter(user=planned.users[Role.REVIEWER]).exists()
    call_command("send_reminders", today=date(2026, 12, 29), days=7)
    assert Notification.objects.filter(user=focal).count() == 2


def test_a_notification_opens_its_link_and_is_marked_read(planned: World, login) -> None:
    focal = planned.users[Role.AGENCY_FOCAL_POINT]
    notification = Notification.objects.create(user=focal, title="Thử", url="/nhiem-vu/")
    client = login(focal)
    assert "Thử" in client.get(reverse("core:notification_list")).content.decode()
    response = client.post(reverse("core:notification_open", kwargs={"pk": notification.pk}))
    assert response.url == "/nhiem-vu/"
    notification.refresh_from_db()
    assert notification.read_at is not None


def test_the_timeline_shows_each_activity_with_its_progress(planned: World, login) -> None:
    html = (
        login(planned.users[Role.PROVINCE_ADMIN])
        .get(reverse("plans:timeline"), {"nam": 2025})
        .content.decode()
    )
    assert "II.1.1" in html and "tc-gantt-overdue" in html
    html = (
        login(planned.users[Role.PROVINCE_ADMIN])
        .get(reverse("plans:timeline"), {"nam": 2026})
        .content.decode()
    )
    assert "0/2" in html  # two agencies hold the 2026 task, none done


def test_the_calendar_lists_deadlines_by_month(planned: World, login) -> None:
    html = (
        login(planned.users[Role.PROVINCE_ADMIN])
        .get(reverse("plans:calendar"), {"nam": 2026})
        .content.decode()
    )
    assert "Báo cáo 6 tháng đầu năm 2026" in html
    assert "0/2 cơ quan hoàn thành" in html
