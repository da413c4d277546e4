"""API keys: shown once, stored hashed, expiring, revocable, read-only or read-write, rate-limited."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tiepcan.accounts.choices import Role
from tiepcan.api.choices import KeyAccess
from tiepcan.api.models import ApiAccessLog, ApiKey
from tiepcan.core.models import AuditEntry
from tiepcan.testing import World, build_period

UNITS = "/api/v1/units"


def _get(token: str, url: str = UNITS) -> int:
    return Client().get(url, HTTP_AUTHORIZATION=f"Bearer {token}").status_code


@pytest.mark.django_db
def test_it_stores_only_a_digest_of_the_key(world: World, key_for: Callable[..., str]) -> None:
    token = key_for(world.users[Role.REVIEWER])
    key = ApiKey.objects.get()
    secret = token.split("_", 2)[2]
    assert secret not in key.digest and token not in key.digest
    assert key.prefix in token
    assert _get(token) == 200


@pytest.mark.django_db
def test_it_refuses_a_missing_wrong_expired_or_revoked_key(world: World, key_for: Callable[..., str]) -> None:
    token = key_for(world.users[Role.REVIEWER])
    assert Client().get(UNITS).status_code == 401
    assert _get(token[:-2] + "xx") == 401
    assert _get("not-a-key") == 401
    key = ApiKey.objects.get()
    ApiKey.objects.filter(pk=key.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    assert _get(token) == 401
    ApiKey.objects.filter(pk=key.pk).update(
        expires_at=timezone.now() + timedelta(days=1), revoked_at=timezone.now()
    )
    assert _get(token) == 401


@pytest.mark.django_db
def test_it_refuses_the_key_of_a_deactivated_person(world: World, key_for: Callable[..., str]) -> None:
    person = world.users[Role.REVIEWER]
    token = key_for(person)
    person.is_active = False
    person.save()
    assert _get(token) == 401


@pytest.mark.django_db
def test_it_lets_a_read_only_key_read_but_never_write(world: World, key_for: Callable[..., str]) -> None:
    build_period(world)
    officer = world.users[Role.COMMUNE_OFFICER]
    token = key_for(officer, KeyAccess.READ)
    assessment = world.periods["own"].assessments.get(unit=world.units["N1"])
    assert _get(token, f"/api/v1/assessments/{assessment.pk}") == 200
    response = Client().post(
        f"/api/v1/assessments/{assessment.pk}/values",
        json.dumps({"version": assessment.version, "indicator": "1.1", "field": "x", "value": "1"}),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )
    assert response.status_code == 403


@pytest.mark.django_db
def test_it_limits_the_requests_of_each_key(world: World, key_for: Callable[..., str], settings) -> None:
    settings.API_RATE_LIMIT = 3
    token = key_for(world.users[Role.REVIEWER])
    other = key_for(world.users[Role.PROVINCE_ADMIN])
    assert [_get(token) for _ in range(3)] == [200, 200, 200]
    response = Client().get(UNITS, HTTP_AUTHORIZATION=f"Bearer {token}")
    assert response.status_code == 429
    assert int(response["Retry-After"]) >= 1
    assert "Quá nhiều yêu cầu" in response.json()["detail"]
    assert _get(other) == 200  # each key has its own budget


@pytest.mark.django_db
def test_it_logs_every_request_with_its_key(world: World, key_for: Callable[..., str]) -> None:
    token = key_for(world.users[Role.REVIEWER])
    _get(token)
    Client().get(UNITS)
    rows = list(ApiAccessLog.objects.order_by("id"))
    assert [(r.method, r.path, r.status) for r in rows] == [("GET", UNITS, 200), ("GET", UNITS, 401)]
    assert rows[0].key == ApiKey.objects.get() and rows[0].user == world.users[Role.REVIEWER]
    assert rows[1].key is None and rows[1].user is None


@pytest.mark.django_db
def test_it_records_writes_made_with_a_key_in_the_audit_trail_with_the_key(
    world: World, key_for: Callable[..., str]
) -> None:
    build_period(world)
    officer = world.users[Role.COMMUNE_OFFICER]
    token = key_for(officer)
    key = ApiKey.objects.get(user=officer)
    assessment = world.periods["own"].assessments.get(unit=world.units["N1"])
    response = Client().post(
        f"/api/v1/assessments/{assessment.pk}/values",
        json.dumps({"version": assessment.version, "indicator": "1.1", "not_arisen": False}),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )
    assert response.status_code == 200, response.content
    entry = AuditEntry.objects.filter(content_type__model="assessment", object_id=str(assessment.pk)).latest(
        "id"
    )
    assert entry.api_key == key.prefix
    assert entry.actor_id == officer.pk


@pytest.mark.django_db
def test_it_answers_in_utf8_json_with_vietnamese_unescaped(world: World, key_for: Callable[..., str]) -> None:
    response = Client().get(UNITS, HTTP_AUTHORIZATION=f"Bearer {key_for(world.users[Role.REVIEWER])}")
    assert response["Content-Type"].startswith("application/json")
    assert "Xã Đồng Tâm".encode() in response.content
    assert b"\\u" not in response.content


@pytest.mark.django_db
def test_it_lets_an_administrator_issue_a_key_shown_once_and_revoke_it(
    world: World, login: Callable[..., Client]
) -> None:
    client = login(world.users[Role.PROVINCE_ADMIN])
    expires = (timezone.localdate() + timedelta(days=30)).strftime("%d/%m/%Y")
    response = client.post(
        reverse("api:key_create"),
        {
            "user": world.users["target"].pk,
            "kind": "client",
            "name": "Nền tảng LGSP tỉnh",
            "unit": world.units["P1"].pk,
            "access": "read",
            "expires_on": expires,
        },
    )
    assert response.status_code == 200
    token = response.context["token"]
    assert token in response.content.decode()
    assert "no-store" in response["Cache-Control"]
    key = ApiKey.objects.get()
    assert (
        key.user == world.users["target"] and key.unit == world.units["P1"] and key.access == KeyAccess.READ
    )
    assert _get(token) == 200
    # The list never shows a token again.
    assert token not in client.get(reverse("api:key_list")).content.decode()
    assert client.post(reverse("api:key_revoke", kwargs={"pk": key.pk})).status_code == 302
    assert _get(token) == 401
    key.refresh_from_db()
    assert key.revoked_by == world.users[Role.PROVINCE_ADMIN]
    assert AuditEntry.objects.filter(content_type__model="apikey", object_id=str(key.pk)).count() == 2


@pytest.mark.django_db
def test_it_never_issues_a_key_for_someone_outside_the_administrators_units(
    world: World, login: Callable[..., Client]
) -> None:
    client = login(world.users[Role.PROVINCE_ADMIN])
    expires = (timezone.localdate() + timedelta(days=30)).strftime("%d/%m/%Y")
    response = client.post(
        reverse("api:key_create"),
        {
            "user": world.users["foreign_officer"].pk,
            "kind": "personal",
            "name": "Khóa",
            "access": "write",
            "expires_on": expires,
        },
    )
    assert response.status_code == 400
    assert not ApiKey.objects.exists()


@pytest.mark.django_db
def test_it_lets_a_person_issue_a_personal_key_for_themself_only(
    world: World, login: Callable[..., Client]
) -> None:
    officer = world.users[Role.COMMUNE_OFFICER]
    client = login(officer)
    expires = (timezone.localdate() + timedelta(days=30)).strftime("%d/%m/%Y")
    response = client.post(
        reverse("api:key_create"),
        {
            "user": world.users["target"].pk,
            "kind": "personal",
            "name": "Khóa của tôi",
            "access": "write",
            "expires_on": expires,
        },
    )
    assert response.status_code == 200
    key = ApiKey.objects.get()
    assert key.user == officer  # choosing someone else is not the person's to do: the field is ignored
    # Nor may they issue a client key.
    response = client.post(
        reverse("api:key_create"),
        {
            "kind": "client",
            "name": "Hệ thống",
            "access": "write",
            "expires_on": expires,
            "unit": world.units["N1"].pk,
        },
    )
    assert response.status_code == 400 and ApiKey.objects.count() == 1


@pytest.mark.django_db
def test_it_refuses_keys_to_roles_that_may_not_hold_one(world: World, login: Callable[..., Client]) -> None:
    client = login(world.users[Role.COUNCIL_MEMBER])
    assert client.get(reverse("api:key_create")).status_code == 403


@pytest.mark.django_db
def test_it_refuses_a_key_that_outlives_the_maximum(
    world: World, login: Callable[..., Client], settings
) -> None:
    settings.API_KEY_MAX_DAYS = 10
    client = login(world.users[Role.PROVINCE_ADMIN])
    expires = (timezone.localdate() + timedelta(days=30)).strftime("%d/%m/%Y")
    response = client.post(
        reverse("api:key_create"),
        {"kind": "personal", "name": "Khóa", "access": "read", "expires_on": expires},
    )
    assert response.status_code == 400
    assert not ApiKey.objects.exists()
