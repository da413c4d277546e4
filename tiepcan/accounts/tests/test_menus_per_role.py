"""Each role's menu and buttons lead only to pages the person may use: no 403 one click away.

Signed in as each role of the demo (one person per role in the test world, with a plan and an
open period), the test follows every menu entry and every button-styled link (``a.btn``) on the
home page and on each page of the menu, and asserts that none answers 403.
"""

from __future__ import annotations

from html.parser import HTMLParser
from typing import Any

import pytest
from django.urls import reverse

from tiepcan.accounts.choices import Role
from tiepcan.testing import World, build_period, build_plan

pytestmark = pytest.mark.django_db

ROLES = list(Role.values)


class _Links(HTMLParser):
    """The button-styled links of a page (the primary actions), and the menu links."""

    def __init__(self) -> None:
        super().__init__()
        self.buttons: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag != "a":
            return
        found = dict(attrs)
        href, classes = found.get("href") or "", (found.get("class") or "").split()
        if "btn" in classes and href.startswith("/") and not href.startswith("//"):
            self.buttons.append(href.split("#")[0])


def _buttons(html: str) -> list[str]:
    parser = _Links()
    parser.feed(html)
    return parser.buttons


def _menu_urls(menu: list[dict[str, Any]]) -> list[str]:
    urls = []
    for item in menu:
        urls += [child["url"] for child in item.get("children", [])] or [item["url"]]
    return urls


@pytest.fixture
def demo(world: World) -> World:
    build_plan(world)
    build_period(world)
    return world


@pytest.mark.parametrize("role", ROLES)
def test_no_menu_entry_or_primary_button_of_a_role_answers_403(demo: World, login, role: str) -> None:
    client = login(demo.users[role])
    home = client.get(reverse("home"))
    menu = _menu_urls(home.context["nav_menu"]())
    pages = [reverse("home"), *menu]
    to_follow = set(menu) | set(_buttons(home.content.decode()))
    for url in menu:
        response = client.get(url)
        assert response.status_code == 200, (role, url, response.status_code)
        to_follow |= set(_buttons(response.content.decode()))
    # The main pages one click further: the plan, the open period and a commune's dossier.
    own = demo.periods["own"]
    for url in (
        reverse("plans:plan_detail", args=[demo.plan.pk]),
        reverse("assessments:period_detail", args=[own.pk]),
        reverse("assessments:assessment_detail", args=[own.assessments.get(unit=demo.units["N1"]).pk]),
        reverse("plans:budget_detail", args=[demo.followups["own"]["estimate"].pk]),
    ):
        response = client.get(url)
        if response.status_code == 200:
            pages.append(url)
            to_follow |= set(_buttons(response.content.decode()))
    refused = []
    for url in sorted(to_follow - set(pages)):
        if "/dang-xuat" in url:
            continue
        if client.get(url).status_code == 403:
            refused.append(url)
    assert not refused, (role, refused)


def test_each_role_sees_only_the_entries_of_its_work(demo: World, login) -> None:
    def labels(role: str) -> set[str]:
        menu = login(demo.users[role]).get(reverse("home")).context["nav_menu"]()
        found = set()
        for item in menu:
            found |= {str(c["label"]) for c in item.get("children", [])} or {str(item["label"])}
        return found

    council = labels(Role.COUNCIL_MEMBER)
    assert "Kinh phí" not in council and "Đánh giá" in council and "Lịch các mốc hạn" in council
    finance = labels(Role.FINANCE_OFFICER)
    assert "Kinh phí" in finance and "Đánh giá" not in finance and "Bộ tiêu chí" not in finance
    assert (
        len(labels(Role.COUNCIL_MEMBER)) < len(labels(Role.PROVINCE_ADMIN)) < len(labels(Role.SYSTEM_ADMIN))
    )
