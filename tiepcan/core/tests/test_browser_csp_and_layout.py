"""In real Chromium: the main pages break no CSP rule, fit a 390 px phone, and keep text legible.

Chromium reports each thing the Content-Security-Policy blocks (an inline style, an
inline handler, eval) as a console error naming the policy; the tests fail on any.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from tiepcan.accounts.choices import Role
from tiepcan.testing import PASSWORD, World, build_period, build_plan, build_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1366, "height": 768}

# WCAG 2.1 AA contrast of every visible text on a page: the text colour (blended when it is
# translucent) against the backgrounds behind it, composed from the root down.
CONTRAST_JS = """() => {
  const parse = (text) => {
    const m = text.match(/rgba?\\(([^)]+)\\)/);
    if (!m) return null;
    const p = m[1].split(/[\\s,\\/]+/).filter(Boolean).map(Number);
    return [p[0], p[1], p[2], p.length > 3 ? p[3] : 1];
  };
  const over = (top, under) => [0, 1, 2].map((i) => top[i] * top[3] + under[i] * (1 - top[3])).concat([1]);
  const lum = (c) => {
    const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
    return 0.2126 * f(c[0]) + 0.7152 * f(c[1]) + 0.0722 * f(c[2]);
  };
  const hex = (c) => "#" + c.slice(0, 3).map((v) => Math.round(v).toString(16).padStart(2, "0")).join("");
  const out = [];
  const seen = new Set();
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode;
    const el = node.parentElement;
    if (!el || seen.has(el) || !node.textContent.trim()) continue;
    seen.add(el);
    // Not text a sighted user reads against its box: hidden, SVG, disabled, native options.
    if (el.closest("svg, option, [aria-hidden=true], .visually-hidden, .visually-hidden-focusable, [disabled], .disabled")) continue;
    const rect = el.getBoundingClientRect();
    if (!rect.width || !rect.height || !el.checkVisibility({opacityProperty: true, visibilityProperty: true})) continue;
    const chain = [];
    for (let e = el; e; e = e.parentElement) chain.unshift(e);
    let bg = [255, 255, 255, 1];
    for (const e of chain) {
      const c = parse(getComputedStyle(e).backgroundColor);
      if (c && c[3] > 0) bg = over(c, bg);
    }
    const style = getComputedStyle(el);
    const fg = over(parse(style.color), bg);
    const l1 = lum(fg), l2 = lum(bg);
    const ratio = (Math.max(l1, l2) + 0.05) / (Math.min(l1, l2) + 0.05);
    const size = parseFloat(style.fontSize), bold = parseInt(style.fontWeight, 10) >= 700;
    const large = size >= 24 || (bold && size >= 18.66);
    if (ratio < (large ? 3 : 4.5)) {
      out.push(`${el.tagName.toLowerCase()}.${[...el.classList].join(".")} "${node.textContent.trim().slice(0, 30)}": ${hex(fg)} on ${hex(bg)} = ${ratio.toFixed(2)}:1`);
    }
  }
  return out;
}"""


@pytest.fixture
def cycle(transactional_db: None, settings, tmp_path) -> World:
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path)},
        },
    }
    world = build_world()
    build_plan(world)
    build_period(world)
    posted = world.periods["own"].assessments.get(unit=world.units["N1"])
    posted.status, posted.posted_at = "posted", timezone.now()
    posted.save(update_fields=["status", "posted_at"])
    return world


def signed_in_pages(world: World) -> list[str]:
    """The pages a province administrator works in every day."""
    period = world.periods["own"]
    f = world.followups["own"]
    return [
        reverse("home"),
        reverse("units:unit_list"),
        reverse("units:unit_detail", kwargs={"pk": world.units["N1"].pk}),
        reverse("units:agency_list"),
        reverse("units:agency_create"),
        reverse("accounts:user_list"),
        reverse("accounts:user_create"),
        reverse("accounts:user_detail", kwargs={"pk": world.users["target"].pk}),
        reverse("plans:plan_list"),
        reverse("plans:plan_detail", kwargs={"pk": world.plan.pk}),
        reverse("plans:task_list"),
        reverse("plans:task_detail", kwargs={"pk": world.tasks["stp1"].pk}),
        reverse("plans:timeline"),
        reverse("plans:calendar"),
        reverse("plans:inspection_list"),
        reverse("plans:inspection_detail", kwargs={"pk": f["inspection"].pk}),
        reverse("plans:budget_list"),
        reverse("plans:budget_detail", kwargs={"pk": f["estimate"].pk}),
        reverse("plans:report_request_list"),
        reverse("plans:staff_list"),
        reverse("frameworks:framework_list"),
        reverse("assessments:period_list"),
        reverse("assessments:period_detail", kwargs={"pk": period.pk}),
        reverse(
            "assessments:assessment_detail", kwargs={"pk": period.assessments.get(unit=world.units["N2"]).pk}
        ),
        reverse("assessments:council", kwargs={"pk": period.pk}),
        reverse(
            "assessments:council_dossier", kwargs={"pk": period.assessments.get(unit=world.units["N2"]).pk}
        ),
        reverse("assessments:decisions", kwargs={"pk": period.pk}),
        reverse("plans:improvement", kwargs={"pk": period.pk}),
        reverse("dashboards:province"),
        reverse("core:notification_list"),
        reverse("core:audit_list"),
        reverse("accounts:profile"),
        reverse("api:key_list"),
        reverse("api:key_create"),
    ]


def public_pages(world: World) -> list[str]:
    posted = world.periods["own"].assessments.get(unit=world.units["N1"])
    return [
        reverse("accounts:login"),
        reverse("portal:results"),
        reverse("portal:posting", kwargs={"pk": posted.pk}),
        "/khong-co-trang-nay/",
    ]


def watch_console(page: Any) -> list[str]:
    reports: list[str] = []
    page.on(
        "console",
        lambda m: (
            reports.append(m.text) if "Content Security Policy" in m.text or "Refused to" in m.text else None
        ),
    )
    page.on("pageerror", lambda error: reports.append(f"page error: {error}"))
    return reports


def sign_in(page: Any, live_server: Any, username: str) -> None:
    page.goto(f"{live_server.url}/dang-nhap/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/")


def test_the_main_pages_run_under_the_policy_without_a_violation(cycle: World, page, live_server) -> None:
    page.set_viewport_size(DESKTOP)
    reports = watch_console(page)
    failures: list[str] = []

    def visit(url: str) -> None:
        response = page.goto(f"{live_server.url}{url}")
        page.wait_for_load_state("networkidle")
        if "content-security-policy" not in response.headers:
            failures.append(f"{url}: no Content-Security-Policy header")
        failures.extend(f"{url}: {r}" for r in reports)
        reports.clear()

    # Public pages, and the language switch that used an inline onchange handler.
    for url in public_pages(cycle):
        visit(url)
    page.goto(f"{live_server.url}/dang-nhap/")
    with page.expect_navigation():
        page.select_option("#tc-lang", "en")
    assert page.locator("html").get_attribute("lang") == "en"
    with page.expect_navigation():
        page.select_option("#tc-lang", "vi")
    assert page.locator("html").get_attribute("lang") == "vi"

    sign_in(page, live_server, cycle.users[Role.PROVINCE_ADMIN].username)
    for url in signed_in_pages(cycle):
        visit(url)

    # Bootstrap's dropdowns position themselves with styles set from script: allowed.
    page.goto(f"{live_server.url}/")
    page.click(".tc-topbar .dropdown-toggle >> nth=-1")
    page.wait_for_selector(".dropdown-menu-end.show")
    # htmx swaps in search results (and would inject its indicator style, were it not off).
    page.goto(f"{live_server.url}{reverse('units:unit_list')}")
    with page.expect_response(
        lambda r: "/don-vi/" in r.url and r.request.headers.get("hx-request") == "true"
    ):
        page.fill("#q", "dong tam")
    page.wait_for_load_state("networkidle")
    # A confirmation that used an inline onsubmit handler: answering "no" sends nothing.
    page.goto(f"{live_server.url}{reverse('accounts:user_detail', kwargs={'pk': cycle.users['target'].pk})}")
    questions: list[str] = []

    def answer_no(dialog: Any) -> None:
        questions.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", answer_no)
    page.click("button:text('Đặt lại mật khẩu')")
    assert questions == ["Đặt lại mật khẩu cho người này?"]
    assert "/nguoi-dung/" in page.url and "Đã đặt lại" not in page.content()
    failures += [f"interactions: {r}" for r in reports]
    assert not failures, "\n".join(failures)


def test_no_main_page_is_wider_than_a_390_px_phone(cycle: World, page, live_server) -> None:
    page.set_viewport_size(PHONE)
    too_wide: list[str] = []

    def check(url: str) -> None:
        page.goto(f"{live_server.url}{url}")
        page.wait_for_load_state("networkidle")
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > PHONE["width"]:
            too_wide.append(f"{url}: {width} px")

    for url in public_pages(cycle):
        check(url)
    sign_in(page, live_server, cycle.users[Role.PROVINCE_ADMIN].username)
    for url in signed_in_pages(cycle):
        check(url)
    # The collapsed menu, opened (Bootstrap animates its height from script), fits too.
    reports = watch_console(page)
    page.goto(f"{live_server.url}/")
    page.click(".navbar-toggler")
    page.wait_for_selector("#tc-nav.show")
    if page.evaluate("document.documentElement.scrollWidth") > PHONE["width"]:
        too_wide.append("/ with the menu open")
    assert not too_wide, "Wider than a 390 px phone:\n" + "\n".join(too_wide)
    assert not reports, reports


def test_text_on_the_main_pages_meets_wcag_aa_contrast(cycle: World, page, live_server) -> None:
    page.set_viewport_size(DESKTOP)
    failures: list[str] = []
    for url in public_pages(cycle)[:3]:
        page.goto(f"{live_server.url}{url}")
        failures += [f"{url}: {problem}" for problem in page.evaluate(CONTRAST_JS)]
    sign_in(page, live_server, cycle.users[Role.PROVINCE_ADMIN].username)
    for url in signed_in_pages(cycle):
        page.goto(f"{live_server.url}{url}")
        failures += [f"{url}: {problem}" for problem in page.evaluate(CONTRAST_JS)]
    assert not failures, "Text below WCAG AA contrast:\n" + "\n".join(failures)
