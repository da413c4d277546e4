"""``manage.py bench [scoring …]``: print performance figures (never asserted in tests)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

ROOT = Path(__file__).resolve().parents[4]


class Command(BaseCommand):
    help = "Print benchmark figures: scoring (whole country per framework), pages (needs the demo data)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("suites", nargs="*", default=["scoring", "pages"], choices=["scoring", "pages"])

    def handle(self, *args: Any, suites: list[str], **options: Any) -> None:
        sys.path.insert(0, str(ROOT))
        from bench import pages, scoring

        if "scoring" in suites:
            scoring.run(out=self.stdout.write)
        if "pages" in suites:
            pages.run(out=self.stdout.write)
