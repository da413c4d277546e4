"""``manage.py schedule``: the recurring jobs and when the timers run them."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from tiepcan.jobs.schedule import SCHEDULE


class Command(BaseCommand):
    help = "List the recurring jobs (run each with `manage.py run_scheduled NAME`)."

    def handle(self, *args: Any, **options: Any) -> None:
        for item in SCHEDULE.values():
            where = "inline" if item.inline else "worker"
            self.stdout.write(
                f"{item.name:<20} {item.on_calendar:<16} {where:<7} {item.task_path}\n    {item.description}"
            )
