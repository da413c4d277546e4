"""In real Chromium: an agency is picked by typing its name without accents; the server searches
only the agencies in force for the plan's years, and the choice is saved (issue 13)."""

from __future__ import annotations

from typing import Any

import pytest

from tiepcan.accounts.choices import Role
from tiepcan.frameworks.tests.test_browser_editor import shoot
from tiepcan.plans.choices import AgencyRole
from tiepcan.plans.tests import test_browser_plan_editor
from tiepcan.plans.tests.test_browser_plan_editor import _sign_in
from tiepcan.testing import World
from tiepcan.units.models import Agency

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
seeded = test_browser_plan_editor.seeded  # the fixture: the seed plan of P1 and the demo agencies


def test_typing_finds_an_agency_on_the_server_and_the_choice_is_saved(
    seeded: World, page: Any, live_server: Any
) -> None:
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", lambda m: errors.append(m.text) if "Content Security Policy" in m.text else None)
    _sign_in(page, live_server, seeded.users[Role.PROVINCE_ADMIN].username)
    activity = seeded.plan.activities.exclude(agency_links__agency__code="so-tai-chinh").first()
    finance = Agency.objects.get(unit=seeded.units["P1"], code="so-tai-chinh")
    page.goto(f"{live_server.url}/ke-hoach/hoat-dong/{activity.pk}/sua/")
    assert page.locator("select[name=coordinating]").count() == 0
    box = page.locator("#id_coordinating_tim")
    assert box.get_attribute("placeholder") == "Gõ tên cơ quan, không cần dấu"
    box.fill("so tai chinh")
    option = page.locator(f"#id_coordinating_results #id_coordinating_{finance.pk}")
    option.wait_for()
    label = page.locator(f"label[for=id_coordinating_{finance.pk}]").inner_text()
    assert finance.name in label and "Tỉnh" in label  # its area, and its validity
    assert "cơ quan phù hợp" in page.locator("#id_coordinating_status").inner_text()
    box.press("Enter")  # searches, does not send the form
    assert "/sua/" in page.url
    option.check()
    # Chosen, it moves up beside the other chosen agencies and stays there through the next search.
    chosen = page.locator(f"#id_coordinating_picker [data-tc-picker-selected] #id_coordinating_{finance.pk}")
    assert chosen.is_checked()
    box.fill("bo tu phap")
    page.locator("#id_coordinating_results input").first.wait_for()
    assert chosen.is_checked()
    shoot(page, "agency-picker", "#id_coordinating_picker")
    page.fill("input[name=amendment_number]", "20/KH-UBND")
    page.fill("input[name=amendment_date]", "15/03/2026")
    page.fill("textarea[name=amendment_summary]", "Bổ sung Sở Tài chính phối hợp.")
    page.click("button:text('Lưu')")
    page.wait_for_selector(".alert-success")
    assert activity.agency_links.filter(role=AgencyRole.COORDINATING, agency=finance).exists()
    assert errors == []


def test_the_report_requests_agencies_follow_the_year_typed_on_the_form(
    seeded: World, page: Any, live_server: Any
) -> None:
    from playwright.sync_api import expect

    _sign_in(page, live_server, seeded.users[Role.PROVINCE_ADMIN].username)
    page.goto(f"{live_server.url}/bao-cao-dinh-ky/them/")
    district = Agency.objects.get(unit=seeded.units["D1"], code="ubnd-huyen")
    found = page.locator(f"#id_agencies_results #id_agencies_{district.pk}")
    page.fill("#id_year", "2025")
    page.fill("#id_agencies_tim", "uy ban nhan dan huyen")
    expect(found).to_have_count(1)  # it acted until 30/6/2025
    assert "hiệu lực đến 30/06/2025" in page.locator(f"label[for=id_agencies_{district.pk}]").inner_text()
    page.fill("#id_year", "2026")
    page.locator("#id_year").dispatch_event("change")  # as leaving the field does
    expect(found).to_have_count(0)
    expect(page.locator("#id_agencies_status")).to_contain_text("Không có cơ quan nào phù hợp")
