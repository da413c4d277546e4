"""A commune officer signs in in real Chromium, sees their commune, and is kept out of another."""

from __future__ import annotations

import pytest

from tiepcan.accounts.choices import Role
from tiepcan.testing import PASSWORD, World, build_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def browser_world(transactional_db: None) -> World:
    return build_world()


def test_a_commune_officer_sees_their_commune_and_not_another(
    browser_world: World, page, live_server
) -> None:
    officer = browser_world.users[Role.COMMUNE_OFFICER]
    page.goto(f"{live_server.url}/dang-nhap/")
    assert page.locator("h2").inner_text() == "Đăng nhập"
    page.fill("input[name=username]", officer.username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/")
    assert "Xã Đồng Tâm" in page.content()

    page.click("nav >> text=Danh mục")
    page.click(".dropdown-menu >> text=Đơn vị hành chính")
    page.wait_for_url("**/don-vi/**")
    assert page.locator("table").inner_text().count("Xã Đồng Tâm") == 1
    page.click("a:text('Xã Đồng Tâm')")
    assert page.locator("h1").inner_text() == "Xã Đồng Tâm"

    other = browser_world.units["N3"]
    response = page.goto(f"{live_server.url}/don-vi/{other.pk}/")
    assert response is not None and response.status == 404
    assert "Không tìm thấy" in page.content()
    assert "Xã Biên Giới" not in page.content()


def test_a_wrong_password_shows_a_vietnamese_message(browser_world: World, page, live_server) -> None:
    page.goto(f"{live_server.url}/dang-nhap/")
    page.fill("input[name=username]", browser_world.users[Role.COMMUNE_OFFICER].username)
    page.fill("input[name=password]", "khong-dung")
    page.click("button[type=submit]")
    assert "Tên đăng nhập hoặc mật khẩu không đúng" in page.locator(".alert-danger").inner_text()
