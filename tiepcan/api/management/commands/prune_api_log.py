"""``manage.py prune_api_log [--days N]``: delete API access-log rows older than N days."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from tiepcan.api import services


class Command(BaseCommand):
    help = "Delete API access-log rows older than API_LOG_KEEP_DAYS days (or --days). Also the job `prune-api-log`."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--days", type=int, default=None, help="keep this many days (default: the setting)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        days = options["days"] if options["days"] is not None else settings.API_LOG_KEEP_DAYS
        if days < 1:
            raise CommandError("--days must be at least 1")
        deleted = services.prune_access_log(days)
        self.stdout.write(f"Deleted {deleted} API access-log rows older than {days} days.")
