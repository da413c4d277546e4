"""Every page the permission matrix reaches with GET renders markup a strict CSP allows.

The Content-Security-Policy (settings.SECURE_CSP) has no 'unsafe-inline' and no
'unsafe-eval': an inline ``<script>``, an ``on…=`` handler, a ``style=`` attribute,
a ``<style>`` element, a ``javascript:`` link, or htmx attributes that need eval
(``hx-vals='js:…'``, ``hx-vars``, ``hx-on``) would be refused by the browser and
break the page silently. Each full page also carries exactly one ``<h1>``.
"""

from __future__ import annotations

from html.parser import HTMLParser
from typing import Any

import pytest
from django.db import transaction
from django.test import Client
from django.urls import reverse

from tiepcan.accounts.choices import Role
from tiepcan.core.tests.test_permission_matrix import ANON, MATRIX, SYSADMIN
from tiepcan.frameworks.services import load_shipped
from tiepcan.testing import World, build_plan

EVAL_ATTRIBUTES = ("hx-vals", "data-hx-vals", "hx-vars", "data-hx-vars", "hx-headers")


class MarkupCheck(HTMLParser):
    """Collects what a strict CSP would block, and counts the page's h1 headings."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []
        self.h1 = 0
        self.full_page = False
        self._in_inline_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "html":
            self.full_page = True
        if tag == "h1":
            self.h1 += 1
        # A json_script block (type application/json) is data the browser never runs, so the CSP's
        # script-src does not apply to it; any other script must come from a file.
        if tag == "script" and not values.get("src") and values.get("type") != "application/json":
            self._in_inline_script = True
            self.problems.append("inline <script>")
        if tag == "style":
            self.problems.append("inline <style> element")
        for name, value in attrs:
            text = (value or "").strip()
            if name.startswith("on"):
                self.problems.append(f"<{tag} {name}=…> event handler")
            elif name == "style":
                self.problems.append(f'<{tag} style="{text}">')
            elif name.startswith(("hx-on", "data-hx-on")) or name in ("hx-vars", "data-hx-vars"):
                self.problems.append(f"<{tag} {name}> (htmx evaluates it)")
            elif name in EVAL_ATTRIBUTES and text.startswith(("js:", "javascript:")):
                self.problems.append(f"<{tag} {name}='{text[:40]}'> (htmx evaluates it)")
            elif name in ("href", "src", "action", "formaction") and text.lower().startswith("javascript:"):
                self.problems.append(f"<{tag} {name}='javascript:…'>")

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._in_inline_script = False


def check_markup(html: str) -> tuple[list[str], int, bool]:
    parser = MarkupCheck()
    parser.feed(html)
    parser.close()
    return parser.problems, parser.h1, parser.full_page


def _page_problems(response: Any) -> list[str]:
    if "text/html" not in response.get("Content-Type", ""):
        return []
    problems, h1, full_page = check_markup(response.content.decode())
    policy = response.get("Content-Security-Policy", "")
    if not policy or "unsafe" in policy:
        problems.append(f"Content-Security-Policy not strict: {policy!r}")
    if full_page and h1 != 1:
        problems.append(f"{h1} <h1> headings (a page needs exactly one)")
    return sorted(set(problems))


@pytest.fixture
def walked(world: World, settings, tmp_path) -> World:
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path)},
        },
    }
    build_plan(world)
    load_shipped()
    return world


def test_the_checker_finds_what_the_policy_blocks() -> None:
    problems, h1, _ = check_markup(
        "<html><h1>a</h1><h1>b</h1><script>x()</script><select onchange='go()'></select>"
        '<div style="width:3rem"></div><input hx-vals=\'js:{"a": 1}\'><a href="javascript:x()">x</a>'
        "<style>p{}</style><button hx-on:click='x()'></button><script src='/s.js'></script></html>"
    )
    assert h1 == 2
    assert len(problems) == 7, problems


@pytest.mark.django_db
def test_every_page_renders_without_inline_code_or_style_and_with_one_heading(
    walked: World,
) -> None:
    admin = Client()
    admin.force_login(walked.users[SYSADMIN], backend="django.contrib.auth.backends.ModelBackend")
    anonymous = Client()
    province_admin = Client()
    province_admin.force_login(
        walked.users[Role.PROVINCE_ADMIN], backend="django.contrib.auth.backends.ModelBackend"
    )
    failures: list[str] = []
    walked_pages = 0
    for name, case in sorted(MATRIX.items()):
        if case.method != "get":
            continue
        # Each case builds its own objects; roll them back so the next case starts clean.
        with transaction.atomic():
            own_kwargs, foreign_kwargs = case.objects(walked) if case.objects else ({}, None)
            url = reverse(name, kwargs=own_kwargs)
            for who, client in (("admin", admin), ("anonymous", anonymous)):
                response = client.get(url)
                if response.status_code != 200:
                    continue
                walked_pages += 1
                failures += [f"{name} ({who}): {p}" for p in _page_problems(response)]
            if foreign_kwargs is not None and case.expect[ANON] == 302:
                # Another province's object as seen by a province administrator: the 404 page.
                response = province_admin.get(reverse(name, kwargs=foreign_kwargs))
                failures += [f"{name} (404 page): {p}" for p in _page_problems(response)]
            transaction.set_rollback(True)
        walked.periods, walked.frameworks = {}, {}
    assert walked_pages > 60
    assert not failures, "\n".join(failures)


@pytest.mark.django_db
def test_htmx_partials_and_error_pages_are_clean_too(walked: World) -> None:
    officer = Client()
    officer.force_login(
        walked.users[Role.FINANCE_OFFICER], backend="django.contrib.auth.backends.ModelBackend"
    )
    forbidden = officer.get(reverse("accounts:user_list"))
    assert forbidden.status_code == 403
    rows = officer.get(reverse("units:unit_list"), {"q": "dong"}, headers={"HX-Request": "true"})
    assert rows.status_code == 200
    failures = [f"403 page: {p}" for p in _page_problems(forbidden)]
    failures += [f"unit rows: {p}" for p in _page_problems(rows)]
    assert not failures, "\n".join(failures)
