"""A form refused by the CSRF check gets the site's page in Vietnamese, not Django's stock one."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from tiepcan.core.tests.markup import squash

pytestmark = pytest.mark.django_db


def test_it_explains_a_stale_form_in_the_sites_layout_and_offers_the_page_again() -> None:
    client = Client(enforce_csrf_checks=True)
    login = reverse("accounts:login")
    response = client.post(
        login, {"username": "a", "password": "b"}, headers={"referer": f"http://testserver{login}"}
    )
    assert response.status_code == 403
    page = squash(response.content)
    assert "<title>Biểu mẫu đã hết hạn · TiếpCận</title>" in page
    assert "chưa có gì được lưu" in page and f'href="http://testserver{login}"' in page
    assert "<style" not in page and "DEBUG" not in page and "Forbidden" not in page


def test_it_sends_people_home_rather_than_to_another_site() -> None:
    client = Client(enforce_csrf_checks=True)
    response = client.post(
        reverse("accounts:login"), {"username": "a"}, headers={"referer": "https://evil.example/"}
    )
    assert response.status_code == 403
    page = squash(response.content)
    assert "evil.example" not in page and f'href="{reverse("home")}"' in page
