"""In real Chromium: the self-assessment form saves each input as it changes and rescores live."""

from __future__ import annotations

import pytest

from tiepcan.accounts.choices import Role
from tiepcan.core.testing import PASSWORD, World, build_period, build_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def cycle(transactional_db: None) -> World:
    world = build_world()
    build_period(world)
    return world


def test_an_officer_fills_the_form_and_sees_the_score_move(cycle: World, page, live_server) -> None:  # type: ignore[no-untyped-def]
    assessment = cycle.periods["own"].assessments.get(unit=cycle.units["N1"])
    page.goto(f"{live_server.url}/dang-nhap/")
    page.fill("input[name=username]", cycle.users[Role.COMMUNE_OFFICER].username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/")
    page.goto(f"{live_server.url}/danh-gia/ho-so/{assessment.pk}/")

    page.select_option("#f-21-listed", "true")
    page.wait_for_selector("#save-status.text-success")
    assert "1/6 chỉ tiêu" in page.locator("#score-panel").inner_text()

    page.fill("#f-32-received", "5")
    page.locator("#f-32-received").dispatch_event("change")
    page.wait_for_function("document.querySelector('#version').value === '3'")
    page.fill("#f-32-mediated", "9")
    page.locator("#f-32-mediated").dispatch_event("change")
    page.wait_for_selector("#save-status.text-danger")
    assert "không được lớn hơn số vụ tiếp nhận" in page.locator("#save-status").inner_text()

    assessment.refresh_from_db()
    assert assessment.values["2.1"]["listed"] is True
    assert assessment.values["3.2"] == {"received": 5}
