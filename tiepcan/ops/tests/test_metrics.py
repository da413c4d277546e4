"""/metrics: Prometheus text for administrators or the scraper's token, nobody else."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tiepcan.accounts.choices import Role
from tiepcan.testing import World

pytestmark = pytest.mark.django_db


def test_it_counts_requests_for_an_administrator(world: World, login) -> None:
    client = login(world.users[Role.SYSTEM_ADMIN])
    client.get(reverse("healthz"))
    response = client.get(reverse("metrics"))
    assert response.status_code == 200
    body = response.content.decode()
    assert 'tiepcan_http_requests_total{method="GET",status="200"}' in body
    assert "tiepcan_http_request_duration_seconds_bucket" in body


def test_a_scraper_reads_it_with_the_bearer_token(client, settings) -> None:
    settings.METRICS_TOKEN = "t" * 40
    assert client.get(reverse("metrics"), headers={"authorization": "Bearer " + "t" * 40}).status_code == 200
    assert client.get(reverse("metrics"), headers={"authorization": "Bearer " + "x" * 40}).status_code == 404
    assert client.get(reverse("metrics")).status_code == 404


def test_an_empty_token_opens_nothing(client, settings) -> None:
    settings.METRICS_TOKEN = ""
    assert client.get(reverse("metrics"), headers={"authorization": "Bearer "}).status_code == 404


def test_other_roles_are_refused(world: World, login) -> None:
    assert login(world.users[Role.PROVINCE_ADMIN]).get(reverse("metrics")).status_code == 403


def test_the_job_queue_is_reported_by_status_when_named(world: World, login, settings) -> None:
    # Any model with a status field shows how the collector reads the jobs table; the real one
    # is the task backend's (OPS_JOBS_MODEL in settings).
    settings.OPS_JOBS_MODEL = "plans.Task"
    body = login(world.users[Role.SYSTEM_ADMIN]).get(reverse("metrics")).content.decode()
    assert "# TYPE tiepcan_task_queue_jobs gauge" in body
    settings.OPS_JOBS_MODEL = ""
    body = login(world.users[Role.SYSTEM_ADMIN]).get(reverse("metrics")).content.decode()
    assert "tiepcan_task_queue_jobs" not in body
