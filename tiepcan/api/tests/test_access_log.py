"""The API access log: a page for administrators over the people they manage, and its retention."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tiepcan.accounts.choices import Role
from tiepcan.api import services
from tiepcan.api.models import ApiAccessLog, ApiKey
from tiepcan.jobs.schedule import SCHEDULE
from tiepcan.testing import World

pytestmark = pytest.mark.django_db
URL = "/khoa-api/nhat-ky/"


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _requests(world: World, key_for: Callable[..., str]) -> tuple[str, str]:
    """One request with the key of a P1 reviewer, one with the key of a P2 person."""
    near = key_for(world.users[Role.REVIEWER])
    far = key_for(world.users["foreign_officer"])
    for token in (near, far):
        Client().get("/api/v1/units", HTTP_AUTHORIZATION=f"Bearer {token}")
    return near.split("_")[1], far.split("_")[1]


def test_the_province_admin_sees_the_requests_of_the_people_in_scope(
    world: World, key_for: Callable[..., str]
) -> None:
    near, far = _requests(world, key_for)
    page = _client(world.users[Role.PROVINCE_ADMIN]).get(URL)
    assert page.status_code == 200
    prefixes = {row.key.prefix for row in page.context["page"] if row.key}
    assert near in prefixes and far not in prefixes
    everything = _client(world.users[Role.SYSTEM_ADMIN]).get(URL)
    assert {near, far} <= {row.key.prefix for row in everything.context["page"] if row.key}


def test_the_filters_narrow_and_a_bad_value_is_ignored_with_a_message(
    world: World, key_for: Callable[..., str]
) -> None:
    near, _far = _requests(world, key_for)
    client = _client(world.users[Role.SYSTEM_ADMIN])
    rows = client.get(URL, {"khoa": near}).context["page"]
    assert {row.key.prefix for row in rows} == {near}
    assert not client.get(URL, {"ket_qua": "5"}).context["page"].paginator.count
    bad = client.get(URL, {"tu_ngay": "99/99/9999", "phuong_thuc": "TRACE"})
    assert bad.status_code == 200
    assert "không hợp lệ" in bad.content.decode()


def test_people_without_manage_users_are_refused(world: World) -> None:
    assert _client(world.users[Role.REVIEWER]).get(URL).status_code == 403
    assert reverse("api:access_log") == URL


def test_old_rows_are_deleted_by_the_command_and_the_job(
    world: World, key_for: Callable[..., str], settings
) -> None:
    _requests(world, key_for)
    ApiAccessLog.objects.update(at=timezone.now() - timedelta(days=200))
    ApiAccessLog.objects.create(method="GET", path="/api/v1/units", status=200)
    out = StringIO()
    call_command("prune_api_log", stdout=out)
    assert "Deleted 2" in out.getvalue()
    assert ApiAccessLog.objects.count() == 1
    settings.API_LOG_KEEP_DAYS = 1
    ApiAccessLog.objects.update(at=timezone.now() - timedelta(days=2))
    assert SCHEDULE["prune-api-log"].task.call() == "deleted 1 rows"
    assert not ApiAccessLog.objects.exists()
    assert ApiKey.objects.count() == 2  # the keys stay
    assert services.prune_access_log() == 0


def test_the_page_reads_in_few_queries_whatever_the_rows(
    world: World, key_for: Callable[..., str], django_assert_max_num_queries: Any
) -> None:
    _requests(world, key_for)
    client = _client(world.users[Role.PROVINCE_ADMIN])
    client.get(URL)  # warm the grants
    for _ in range(30):
        Client().get("/api/v1/units", HTTP_AUTHORIZATION=f"Bearer {key_for(world.users[Role.REVIEWER])}")
    with django_assert_max_num_queries(15):
        assert client.get(URL).status_code == 200
