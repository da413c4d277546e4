"""``manage.py send_reminders``: due-soon and overdue reminders; run it daily (cron or systemd timer)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from tiepcan.core.audit import audit_context
from tiepcan.plans.reminders import send_task_reminders


class Command(BaseCommand):
    help = (
        "Notify the people responsible for plan tasks due within N days, and for overdue tasks (each once)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--days", type=int, default=7)
        parser.add_argument(
            "--today", type=date.fromisoformat, default=None, help="YYYY-MM-DD (tests, replays)"
        )

    def handle(self, *args: Any, days: int, today: date | None, **options: Any) -> None:
        with audit_context(reason="send_reminders"):
            counts = send_task_reminders(today or timezone.localdate(), days)
        self.stdout.write(f"due soon: {counts['due_soon']}, overdue: {counts['overdue']}")
