"""The interactive API docs: served from our own static files, under the strict policy."""

from __future__ import annotations

from typing import Any

import pytest

from tiepcan.core.tests.test_browser_csp_and_layout import watch_console


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_api_docs_load_from_our_own_files_without_a_policy_violation(page: Any, live_server: Any) -> None:
    reports = watch_console(page)
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    response = page.goto(f"{live_server.url}/api/v1/docs", timeout=60000)
    assert "content-security-policy" in response.headers
    page.wait_for_selector(".opblock-tag", timeout=20000)
    page.wait_for_load_state("networkidle")
    assert page.locator(".opblock").count() >= 20
    assert "Dữ liệu mở" in page.content()
    assert not reports, reports
    # No CDN: every file the page loads comes from the app itself.
    assert all(url.startswith((live_server.url, "data:")) for url in requested), requested


def test_the_docs_page_has_no_inline_script(client: Any) -> None:
    import re

    html = client.get("/api/v1/docs").content.decode()
    scripts = re.findall(r"<script\b[^>]*>", html)
    assert scripts and all("src=" in tag for tag in scripts)
    # Every script and stylesheet from this site (the CSRF token in the page is random text, so
    # look at the addresses only: it once held "cdn").
    addresses = re.findall(r"""(?:src|href)=["']([^"']*)["']""", html)
    assert addresses and all(a.startswith("/") and not a.startswith("//") for a in addresses), addresses
