"""Headless Chromium for browser tests (Debian's package, driven by Playwright)."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

CHROMIUM_FLAGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


def chromium_path() -> str | None:
    return os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or shutil.which("chromium-browser")


@contextmanager
def browser_page(artifacts: Path | None = None) -> Iterator[Any]:
    """A fresh Chromium page; the Playwright event loop must not meet the ORM (see the fixture)."""
    from playwright.sync_api import sync_playwright  # lazy: a test-only library, loaded by browser tests

    executable = chromium_path()
    if executable is None:
        raise RuntimeError("Chromium is not installed: run `make browsers` (Debian package 'chromium').")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_FLAGS)
        context = browser.new_context(locale="vi-VN", viewport={"width": 1280, "height": 900})
        page = context.new_page()
        page.set_default_timeout(15000)
        try:
            yield page
        finally:
            context.close()
            browser.close()
