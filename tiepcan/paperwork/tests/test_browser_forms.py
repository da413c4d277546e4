"""The form pages in a real browser: the layouts list with its upload, and the council's form links."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page

from tiepcan.accounts.choices import Role
from tiepcan.assessments.tests.test_browser_journey import sign_in
from tiepcan.paperwork.builder import default_template
from tiepcan.paperwork.models import FormTemplate
from tiepcan.paperwork.tests.world import build_cycle
from tiepcan.testing import World

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]


def test_an_administrator_uploads_a_layout_and_the_council_downloads_its_forms(
    world: World, page: Page, live_server, tmp_path: Path
) -> None:
    build_cycle(world)
    base = live_server.url
    sign_in(page, base, world.users[Role.PROVINCE_ADMIN])
    page.goto(f"{base}/bieu-mau/")
    assert "cần đối chiếu với Phụ lục II chính thức" in page.content()
    template = tmp_path / "mau-02.docx"
    template.write_bytes(default_template("02"))
    page.select_option("#id_code", "02")
    page.set_input_files("#id_file", str(template))
    page.click("text=Tải lên và dùng")
    page.wait_for_selector("text=Đã nhận Mẫu 02 phiên bản 1")
    assert FormTemplate.objects.get().is_active
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=str(tmp_path / f"bieu-mau-{width}.png"), full_page=True)
        # The page's own content fits (the navigation bar above it is the base layout's).
        wide = page.evaluate(
            "[...document.querySelectorAll('main *')].filter(e => e.getBoundingClientRect().right > "
            "document.documentElement.clientWidth + 1).map(e => e.tagName + '.' + e.className).slice(0, 5)"
        )
        assert not wide, wide
