"""In real Chromium: the agency lists of the plan editor are searchable, accents ignored."""

from __future__ import annotations

from typing import Any

import pytest

from tiepcan.accounts.choices import Role
from tiepcan.frameworks.tests.test_browser_editor import shoot
from tiepcan.plans.tests import test_browser_plan_editor
from tiepcan.plans.tests.test_browser_plan_editor import _sign_in
from tiepcan.testing import World

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
seeded = test_browser_plan_editor.seeded  # the fixture: the seed plan of P1


def test_typing_in_the_search_box_keeps_the_matching_agencies(
    seeded: World, page: Any, live_server: Any
) -> None:
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", lambda m: errors.append(m.text) if "Content Security Policy" in m.text else None)
    _sign_in(page, live_server, seeded.users[Role.PROVINCE_ADMIN].username)
    activity = seeded.plan.activities.first()
    page.goto(f"{live_server.url}/ke-hoach/hoat-dong/{activity.pk}/sua/")
    box = page.locator("#id_lead_loc")
    assert box.get_attribute("placeholder") == "Gõ tên để tìm cơ quan"
    total = page.locator("#id_lead option").count()
    box.fill("so tu phap")
    visible = page.eval_on_selector_all(
        "#id_lead option", "options => options.filter(o => !o.hidden).map(o => o.textContent)"
    )
    assert 0 < len(visible) < total
    assert any("Sở Tư pháp" in text for text in visible)
    page.keyboard.press("Enter")  # filters, does not send the form
    assert "/sua/" in page.url
    shoot(page, "agency-filter", "#id_lead_loc")
    assert errors == []
