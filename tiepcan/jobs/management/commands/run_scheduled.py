"""``manage.py run_scheduled NAME``: start one recurring job (the systemd timers call this)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.tasks import TaskResultStatus

from tiepcan.core.audit import audit_context
from tiepcan.jobs.schedule import SCHEDULE


class Command(BaseCommand):
    help = "Queue one recurring job for the worker (or run it here with --inline)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("name", help=f"one of: {', '.join(SCHEDULE)}")
        parser.add_argument("--inline", action="store_true", help="run it in this process, not in the worker")

    def handle(self, *args: Any, name: str, inline: bool, **options: Any) -> None:
        item = SCHEDULE.get(name)
        if item is None:
            raise CommandError(f"No recurring job {name!r}; known: {', '.join(SCHEDULE)}.")
        with audit_context(reason=f"run_scheduled {name}"):
            if inline or item.inline:
                value = item.task.call()
                self.stdout.write(f"{name}: {value}")
                return
            result = item.task.enqueue()
        if result.status == TaskResultStatus.FAILED:  # the immediate backend ran it here and it failed
            raise CommandError(f"{name} failed: {result.errors[-1].traceback.strip().splitlines()[-1]}")
        self.stdout.write(f"{name}: queued as job {result.id}")
