"""In real Chromium at a phone's width: the finance officer held for Sở Tài chính goes from the
home's "Dự toán chờ thẩm định" line to another agency's estimate and appraises it (issue 14)."""

from __future__ import annotations

from typing import Any

import pytest

from tiepcan.accounts.choices import Role
from tiepcan.accounts.models import RoleAssignment
from tiepcan.plans import budget
from tiepcan.plans.choices import BudgetStatus
from tiepcan.plans.tests.test_browser_plan_editor import _sign_in
from tiepcan.testing import World, build_plan
from tiepcan.units.choices import AgencyKind
from tiepcan.units.models import Agency

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_finance_officer_appraises_from_the_home_page_on_a_phone(
    world: World, page: Any, live_server: Any
) -> None:
    build_plan(world)
    officer = world.users[Role.FINANCE_OFFICER]
    department = Agency.objects.create(
        unit=world.units["P1"], code="so-tai-chinh", name="Sở Tài chính", kind=AgencyKind.FINANCE_DEPARTMENT
    )
    RoleAssignment.objects.filter(user=officer).update(agency=department)
    estimate = world.followups["own"]["estimate"]  # Sở Tư pháp's, 150.000.000 đ
    budget.submit(estimate_id=estimate.pk, user=world.users[Role.AGENCY_FOCAL_POINT])
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.set_viewport_size({"width": 390, "height": 844})
    _sign_in(page, live_server, officer.username)
    line = page.locator("#todo-finance_officer li", has_text="Dự toán chờ thẩm định")
    assert "150.000.000 đ" in line.inner_text()
    line.get_by_role("link").click()
    page.locator("tbody tr", has_text="Sở Tư pháp tỉnh Thử Nghiệm").get_by_role("link").first.click()
    page.fill("input[name=amount]", "150.000.000")
    page.click("button:text('Ghi kết quả thẩm định')")
    page.wait_for_selector(".alert-success")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    estimate.refresh_from_db()
    assert (estimate.status, estimate.appraised) == (BudgetStatus.APPRAISED, 150_000_000)
    assert errors == []
