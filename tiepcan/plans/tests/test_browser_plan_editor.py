"""In real Chromium, the issue's "done means": a province copies the seed plan into 2026–2030, edits
two activities, publishes it; this year's tasks appear; a focal point reports one done; the finance
officer records a 2026 estimate appraised and approved; the plan downloads as .docx."""

from __future__ import annotations

from io import BytesIO
from pathlib import Path

import pytest

from tiepcan.accounts.choices import Role
from tiepcan.demo import agencies
from tiepcan.lib.text import fold
from tiepcan.plans import editor, services
from tiepcan.plans.choices import PlanStatus, TaskStatus
from tiepcan.plans.models import Activity, BudgetEstimate, Plan, Task
from tiepcan.testing import PASSWORD, World, build_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SEED = Path(__file__).resolve().parents[1] / "data" / "ke-hoach-lang-son-2017.yaml"


@pytest.fixture
def seeded(transactional_db: None) -> World:
    world = build_world()
    agencies.load(world.units["P1"])
    plan, problems = services.load_plan(SEED.read_text(encoding="utf-8"), world.units["P1"])
    assert plan is not None, problems
    editor.sync_tasks(plan)
    world.plan = plan
    return world


def _sign_in(page, live_server, username: str) -> None:
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/dang-nhap/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/")


def test_a_province_copies_edits_and_publishes_this_periods_plan_and_people_work_on_it(
    seeded: World, page, live_server
) -> None:
    from docx import Document
    from playwright.sync_api import expect

    url = live_server.url
    _sign_in(page, live_server, seeded.users[Role.PROVINCE_ADMIN].username)
    page.goto(f"{url}/ke-hoach/")
    page.click("text=Soạn kế hoạch mới")
    page.select_option("select[name=province]", str(seeded.units["P1"].pk))
    page.select_option("select[name=copy_from]", str(seeded.plan.pk))
    page.fill("input[name=number]", "15/KH-UBND")
    page.fill("input[name=issued_on]", "20/01/2026")
    # The issuer is found by typing its name without accents (units/widgets.py, the agency picker).
    issuer = seeded.plan.issuer
    page.fill("#id_issuer_tim", fold(issuer.name))
    expect(page.locator("#id_issuer_results input")).to_have_count(1)
    page.locator(f"#id_issuer_results #id_issuer_{issuer.pk}").check()
    page.fill("input[name=signer_name]", "Nguyễn Văn Ký")
    page.fill("input[name=signer_title]", "Chủ tịch")
    page.fill(
        "textarea[name=title]",
        "Kế hoạch triển khai xây dựng xã, phường đạt chuẩn tiếp cận pháp luật 2026-2030",
    )
    page.fill("input[name=start_year]", "2026")
    page.fill("input[name=end_year]", "2030")
    page.select_option("select[name=rules]", "qd27-2025")
    page.fill(
        "textarea[name=legal_bases]", "Quyết định số 27/2025/QĐ-TTg ngày 04/8/2025 của Thủ tướng Chính phủ"
    )
    page.click("button:text('Lưu')")
    page.wait_for_selector(".alert-success")
    plan = Plan.objects.get(start_year=2026)
    assert plan.status == PlanStatus.DRAFT and "Dự thảo" in page.content()

    # Two activities edited: a new wording, and a yearly deadline of 30 November.
    first = Activity.objects.get(plan=plan, group__number="1", number=1)
    page.click(f"a[href='/ke-hoach/hoat-dong/{first.pk}/sua/']")
    page.fill("textarea[name=title]", "Ban hành văn bản hướng dẫn thực hiện Quyết định 27/2025/QĐ-TTg")
    page.click("button:text('Lưu')")
    page.wait_for_selector(".alert-success")
    second = Activity.objects.get(plan=plan, group__number="2", number=4)
    page.click(f"a[href='/ke-hoach/hoat-dong/{second.pk}/sua/']")
    page.select_option("select[name=schedule_kind]", "yearly")
    page.fill("input[name=due_month]", "11")
    page.fill("input[name=due_day]", "30")
    page.fill("input[name=schedule_text]", "Trước ngày 30 tháng 11 hằng năm.")
    page.click("button:text('Lưu')")
    page.wait_for_selector(".alert-success")
    assert "Quyết định 27/2025" in page.content()

    page.click("button:text('Ban hành')")
    page.wait_for_selector(".alert-success")
    assert "Đã ban hành kế hoạch" in page.locator(".alert-success").inner_text()
    assert Task.objects.filter(activity__plan=plan, year=2026).exists()

    with page.expect_download() as download:
        page.click("text=Tải văn bản (.docx)")
    document = Document(BytesIO(Path(download.value.path()).read_bytes()))
    assert any("Quyết định 27/2025/QĐ-TTg" in p.text for p in document.paragraphs)

    # The justice department's focal point finds this year's task and reports it done.
    task = Task.objects.get(activity=first, year=2026)
    _sign_in(page, live_server, seeded.users[Role.AGENCY_FOCAL_POINT].username)
    page.goto(f"{url}/nhiem-vu/cua-toi/?nam=2026")
    page.click(f"a[href='/nhiem-vu/{task.pk}/']")
    page.select_option("select[name=status]", "done")
    page.fill("input[name=progress]", "100")
    page.fill("textarea[name=note]", "Đã ban hành hướng dẫn năm 2026.")
    page.click("button:text('Gửi báo cáo')")
    page.wait_for_selector(".alert-success")
    assert Task.objects.get(pk=task.pk).status == TaskStatus.DONE

    # A 2026 estimate against the plan in force is decided by the finance officer.
    estimate = BudgetEstimate.objects.create(
        plan=plan, year=2026, agency=seeded.agencies["stp1"], requested=150_000_000, status="submitted"
    )
    _sign_in(page, live_server, seeded.users[Role.FINANCE_OFFICER].username)
    page.goto(f"{url}/kinh-phi/{estimate.pk}/")
    page.click("button:text('Ghi kết quả thẩm định')")  # appraised at the amount requested
    page.wait_for_selector(".alert-success")
    page.select_option("select[name=decision]", "approved")
    page.fill("input[name=document_number]", "25/QĐ-UBND")
    page.fill("input[name=document_date]", "20/03/2026")
    page.click("button:text('Ghi quyết định phê duyệt')")
    page.wait_for_selector(".alert-success")
    estimate.refresh_from_db()
    assert (estimate.status, estimate.approved, estimate.approval_number) == (
        "approved",
        150_000_000,
        "25/QĐ-UBND",
    )
