"""Notifications of one kind about one target are one group: counted, expandable, read at once."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tiepcan.accounts.choices import Role
from tiepcan.core.models import Notification
from tiepcan.core.notifications import notify
from tiepcan.testing import World

pytestmark = pytest.mark.django_db

GROUP = "assessment:submitted:period-7"
LABEL = "xã, phường – Đã gửi hồ sơ · Đánh giá năm 2026"


def _submitted(person, n: int, start: int = 0) -> None:
    for i in range(start, start + n):
        notify(
            [person],
            f"Xã {i} – Đã gửi hồ sơ (2026)",
            url=f"/danh-gia/ho-so/{i}/",
            dedupe_key=f"s-{i}",
            group_key=GROUP,
            group_label=LABEL,
        )


def test_twelve_communes_sending_are_one_group_with_every_row_kept(world: World, login) -> None:
    person = world.users[Role.REVIEWER]
    _submitted(person, 12)
    Notification.objects.create(user=person, title="Một thông báo riêng", url="/")
    html = login(person).get(reverse("core:notification_list")).content.decode()
    assert f"12 {LABEL}" in html and "12 chưa đọc" in html
    assert html.count("<details") == 1 and "Một thông báo riêng" in html
    # Each row keeps its own title and link, inside the group.
    assert "Xã 0 – Đã gửi hồ sơ (2026)" in html and "Xã 11 – Đã gửi hồ sơ (2026)" in html


def test_marking_a_group_read_leaves_the_other_notifications_unread(world: World, login) -> None:
    person = world.users[Role.REVIEWER]
    _submitted(person, 5)
    alone = Notification.objects.create(user=person, title="Riêng", url="/")
    other = Notification.objects.create(
        user=world.users[Role.COMMUNE_OFFICER], title="Người khác", group_key=GROUP
    )
    response = login(person).post(reverse("core:notification_read_group"), {"group": GROUP})
    assert response.status_code == 302
    assert not Notification.objects.filter(user=person, group_key=GROUP, read_at__isnull=True).exists()
    alone.refresh_from_db()
    other.refresh_from_db()
    assert alone.read_at is None and other.read_at is None


def test_a_single_row_is_marked_read_by_its_own_key_and_a_bad_key_changes_nothing(
    world: World, login
) -> None:
    person = world.users[Role.REVIEWER]
    alone = Notification.objects.create(user=person, title="Riêng", url="/")
    client = login(person)
    client.post(reverse("core:notification_read_group"), {"group": ""})
    alone.refresh_from_db()
    assert alone.read_at is None
    client.post(reverse("core:notification_read_group"), {"group": f"row-{alone.pk}"})
    alone.refresh_from_db()
    assert alone.read_at is not None


def test_the_list_costs_the_same_queries_with_more_notifications(world: World, login) -> None:
    person = world.users[Role.REVIEWER]
    client = login(person)
    _submitted(person, 3)
    client.get(reverse("core:notification_list"))  # the process's first request loads the grants
    with CaptureQueriesContext(connection) as before:
        client.get(reverse("core:notification_list"))
    _submitted(person, 80, start=3)
    for i in range(5):
        Notification.objects.create(user=person, title=f"Riêng {i}", url="/")
    with CaptureQueriesContext(connection) as after:
        client.get(reverse("core:notification_list"))
    assert len(after) == len(before)


def test_no_mark_all_read_button_when_there_is_nothing_to_read(world: World, login) -> None:
    person = world.users[Role.REVIEWER]
    html = login(person).get(reverse("core:notification_list")).content.decode()
    assert "Chưa có thông báo nào." in html and "Đánh dấu đã đọc tất cả" not in html
    _submitted(person, 1)
    assert "Đánh dấu đã đọc tất cả" in login(person).get(reverse("core:notification_list")).content.decode()
