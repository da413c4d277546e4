"""The budget estimate's steps: a table over the statuses, a transition row written with each step."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from tiepcan.accounts.choices import Role
from tiepcan.plans import budget
from tiepcan.plans.choices import BudgetStatus
from tiepcan.plans.models import BudgetTransition
from tiepcan.testing import World, build_plan

pytestmark = pytest.mark.django_db


@pytest.fixture
def estimate(world: World):
    build_plan(world)
    return world.followups["own"]["estimate"]


def test_every_step_writes_its_row_with_the_actor_and_the_reason(world: World, estimate) -> None:
    focal, finance = world.users[Role.AGENCY_FOCAL_POINT], world.users[Role.FINANCE_OFFICER]
    budget.submit(estimate_id=estimate.pk, user=focal)
    estimate.refresh_from_db()
    budget.appraise(
        estimate_id=estimate.pk, user=finance, version=estimate.version, amount=estimate.requested
    )
    estimate.refresh_from_db()
    budget.decide(
        estimate_id=estimate.pk,
        user=finance,
        version=estimate.version,
        decision=BudgetStatus.REJECTED,
        approved=5,
        reason="Trùng nội dung",
        document_number="3/QĐ-UBND",
        document_date=date(2026, 3, 1),
    )
    estimate.refresh_from_db()
    assert (estimate.status, estimate.approved, estimate.approval_number) == (
        BudgetStatus.REJECTED,
        0,
        "3/QĐ-UBND",
    )
    rows = list(
        BudgetTransition.objects.filter(estimate=estimate).values_list(
            "from_status", "to_status", "actor", "reason"
        )
    )
    assert rows == [
        (BudgetStatus.DRAFT, BudgetStatus.SUBMITTED, focal.pk, ""),
        (BudgetStatus.SUBMITTED, BudgetStatus.APPRAISED, finance.pk, ""),
        (BudgetStatus.APPRAISED, BudgetStatus.REJECTED, finance.pk, "Trùng nội dung"),
    ]


def test_a_sent_estimate_is_appraised_before_the_peoples_committee_decides(world: World, estimate) -> None:
    finance = world.users[Role.FINANCE_OFFICER]
    budget.submit(estimate_id=estimate.pk, user=world.users[Role.AGENCY_FOCAL_POINT])
    estimate.refresh_from_db()
    assert budget.available(finance, estimate) == {BudgetStatus.APPRAISED}
    with pytest.raises(ValidationError):  # the finance officer's word is no longer final
        budget.decide(
            estimate_id=estimate.pk,
            user=finance,
            version=estimate.version,
            decision=BudgetStatus.APPROVED,
            approved=1,
            document_number="1/QĐ-UBND",
            document_date=date(2026, 3, 1),
        )
    budget.appraise(
        estimate_id=estimate.pk, user=finance, version=estimate.version, amount=estimate.requested
    )
    estimate.refresh_from_db()
    with pytest.raises(ValidationError):  # the approving document is required
        budget.decide(
            estimate_id=estimate.pk,
            user=finance,
            version=estimate.version,
            decision=BudgetStatus.APPROVED,
            approved=None,
        )
    budget.decide(
        estimate_id=estimate.pk,
        user=finance,
        version=estimate.version,
        decision=BudgetStatus.APPROVED,
        approved=None,
        document_number="1/QĐ-UBND",
        document_date=date(2026, 3, 1),
    )
    estimate.refresh_from_db()
    assert (estimate.status, estimate.approved) == (BudgetStatus.APPROVED, estimate.requested)
    row = BudgetTransition.objects.filter(estimate=estimate).last()
    assert row is not None
    assert (row.document_number, row.document_date, row.amount) == (
        "1/QĐ-UBND",
        date(2026, 3, 1),
        estimate.requested,
    )


def test_a_step_not_in_the_table_is_refused_and_writes_nothing(world: World, estimate) -> None:
    finance = world.users[Role.FINANCE_OFFICER]
    with pytest.raises(ValidationError):
        budget.decide(
            estimate_id=estimate.pk,
            user=finance,
            version=estimate.version,
            decision=BudgetStatus.APPROVED,
            approved=1,
        )
    assert not BudgetTransition.objects.exists()
    assert budget.available(finance, estimate) == set()
    assert budget.available(world.users[Role.AGENCY_FOCAL_POINT], estimate) == {BudgetStatus.SUBMITTED}


def test_only_the_finance_officer_decides(world: World, estimate) -> None:
    budget.submit(estimate_id=estimate.pk, user=world.users[Role.AGENCY_FOCAL_POINT])
    estimate.refresh_from_db()
    with pytest.raises(PermissionDenied):
        budget.appraise(
            estimate_id=estimate.pk,
            user=world.users[Role.PROVINCE_ADMIN],
            version=estimate.version,
            amount=1,
            note="Giảm",
        )
    assert BudgetTransition.objects.count() == 1


def test_the_transitions_are_scoped_like_their_estimate(world: World, estimate) -> None:
    budget.submit(estimate_id=estimate.pk, user=world.users[Role.AGENCY_FOCAL_POINT])
    foreign = world.followups["foreign"]["estimate"]
    budget.submit(estimate_id=foreign.pk, user=world.users[Role.SYSTEM_ADMIN])
    seen = BudgetTransition.objects.for_user(world.users[Role.FINANCE_OFFICER])
    assert list(seen.values_list("estimate", flat=True)) == [estimate.pk]
