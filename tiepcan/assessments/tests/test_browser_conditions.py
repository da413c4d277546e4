"""In real Chromium: the Điều 4 questions save as they are ticked and unticked (no script in the page)."""

from __future__ import annotations

from datetime import date

import pytest

from tiepcan.accounts.choices import Role
from tiepcan.assessments import services
from tiepcan.assessments.models import Assessment
from tiepcan.frameworks import services as frameworks
from tiepcan.testing import PASSWORD, World, build_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def qd25(transactional_db: None) -> World:
    world = build_world()
    frameworks.load_shipped()
    world.periods["qd25"] = services.open_period(
        province=world.units["P1"],
        year=2024,
        framework=frameworks.latest("qd25-2021"),
        user=world.users[Role.PROVINCE_ADMIN],
        title="Đánh giá năm 2024",
        self_assessment_due=date(2024, 12, 15),
        dossier_due=date(2025, 1, 9),
    )
    return world


def test_ticking_party_discipline_keeps_the_verdict_and_administrative_discipline_changes_it(
    qd25: World, page, live_server
) -> None:
    assessment = qd25.periods["qd25"].assessments.get(unit=qd25.units["C1"])
    page.goto(f"{live_server.url}/dang-nhap/")
    page.fill("input[name=username]", qd25.users[Role.SYSTEM_ADMIN].username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/")
    page.goto(f"{live_server.url}/danh-gia/ho-so/{assessment.pk}/")
    panel = page.locator("#score-panel")

    page.check("#fact-head_party_disciplined")
    page.wait_for_function("() => document.querySelector('#version').value === '2'")
    assert "Không đủ điều kiện" not in panel.inner_text()
    page.check("#fact-head_admin_disciplined")
    page.wait_for_function("() => document.querySelector('#version').value === '3'")
    assert (
        "Không đủ điều kiện: Người đứng đầu cấp ủy hoặc chính quyền cấp xã bị xử lý kỷ luật hành chính"
        in panel.inner_text()
    )
    page.uncheck("#fact-head_admin_disciplined")
    page.wait_for_function("() => document.querySelector('#version').value === '4'")
    assert "Không đủ điều kiện" not in panel.inner_text()

    assessment = Assessment.objects.get(pk=assessment.pk)
    assert assessment.facts == {"head_party_disciplined": True, "head_admin_disciplined": False}
