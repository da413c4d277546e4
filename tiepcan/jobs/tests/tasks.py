"""Tasks the tests enqueue (tasks must be module-level functions)."""

from __future__ import annotations

import os
import signal
from typing import Any

from django.tasks import task

from tiepcan.core import audit
from tiepcan.jobs.progress import report_progress

CALLS: list[tuple[Any, ...]] = []


@task
def add(a: int, b: int) -> int:
    CALLS.append(("add", a, b))
    return a + b


@task(priority=10)
def urgent(label: str) -> str:
    CALLS.append(("urgent", label))
    return label


@task
def always_fails() -> None:
    raise RuntimeError("the mail server is down")


@task
def counts_to(total: int) -> int:
    for done in range(1, total + 1):
        report_progress(done, total)
    return total


@task
def who_runs_me() -> list[object]:
    ctx = audit.current()
    return [ctx.actor_id, ctx.actor_label, ctx.request_id]


@task
def asks_to_stop() -> str:
    os.kill(os.getpid(), signal.SIGTERM)
    return "finished anyway"
