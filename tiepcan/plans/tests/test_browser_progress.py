"""In real Chromium: a focal point reports a task done with an output file; the province sees it done."""

from __future__ import annotations

import pytest

from tiepcan.accounts.choices import Role
from tiepcan.plans.models import OutputDocument, Task
from tiepcan.testing import PASSWORD, World, build_plan, build_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def planned(transactional_db: None, settings, tmp_path) -> World:
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path)},
        },
    }
    world = build_world()
    build_plan(world)
    return world


def _sign_in(page, live_server, username: str) -> None:
    page.goto(f"{live_server.url}/dang-nhap/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/")


def test_a_focal_point_reports_a_task_done_and_the_province_sees_it(
    planned: World, page, live_server, tmp_path
) -> None:
    task = planned.tasks["stp1"]
    evidence = tmp_path / "huong-dan.pdf"
    evidence.write_bytes(b"%PDF-1.7\n1 0 obj <<>> endobj\n%%EOF")

    _sign_in(page, live_server, planned.users[Role.AGENCY_FOCAL_POINT].username)
    page.click("nav >> text=Nhiệm vụ của tôi")
    page.click(f"a[href='/nhiem-vu/{task.pk}/']")
    page.select_option("select[name=status]", "done")
    page.fill("input[name=progress]", "100")
    page.fill("textarea[name=note]", "Đã ban hành văn bản hướng dẫn năm 2026.")
    page.select_option("select[name=output_kind]", "guidance_document")
    page.fill("input[name=output_title]", "Hướng dẫn đánh giá chuẩn tiếp cận pháp luật năm 2026")
    page.fill("input[name=output_number]", "12/HD-STP")
    page.set_input_files("input[name=output_file]", str(evidence))
    page.click("button:text('Gửi báo cáo')")
    page.wait_for_selector(".alert-success")
    assert "Đã ghi báo cáo tiến độ" in page.locator(".alert-success").inner_text()
    assert Task.objects.get(pk=task.pk).status == "done"
    stored = OutputDocument.objects.get().file.name
    assert stored is not None and stored.endswith(".pdf")

    page.context.clear_cookies()
    _sign_in(page, live_server, planned.users[Role.PROVINCE_ADMIN].username)
    page.goto(f"{live_server.url}/nhiem-vu/?trang_thai=done")
    row = page.locator("tr", has_text="Sở Tư pháp tỉnh Thử Nghiệm").first
    assert "Hoàn thành" in row.inner_text()
    page.click(f"a[href='/nhiem-vu/{task.pk}/']")
    # The click starts a navigation: read the task page once it has loaded, not the list.
    page.wait_for_url(f"**/nhiem-vu/{task.pk}/")
    page.wait_for_selector("text=12/HD-STP")
    assert "12/HD-STP" in page.content()
    with page.expect_download() as download:
        page.click("text=tải tệp")
    assert download.value.suggested_filename.endswith(".pdf")
