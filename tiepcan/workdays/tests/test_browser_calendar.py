"""In real Chromium: a province administrator adds a bridge day and takes a library day out."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from tiepcan.accounts.choices import Role
from tiepcan.frameworks.tests.test_browser_editor import shoot, sign_in
from tiepcan.testing import World, build_world
from tiepcan.workdays.calendar import add_working_days, seed_year
from tiepcan.workdays.models import CalendarDay

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def admins(transactional_db: None) -> World:
    return build_world()


def test_an_administrator_keeps_the_working_day_calendar(admins: World, page: Any, live_server: Any) -> None:
    base = live_server.url
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", lambda m: errors.append(m.text) if "Content Security Policy" in m.text else None)
    seed_year(2026)
    sign_in(page, base, admins.users[Role.PROVINCE_ADMIN].username)
    page.click("text=Quản trị")
    page.click("text=Lịch ngày làm việc")
    page.fill("#id_nam", "2026")
    page.click("button:has-text('Xem')")
    page.wait_for_selector("text=Lịch ngày làm việc năm 2026")

    page.fill("#id_day", "31/12/2026")
    page.select_option("#id_kind", "off")
    page.fill("#id_name", "Nghỉ bắc cầu theo thông báo (thử)")
    page.click("button:has-text('Lưu')")
    page.wait_for_selector("text=Đã thêm ngày 31/12/2026 vào lịch.")
    assert add_working_days(date(2026, 12, 30), 1) == date(2027, 1, 4)

    row = page.locator("tr", has_text="31/08/2026")
    row.locator("button:has-text('Bỏ ngày này')").click()
    page.wait_for_selector("text=Đã bỏ ngày 31/08/2026")
    assert not CalendarDay.objects.get(day=date(2026, 8, 31)).day_off
    shoot(page, "workdays-calendar")
    assert errors == []
