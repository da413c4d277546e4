"""In real Chromium: a form sent twice in a hurry reaches the server once (static/js/app.js)."""

from __future__ import annotations

import contextlib
import time
from typing import Any

import pytest

from tiepcan.accounts.choices import Role
from tiepcan.core.tests.test_browser_csp_and_layout import sign_in
from tiepcan.plans.models import StaffAssignment
from tiepcan.testing import World, build_plan

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_second_click_while_the_first_answer_is_on_its_way_sends_nothing(
    world: World, page, live_server
) -> None:
    build_plan(world)
    sign_in(page, live_server, world.users[Role.PROVINCE_ADMIN].username)
    page.goto(f"{live_server.url}/cong-chuc-theo-doi/them/")
    page.select_option("select[name=unit]", str(world.units["N1"].pk))
    page.fill("input[name=full_name]", "Lò Văn Hai Lần")

    sent: list[str] = []

    def hold_the_first(route: Any) -> None:
        # The server answers the first request late, as a loaded one does: the second click
        # happens while it is on its way.
        sent.append(route.request.method)
        if len(sent) == 1:
            time.sleep(1)
        with contextlib.suppress(Exception):  # the browser may have given it up for a later one
            route.continue_()

    page.route("**/cong-chuc-theo-doi/them/", hold_the_first)
    page.evaluate(
        """() => {
          const button = document.querySelector("form:has([name=full_name]) button.btn-primary");
          button.click();
          setTimeout(() => button.click(), 300);
        }"""
    )
    with contextlib.suppress(Exception):  # a second request aborts the first navigation
        page.wait_for_url(f"{live_server.url}/cong-chuc-theo-doi/")
    page.wait_for_timeout(500)
    assert sent == ["POST"]
    assert StaffAssignment.objects.filter(full_name="Lò Văn Hai Lần").count() == 1
