"""In real Chromium: a province administrator completes QĐ 27's missing indicator without touching a file.

Drafts version 4 of ``qd27-2025`` from the shipped version 3 (13 indicators and the placeholder 2.7), writes
2.7 in the editor (each change autosaved and validated live), scores a sample commune, publishes,
activates the version for 2027, moves the open 2026 period onto it, and a commune officer then
answers 2.7 on the self-assessment form.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from tiepcan.accounts.choices import Role
from tiepcan.assessments.models import AssessmentPeriod
from tiepcan.frameworks.models import FrameworkActivation, FrameworkVersion
from tiepcan.testing import PASSWORD, World, build_period, build_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = Path(os.environ.get("TIEPCAN_SHOTS", "var/screenshots"))


@pytest.fixture
def cycle(transactional_db: None) -> World:
    world = build_world()
    build_period(world)
    return world


def sign_in(page: Any, base: str, username: str) -> None:
    page.context.clear_cookies()
    page.goto(f"{base}/dang-nhap/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{base}/")


def wait_for_lock(page: Any, lock: int) -> None:
    # A function, not an expression string: the page's Content-Security-Policy refuses eval.
    page.wait_for_function("n => document.querySelector('#draft-lock').value === String(n)", arg=lock)


def shoot(page: Any, name: str, at: str = "") -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    for width, height in ((1366, 900), (390, 844)):
        page.set_viewport_size({"width": width, "height": height})
        if at:
            page.locator(at).scroll_into_view_if_needed()
        page.screenshot(path=str(SHOTS / f"{name}-{width}.png"), full_page=False)
    page.set_viewport_size({"width": 1366, "height": 900})


def test_an_administrator_completes_the_missing_indicator_and_moves_the_period(
    cycle: World, page, live_server
) -> None:
    base = live_server.url
    shipped = FrameworkVersion.objects.get(code="qd27-2025", version=3)  # the version the period runs on
    period = cycle.periods["own"]
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", lambda m: errors.append(m.text) if "Content Security Policy" in m.text else None)
    page.on("dialog", lambda dialog: dialog.accept())
    sign_in(page, base, cycle.users[Role.PROVINCE_ADMIN].username)

    # Start a draft from the shipped version: the next version is 4.
    page.goto(f"{base}/bo-tieu-chi/{shipped.pk}/")
    page.click("text=Soạn phiên bản mới từ phiên bản này")
    page.select_option("#id_province", str(cycle.units["P1"].pk))
    page.click("button:has-text('Soạn phiên bản mới')")
    page.wait_for_url(f"{base}/bo-tieu-chi/ban-nhap/*/")

    # 2.7 is the seventh indicator of the second criterion: its form's prefix is i1-6.
    page.fill("#id_i1-6-title", "Tổ chức thực hiện nhiệm vụ phổ biến pháp luật theo Thông tư 15/2025/TT-BTP")
    page.press("#id_i1-6-title", "Tab")
    wait_for_lock(page, 2)
    page.uncheck("#id_i1-6-placeholder")
    wait_for_lock(page, 3)
    # Validated live by the engine: an indicator that is no longer a placeholder needs fields and a rule.
    assert "thiếu trường bắt buộc" in page.locator("#draft-problems").inner_text()
    page.select_option("#id_i1-6-quick", "yes_no")
    page.wait_for_selector("#errors-i1-6 .alert-danger")  # the question is missing: refused, kept as typed
    assert "Hãy ghi câu hỏi" in page.locator("#errors-i1-6").inner_text()
    page.fill("#id_i1-6-quick_label", "Đã tổ chức thực hiện đầy đủ nhiệm vụ")
    page.press("#id_i1-6-quick_label", "Tab")
    wait_for_lock(page, 4)
    page.check("#id_i1-6-evidence_signed")
    wait_for_lock(page, 5)
    assert "Bản nháp hợp lệ" in page.locator("#draft-problems").inner_text()
    shoot(page, "framework-editor", "#ind-1-6")
    page.evaluate("() => window.scrollTo(0, 0)")
    shoot(page, "framework-editor-top")

    # Score a sample commune from the draft.
    draft_url = page.url
    page.click("text=Xem thử, chấm thử")
    page.select_option('[name="v:2.7:met"]', "true")
    page.click("button:has-text('Chấm thử')")
    page.wait_for_selector("#sample-result")
    assert "Kết quả chấm thử" in page.locator("#sample-result").inner_text()
    shoot(page, "framework-preview")

    # Publish: version 4, immutable.
    page.goto(draft_url)
    page.fill("#id_note", "Bổ sung chỉ tiêu 2.7 theo Thông tư 15/2025/TT-BTP")
    page.click("button:has-text('Ban hành phiên bản mới')")
    page.wait_for_url(f"{base}/bo-tieu-chi/*/")
    v4 = FrameworkVersion.objects.get(code="qd27-2025", version=4)
    assert v4.supersedes == shipped
    indicator = next(i for c in v4.definition["criteria"] for i in c["indicators"] if i["code"] == "2.7")
    assert "placeholder" not in indicator and indicator["evidence"]["signed"] is True

    # Activate it for the next year (the open 2026 period moves onto it below).
    page.goto(f"{base}/bo-tieu-chi/")
    page.select_option("#id_framework", str(v4.pk))
    page.select_option("#id_province", str(cycle.units["P1"].pk))
    page.fill("#id_year", "2027")
    page.click("button:has-text('Áp dụng')")
    page.wait_for_selector("text=Đã áp dụng bộ tiêu chí cho năm 2027")
    assert FrameworkActivation.objects.get(province=cycle.units["P1"], year=2027).framework == v4

    # Move the open period, after a preview.
    page.goto(f"{base}/danh-gia/ky/{period.pk}/")
    page.click("text=Chuyển sang phiên bản đã sửa")
    page.select_option("#id_to", str(v4.pk))
    page.click("button:has-text('Xem trước')")
    page.wait_for_selector("#move-report")
    shoot(page, "period-move")
    page.fill("#id_reason", "Bổ sung chỉ tiêu 2.7 theo Thông tư 15/2025/TT-BTP")
    page.click("button:has-text('Chuyển kỳ đánh giá')")
    page.wait_for_url(f"{base}/danh-gia/ky/{period.pk}/")
    assert AssessmentPeriod.objects.get(pk=period.pk).framework == v4

    # The commune answers the new indicator and is scored on it.
    assessment = period.assessments.get(unit=cycle.units["N1"])
    sign_in(page, base, cycle.users[Role.COMMUNE_OFFICER].username)
    page.goto(f"{base}/danh-gia/ho-so/{assessment.pk}/")
    assert page.locator("#texts-pending").count() == 1
    page.select_option("#f-27-met", "true")
    page.wait_for_selector("#save-status.text-success")
    assessment.refresh_from_db()
    assert assessment.values["2.7"] == {"met": True}
    assert assessment.score is not None
    assert not errors, errors
