"""The fixed cost of a signed-in page (run `manage.py demo` first).

Every signed-in page pays the same things besides its own work: the middleware, the session,
the person's row, their grants, the menu, the unit switcher, the unread notifications and the
base template. This bench requests, as people of several roles, in this process with
django.test.Client and through the project's whole middleware stack (``bench/fixed_urls.py``):

* the profile page (which does little besides the frame: a form and the person's roles);
* the signed-in frame alone (``base.html`` with an empty body);
* the hand-written floor: the session's row and the person's row read with one statement each,
  and a minimal HTML page.

It prints for each the CPU time of a request (``time.process_time()``, median; the machine is
shared, so wall times are noisy and CPU time is the figure to compare), the wall time, the
queries and the bytes, and the profile page's and the frame's ratio to the floor. With
``--profile`` it also prints cProfile's heaviest functions (by own time and cumulative) of the
profile page for one role. Figures only: never asserted in tests.
"""

from __future__ import annotations

import cProfile
import io
import pstats
import statistics
import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings

from bench.autosave import describe_database
from bench.fixed_urls import FLOOR_COOKIE, FLOOR_URL, FRAME_URL

# A commune officer (two communes: the switcher), a council member, a province administrator and the
# system administrator.
PEOPLE = ("cb.kylua", "hd.thanhvien", "qt.sotuphap", "quantri")
URL = "/tai-khoan/"
PAGES = ((URL, "profile page"), (FRAME_URL, "frame alone"), (FLOOR_URL, "hand-written floor"))


def _measure(client: Client, url: str, requests: int) -> tuple[float, float, float, int, int]:
    """Median CPU, lowest CPU, median wall (seconds), queries and bytes of ``url``."""
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    cpu, wall = [], []
    for _ in range(requests):
        started, started_cpu = time.perf_counter(), time.process_time()
        client.get(url)
        cpu.append(time.process_time() - started_cpu)
        wall.append(time.perf_counter() - started)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    return statistics.median(cpu), min(cpu), statistics.median(wall), len(queries), len(response.content)


def run(out: Callable[[str], Any] = print, requests: int = 60, profile: bool = False) -> dict[str, float]:
    import logging

    logging.getLogger("django.request").setLevel(logging.ERROR)
    from tiepcan.accounts.models import User

    out(describe_database())
    figures: dict[str, float] = {}
    with override_settings(ROOT_URLCONF="bench.fixed_urls"):
        for username in PEOPLE:
            user = User.objects.filter(username=username).first()
            if user is None:
                out(f"fixed cost: no demo account {username} (run `manage.py demo` first)")
                continue
            client = Client()
            client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
            # The floor's client carries the session's key in a cookie of its own: the middleware sees
            # an anonymous request and the view reads the two rows by hand.
            bare = Client()
            bare.cookies[FLOOR_COOKIE] = client.cookies[settings.SESSION_COOKIE_NAME].value
            found = {
                url: _measure(bare if url == FLOOR_URL else client, url, requests) for url, _label in PAGES
            }
            floor = found[FLOOR_URL][0]
            for url, label in PAGES:
                cpu, lowest, wall, queries, size = found[url]
                ratio = f", {cpu / floor:.1f}× the floor" if url != FLOOR_URL and floor else ""
                out(
                    f"{label} as {username}: CPU median {cpu * 1000:.2f} ms (min {lowest * 1000:.2f}), "
                    f"wall median {wall * 1000:.1f} ms, {queries} queries, {size:,} bytes{ratio}"
                )
            figures[username] = found[URL][0] * 1000
            figures[f"{username} frame"] = found[FRAME_URL][0] * 1000
            figures[f"{username} floor"] = floor * 1000
            if profile and username == PEOPLE[0]:
                profiler = cProfile.Profile()
                profiler.enable()
                for _ in range(requests):
                    client.get(URL)
                profiler.disable()
                for order in ("tottime", "cumulative"):
                    text = io.StringIO()
                    pstats.Stats(profiler, stream=text).sort_stats(order).print_stats(40)
                    out(text.getvalue())
    return figures
