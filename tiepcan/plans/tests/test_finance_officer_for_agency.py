"""A finance officer assigned *for* the Department of Finance appraises every estimate of the province.

The demo's (and a real province's) finance officer is held for Sở Tài chính, so as to report on
the tasks the plan gives that department; the estimates are every agency's. Held for the agency,
the role once saw only Sở Tài chính's own estimates: none, an empty home and budget list.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from tiepcan.accounts.choices import Action, Role
from tiepcan.accounts.models import RoleAssignment
from tiepcan.accounts.permissions import forget_grants, grants_for
from tiepcan.plans import budget
from tiepcan.plans.choices import BudgetStatus
from tiepcan.plans.models import BudgetEstimate
from tiepcan.testing import World, build_plan
from tiepcan.units.choices import AgencyKind
from tiepcan.units.models import Agency

pytestmark = pytest.mark.django_db


@pytest.fixture
def finance(world: World):
    """The world's finance officer, held at the province for its Department of Finance instead."""
    build_plan(world)
    officer = world.users[Role.FINANCE_OFFICER]
    department = Agency.objects.create(
        unit=world.units["P1"], code="so-tai-chinh", name="Sở Tài chính", kind=AgencyKind.FINANCE_DEPARTMENT
    )
    RoleAssignment.objects.filter(user=officer).update(agency=department)
    forget_grants(officer)
    return officer


def test_it_sees_and_appraises_the_estimate_of_another_agency(world: World, finance, login) -> None:
    estimate = world.followups["own"]["estimate"]  # Sở Tư pháp's
    budget.submit(estimate_id=estimate.pk, user=world.users[Role.AGENCY_FOCAL_POINT])
    assert set(BudgetEstimate.objects.for_user(finance, Action.MANAGE_BUDGET)) == {estimate}
    client = login(finance)
    home = client.get(reverse("home")).content.decode()
    assert "Dự toán chờ thẩm định" in home and "150.000.000 đ" in home
    listed = client.get(reverse("plans:budget_list")).content.decode()
    assert "Sở Tư pháp tỉnh Thử Nghiệm" in listed
    estimate.refresh_from_db()
    budget.appraise(
        estimate_id=estimate.pk,
        user=finance,
        version=estimate.version,
        amount=140_000_000,
        note="Bớt hội nghị",
    )
    estimate.refresh_from_db()
    assert (estimate.status, estimate.appraised) == (BudgetStatus.APPRAISED, 140_000_000)


def test_the_neighbouring_province_stays_out_of_reach(world: World, finance) -> None:
    other = world.followups["foreign"]["estimate"]
    assert not BudgetEstimate.objects.for_user(finance, Action.MANAGE_BUDGET).filter(pk=other.pk).exists()
    assert not BudgetEstimate.objects.for_user(finance, Action.VIEW).filter(pk=other.pk).exists()


def test_it_still_reports_progress_for_its_own_department_only(world: World, finance) -> None:
    grants = grants_for(finance)
    department = Agency.objects.get(code="so-tai-chinh")
    assert grants.agency_ids_by_action[Action.REPORT_PROGRESS] == {department.pk}
    assert not grants.allows_agency(Action.REPORT_PROGRESS, world.agencies["stp1"])
