"""The fixed cost of a signed-in page (run `manage.py demo` first).

Every signed-in page pays the same things besides its own work: the middleware, the session,
the person's row, their grants, the menu, the unit switcher, the unread notifications and the
base template. This bench requests the profile page (which does little else) as people of
several roles, in this process with django.test.Client, and prints for each: the CPU time of a
request (``time.process_time()``, median; the machine is shared, so wall times are noisy and CPU
time is the figure to compare), the wall time, the queries and the bytes. With ``--profile``
it also prints cProfile's heaviest functions for one role. Figures only: never asserted in tests.
"""

from __future__ import annotations

import cProfile
import io
import pstats
import statistics
import time
from collections.abc import Callable
from typing import Any

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from bench.autosave import describe_database

# A commune officer (two communes: the switcher), a council member, a province administrator and the
# system administrator.
PEOPLE = ("cb.kylua", "hd.thanhvien", "qt.sotuphap", "quantri")
URL = "/tai-khoan/"


def run(out: Callable[[str], Any] = print, requests: int = 60, profile: bool = False) -> dict[str, float]:
    import logging

    logging.getLogger("django.request").setLevel(logging.ERROR)
    from tiepcan.accounts.models import User

    out(describe_database())
    figures: dict[str, float] = {}
    for username in PEOPLE:
        user = User.objects.filter(username=username).first()
        if user is None:
            out(f"fixed cost: no demo account {username} (run `manage.py demo` first)")
            continue
        client = Client()
        client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
        response = client.get(URL)
        assert response.status_code == 200, response.status_code
        cpu, wall = [], []
        for _ in range(requests):
            started, started_cpu = time.perf_counter(), time.process_time()
            client.get(URL)
            cpu.append(time.process_time() - started_cpu)
            wall.append(time.perf_counter() - started)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(URL)
        figures[username] = statistics.median(cpu) * 1000
        out(
            f"profile page as {username}: CPU median {statistics.median(cpu) * 1000:.2f} ms "
            f"(min {min(cpu) * 1000:.2f}), wall median {statistics.median(wall) * 1000:.1f} ms, "
            f"{len(queries)} queries, {len(response.content):,} bytes"
        )
        if profile and username == PEOPLE[0]:
            profiler = cProfile.Profile()
            profiler.enable()
            for _ in range(requests):
                client.get(URL)
            profiler.disable()
            text = io.StringIO()
            pstats.Stats(profiler, stream=text).sort_stats("cumulative").print_stats(45)
            out(text.getvalue())
    return figures
