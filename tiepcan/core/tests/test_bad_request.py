"""The 400 page names the cause a person can fix, and claims no cause it does not know."""

from __future__ import annotations

import pytest
from django.core.exceptions import SuspiciousOperation
from django.test import RequestFactory, override_settings
from django.urls import reverse

from tiepcan.accounts.choices import Role
from tiepcan.core.models import AuditEntry
from tiepcan.core.views import bad_request
from tiepcan.testing import World

pytestmark = pytest.mark.django_db


@override_settings(DATA_UPLOAD_MAX_NUMBER_FIELDS=20)
def test_a_form_with_too_many_fields_is_refused_with_that_reason_and_nothing_saved(
    world: World, login
) -> None:
    client = login(world.users[Role.PROVINCE_ADMIN])
    entries = AuditEntry.objects.count()
    fields = {f"o{i}": "1" for i in range(40)}
    response = client.post(reverse("accounts:user_list"), fields)
    assert response.status_code == 400
    html = response.content.decode()
    assert "Yêu cầu không hợp lệ, chưa có gì được lưu" in html
    assert "quá nhiều ô" in html and "NUL" not in html
    assert AuditEntry.objects.count() == entries


@override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=1000)
def test_data_over_the_size_limit_is_refused_with_that_reason(world: World, login) -> None:
    client = login(world.users[Role.PROVINCE_ADMIN])
    response = client.post(reverse("accounts:user_list"), {"q": "x" * 5000})
    assert response.status_code == 400
    html = response.content.decode()
    assert "lớn hơn mức máy chủ nhận" in html and "NUL" not in html


def test_an_unknown_cause_gets_the_generic_page() -> None:
    request = RequestFactory().get("/")
    response = bad_request(request, SuspiciousOperation("bad multipart boundary"))
    html = response.content.decode()
    assert response.status_code == 400
    assert "không đúng dạng" in html and "NUL" not in html and "multipart" not in html


def test_api_clients_get_json() -> None:
    request = RequestFactory().get("/api/v1/units/")
    response = bad_request(request, SuspiciousOperation("x"))
    assert response.status_code == 400 and response["Content-Type"].startswith("application/json")


def test_an_unknown_host_gets_400_not_500(client) -> None:
    response = client.get("/", HTTP_HOST="evil.example.com")
    assert response.status_code == 400
    assert "không đúng dạng" in response.content.decode()
