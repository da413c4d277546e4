"""Background tasks of the implementation plan."""

from __future__ import annotations

from django.tasks import task
from django.utils import timezone

from tiepcan.plans.reminders import send_task_reminders


@task
def send_reminders(days: int = 7) -> dict[str, int]:
    """Daily: tell people about plan tasks due within ``days`` and overdue ones (once each: idempotent)."""

    return send_task_reminders(timezone.localdate(), days)
