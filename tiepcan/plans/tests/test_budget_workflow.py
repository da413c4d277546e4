"""The budget estimate's steps: a table over the statuses, a transition row written with each step."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from tiepcan.accounts.choices import Role
from tiepcan.plans import budget
from tiepcan.plans.choices import BudgetStatus
from tiepcan.plans.models_followup import BudgetTransition
from tiepcan.testing import World, build_plan

pytestmark = pytest.mark.django_db


@pytest.fixture
def estimate(world: World):  # type: ignore[no-untyped-def]
    build_plan(world)
    return world.followups["own"]["estimate"]


def test_every_step_writes_its_row_with_the_actor_and_the_reason(world: World, estimate) -> None:  # type: ignore[no-untyped-def]
    focal, finance = world.users[Role.AGENCY_FOCAL_POINT], world.users[Role.FINANCE_OFFICER]
    budget.submit(estimate_id=estimate.pk, user=focal)
    estimate.refresh_from_db()
    budget.decide(
        estimate_id=estimate.pk, user=finance, version=estimate.version, decision=BudgetStatus.REJECTED,
        approved=5, reason="Trùng nội dung",
    )  # fmt: skip
    estimate.refresh_from_db()
    assert (estimate.status, estimate.approved) == (BudgetStatus.REJECTED, 0)
    rows = list(
        BudgetTransition.objects.filter(estimate=estimate).values_list(
            "from_status", "to_status", "actor", "reason"
        )
    )
    assert rows == [
        (BudgetStatus.DRAFT, BudgetStatus.SUBMITTED, focal.pk, ""),
        (BudgetStatus.SUBMITTED, BudgetStatus.REJECTED, finance.pk, "Trùng nội dung"),
    ]  # fmt: skip


def test_a_step_not_in_the_table_is_refused_and_writes_nothing(world: World, estimate) -> None:  # type: ignore[no-untyped-def]
    finance = world.users[Role.FINANCE_OFFICER]
    with pytest.raises(ValidationError):
        budget.decide(
            estimate_id=estimate.pk, user=finance, version=estimate.version, decision=BudgetStatus.APPROVED,
            approved=1,
        )  # fmt: skip
    assert not BudgetTransition.objects.exists()
    assert budget.available(finance, estimate) == set()
    assert budget.available(world.users[Role.AGENCY_FOCAL_POINT], estimate) == {BudgetStatus.SUBMITTED}


def test_only_the_finance_officer_decides(world: World, estimate) -> None:  # type: ignore[no-untyped-def]
    budget.submit(estimate_id=estimate.pk, user=world.users[Role.AGENCY_FOCAL_POINT])
    estimate.refresh_from_db()
    with pytest.raises(PermissionDenied):
        budget.decide(
            estimate_id=estimate.pk, user=world.users[Role.PROVINCE_ADMIN], version=estimate.version,
            decision=BudgetStatus.APPROVED, approved=1,
        )  # fmt: skip
    assert BudgetTransition.objects.count() == 1


def test_the_transitions_are_scoped_like_their_estimate(world: World, estimate) -> None:  # type: ignore[no-untyped-def]
    budget.submit(estimate_id=estimate.pk, user=world.users[Role.AGENCY_FOCAL_POINT])
    foreign = world.followups["foreign"]["estimate"]
    budget.submit(estimate_id=foreign.pk, user=world.users[Role.SYSTEM_ADMIN])
    seen = BudgetTransition.objects.for_user(world.users[Role.FINANCE_OFFICER])
    assert list(seen.values_list("estimate", flat=True)) == [estimate.pk]
