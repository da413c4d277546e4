"""The API's list parameters run the pages' FilterSets: same values, same rows; a bad value is a 422."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client, RequestFactory

from tiepcan.accounts.choices import Action, Role
from tiepcan.assessments.filters import NOT_SENT, StepFilterSet
from tiepcan.assessments.models import Assessment
from tiepcan.plans.filters import task_filter
from tiepcan.testing import World, build_period, build_plan

pytestmark = pytest.mark.django_db


def _get(token: str, url: str) -> Any:
    return Client().get(url, HTTP_AUTHORIZATION=f"Bearer {token}")


def test_tasks_take_the_pages_status_values_and_give_the_same_rows(
    world: World, key_for: Callable[..., str]
) -> None:
    build_plan(world)
    admin = world.users[Role.PROVINCE_ADMIN]
    token = key_for(admin)
    request = RequestFactory().get("/", {"trang_thai": "overdue"})
    request.user = admin
    page_ids = {t.pk for t in task_filter(request).qs}
    answer = _get(token, "/api/v1/tasks?status=overdue&page_size=200")
    assert answer.status_code == 200
    assert page_ids and {row["id"] for row in answer.json()["items"]} == page_ids


def test_a_value_the_pages_filter_refuses_is_a_vietnamese_422(
    world: World, key_for: Callable[..., str]
) -> None:
    build_plan(world)
    token = key_for(world.users[Role.PROVINCE_ADMIN])
    answer = _get(token, f"/api/v1/tasks?agency={2**40}")  # in the schema's range, beyond the filter's
    assert answer.status_code == 422
    assert "Tham số “agency” không hợp lệ" in answer.json()["detail"]


def test_a_value_the_schema_refuses_is_a_vietnamese_422(world: World, key_for: Callable[..., str]) -> None:
    token = key_for(world.users[Role.PROVINCE_ADMIN])
    answer = _get(token, "/api/v1/tasks?status=khong-co")
    assert answer.status_code == 422
    [error] = answer.json()["detail"]
    assert error["loc"] == ["query", "status"]
    assert error["msg"] == "Giá trị của “status” không hợp lệ."
    assert "\\u" not in answer.content.decode()


def test_assessments_take_the_queues_not_sent_step(world: World, key_for: Callable[..., str]) -> None:
    build_period(world)
    admin = world.users[Role.PROVINCE_ADMIN]
    token = key_for(admin)
    scoped = Assessment.objects.for_user(admin, Action.VIEW)
    expected = {a.pk for a in StepFilterSet({"trang_thai": NOT_SENT}, queryset=scoped).qs}
    answer = _get(token, f"/api/v1/assessments?status={NOT_SENT}&page_size=200")
    assert answer.status_code == 200
    assert expected and {row["id"] for row in answer.json()["items"]} == expected


def test_budget_takes_the_pages_step_filter(world: World, key_for: Callable[..., str]) -> None:
    build_plan(world)
    token = key_for(world.users[Role.FINANCE_OFFICER])
    assert _get(token, "/api/v1/budget?status=approved").status_code == 200
    assert _get(token, "/api/v1/budget?status=bogus").status_code == 422


def test_assessments_take_the_kind_of_commune(world: World, key_for: Callable[..., str]) -> None:
    build_period(world)
    token = key_for(world.users[Role.PROVINCE_ADMIN])
    wards = _get(token, "/api/v1/assessments?kind=phuong&page_size=200")
    assert wards.status_code == 200
    assert {row["unit"]["kind"] for row in wards.json()["items"]} == {"phuong"}
    assert _get(token, "/api/v1/assessments?kind=tinh").status_code == 422
