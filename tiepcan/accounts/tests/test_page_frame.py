"""The frame of every signed-in page: menu, unit switcher and bell, kept across requests.

The process keeps a person's menu and units under their grants stamp (``accounts.chrome``), and
the database keeps their unread count on their row (triggers of accounts migration 0005). The
tests change things behind Python's back (queryset updates, bulk inserts, raw SQL) as another
process would: the next page must show the change although this process kept its entry.
"""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tiepcan.accounts import chrome, permissions
from tiepcan.accounts.choices import Role
from tiepcan.accounts.models import RoleAssignment, User
from tiepcan.core.models import Notification
from tiepcan.core.notifications import notify
from tiepcan.testing import World


@pytest.fixture(autouse=True)
def _empty_process_caches() -> None:
    permissions.clear_shared_grants()
    chrome.clear()


def _unread(user: User) -> int:
    return User.objects.values_list("unread_notifications", flat=True).get(pk=user.pk)


def _bell(client: Client) -> int:
    return client.get(reverse("accounts:profile")).context["unread_notifications"]


def _menu_urls(client: Client, url: str = "") -> set[str]:
    menu = client.get(url or reverse("accounts:profile")).context["nav_menu"]()
    return {c["url"] for item in menu for c in item.get("children", [item])}


def test_a_new_notification_shows_on_the_next_page(world: World, login) -> None:
    officer = world.users[Role.COMMUNE_OFFICER]
    client = login(officer)
    assert _bell(client) == 0
    notify([officer], "Hồ sơ bị trả lại")
    assert _bell(client) == 1
    assert "Thông báo (1 chưa đọc)" in client.get(reverse("accounts:profile")).content.decode()


def test_the_count_follows_every_way_notifications_are_written(world: World) -> None:
    officer, reviewer = world.users[Role.COMMUNE_OFFICER], world.users[Role.REVIEWER]
    Notification.objects.bulk_create(Notification(user=officer, title=f"Thông báo {i}") for i in range(3))
    assert _unread(officer) == 3
    first = Notification.objects.filter(user=officer).order_by("pk").first()
    assert first is not None
    first.read_at = timezone.now()
    first.save(update_fields=["read_at"])
    assert _unread(officer) == 2
    Notification.objects.filter(pk=first.pk).update(read_at=None)
    assert _unread(officer) == 3
    Notification.objects.filter(user=officer).exclude(pk=first.pk).update(user=reviewer)
    assert (_unread(officer), _unread(reviewer)) == (1, 2)
    with connection.cursor() as cursor:  # by hand, as a script on the server would
        cursor.execute("DELETE FROM core_notification WHERE user_id = %s", [reviewer.pk])
    assert _unread(reviewer) == 0
    Notification.objects.filter(user=officer).update(read_at=timezone.now())
    assert _unread(officer) == 0


def test_marking_read_clears_the_bell_and_saving_the_person_keeps_the_count(world: World, login) -> None:
    officer = world.users[Role.COMMUNE_OFFICER]
    client = login(officer)
    notify([officer], "Một")
    notify([officer], "Hai", dedupe_key="hai")
    stale = User.objects.get(pk=officer.pk)
    notify([officer], "Ba", dedupe_key="ba")
    stale.full_name = "Nông Văn Hùng"
    stale.save()  # an instance read before the third notification: its count is not written back
    assert _unread(officer) == 3
    client.post(reverse("core:notification_read_all"))
    assert _bell(client) == 0


def test_a_granted_role_shows_its_menu_on_the_next_page_although_the_process_kept_the_old(
    world: World, login
) -> None:
    officer = world.users[Role.COMMUNE_OFFICER]
    client = login(officer)
    before = _menu_urls(client)
    assert reverse("accounts:user_list") not in before
    kept = dict(chrome._kept)
    # Another process grants a role with a bulk insert: no Python code of this process runs.
    RoleAssignment.objects.bulk_create(
        [RoleAssignment(user=officer, role=Role.PROVINCE_ADMIN, unit=world.units["P1"])]
    )
    assert dict(chrome._kept) == kept
    assert reverse("accounts:user_list") in _menu_urls(client)
    RoleAssignment.objects.filter(user=officer, role=Role.PROVINCE_ADMIN).update(is_active=False)
    assert _menu_urls(client) == before


def test_a_revoked_role_leaves_the_switcher_on_the_next_page(world: World, login) -> None:
    officer = world.users[Role.COMMUNE_OFFICER]
    RoleAssignment.objects.create(user=officer, role=Role.COMMUNE_OFFICER, unit=world.units["N2"])
    client = login(officer)
    assert {u.pk for u in client.get(reverse("home")).context["unit_choices"]()} == {
        world.units["N1"].pk,
        world.units["N2"].pk,
    }
    with connection.cursor() as cursor:
        cursor.execute(
            "DELETE FROM accounts_roleassignment WHERE user_id = %s AND unit_id = %s",
            [officer.pk, world.units["N2"].pk],
        )
    assert [u.pk for u in client.get(reverse("home")).context["unit_choices"]()] == [world.units["N1"].pk]
    # Nor can the person switch to it any more.
    client.post(reverse("accounts:switch_unit"), {"unit": world.units["N2"].pk})
    assert client.get(reverse("home")).context["active_unit"]().pk == world.units["N1"].pk


def test_a_unit_switch_shows_on_the_next_page(world: World, login) -> None:
    officer = world.users[Role.COMMUNE_OFFICER]
    RoleAssignment.objects.create(user=officer, role=Role.COMMUNE_OFFICER, unit=world.units["N2"])
    client = login(officer)
    home = client.get(reverse("home"))
    assert home.context["active_unit"]().pk == home.context["unit_choices"]()[0].pk
    other = next(u for u in home.context["unit_choices"]() if u.pk != home.context["active_unit"]().pk)
    client.post(reverse("accounts:switch_unit"), {"unit": other.pk, "next": reverse("home")})
    after = client.get(reverse("home"))
    assert after.context["active_unit"]().pk == other.pk
    assert f'<option value="{other.pk}" selected>' in after.content.decode()


def test_the_menu_highlights_the_page_it_is_on(world: World, login) -> None:
    client = login(world.users[Role.PROVINCE_ADMIN])
    users = reverse("accounts:user_list")
    html = client.get(users).content.decode()
    assert f'href="{users}" aria-current="page"' in html
    assert 'aria-current="page"' not in client.get(reverse("accounts:profile")).content.decode()


@pytest.mark.parametrize("role", [Role.COMMUNE_OFFICER, Role.PROVINCE_ADMIN, Role.SYSTEM_ADMIN])
def test_the_profile_page_reads_the_session_the_person_and_their_roles_only(
    world: World, login, role: str
) -> None:
    person = world.users[role]
    RoleAssignment.objects.create(user=person, role=Role.REVIEWER, unit=world.units["N2"])  # the switcher
    notify([person], "Một thông báo")
    client = login(person)
    url = reverse("accounts:profile")
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    assert "Thông báo (1 chưa đọc)" in response.content.decode()
    tables = [q["sql"].split(" FROM ")[1].split()[0].strip('"') for q in queries.captured_queries]
    # The menu, the units of the switcher, the grants and the bell add none.
    assert tables == ["django_session", "accounts_user", "accounts_roleassignment"]
