"""/metrics: Prometheus text for administrators or the scraper's token, nobody else."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tiepcan.accounts.choices import Role
from tiepcan.core.testing import World

pytestmark = pytest.mark.django_db


def test_it_counts_requests_for_an_administrator(world: World, login) -> None:  # type: ignore[no-untyped-def]
    client = login(world.users[Role.SYSTEM_ADMIN])
    client.get(reverse("healthz"))
    response = client.get(reverse("metrics"))
    assert response.status_code == 200
    body = response.content.decode()
    assert 'tiepcan_http_requests_total{method="GET",status="200"}' in body
    assert "tiepcan_http_request_duration_seconds_bucket" in body


def test_a_scraper_reads_it_with_the_bearer_token(client, settings) -> None:  # type: ignore[no-untyped-def]
    settings.METRICS_TOKEN = "t" * 40
    assert client.get(reverse("metrics"), headers={"authorization": "Bearer " + "t" * 40}).status_code == 200
    assert client.get(reverse("metrics"), headers={"authorization": "Bearer " + "x" * 40}).status_code == 404
    assert client.get(reverse("metrics")).status_code == 404


def test_an_empty_token_opens_nothing(client, settings) -> None:  # type: ignore[no-untyped-def]
    settings.METRICS_TOKEN = ""
    assert client.get(reverse("metrics"), headers={"authorization": "Bearer "}).status_code == 404


def test_other_roles_are_refused(world: World, login) -> None:  # type: ignore[no-untyped-def]
    assert login(world.users[Role.PROVINCE_ADMIN]).get(reverse("metrics")).status_code == 403
