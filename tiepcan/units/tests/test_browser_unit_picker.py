"""In real Chromium, by keyboard only: find a unit without diacritics, choose it, keep it, save."""

from __future__ import annotations

import pytest

from tiepcan.accounts.choices import Role
from tiepcan.accounts.models import RoleAssignment
from tiepcan.testing import PASSWORD, World, build_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def browser_world(transactional_db: None) -> World:
    return build_world()


def test_an_administrator_assigns_a_role_at_a_unit_found_by_keyboard(
    browser_world: World, page, live_server
) -> None:
    admin, target = browser_world.users[Role.SYSTEM_ADMIN], browser_world.users["target"]
    page.goto(f"{live_server.url}/dang-nhap/")
    page.fill("input[name=username]", admin.username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/")
    url = f"{live_server.url}/nguoi-dung/{target.pk}/"
    page.goto(url)
    page.select_option("#id_role", Role.COMMUNE_CHAIRMAN)

    # The field's label names the search box.
    page.get_by_role("searchbox", name="Đơn vị").focus()
    with page.expect_response(lambda r: "/don-vi/chon/" in r.url and "dong" in r.url):
        page.keyboard.type("dong tam", delay=20)
    results = page.locator("#id_unit_results")
    results.get_by_text("Xã Đồng Tâm").wait_for()
    assert "Tỉnh Thử Nghiệm" in results.inner_text()
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Space")
    chosen = page.locator("[data-tc-picker-selected] input:checked")
    assert chosen.get_attribute("value") == str(browser_world.units["N1"].pk)

    # Searching again, and Enter in the search box, neither send the form nor lose the choice.
    page.focus("#id_unit_tim")
    page.keyboard.press("Control+A")
    with page.expect_response(lambda r: "/don-vi/chon/" in r.url and "au" in r.url):
        page.keyboard.type("au co", delay=20)
        page.keyboard.press("Enter")
    results.get_by_text("Phường Âu Cơ").wait_for()
    assert page.url == url
    assert chosen.get_attribute("value") == str(browser_world.units["N1"].pk)
    assert "Xã Đồng Tâm" not in results.inner_text()

    page.click("button:text('Gán vai trò')")
    page.wait_for_selector(".alert-success")
    assert RoleAssignment.objects.filter(
        user=target, role=Role.COMMUNE_CHAIRMAN, unit=browser_world.units["N1"]
    ).exists()
