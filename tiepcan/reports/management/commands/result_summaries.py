"""``manage.py result_summaries rebuild|check``: backfill the result summary rows, or look for drift."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from tiepcan.core.audit import audit_context
from tiepcan.reports import summaries
from tiepcan.reports.models import ResultSummary


class Command(BaseCommand):
    help = (
        "rebuild: write the result summary row of every assessment (after upgrading, or to backfill); "
        "check: compare and report only (exit status 1 when a row differs)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["rebuild", "check"])
        parser.add_argument(
            "--if-empty", action="store_true", help="rebuild only when no row exists yet (the first upgrade)"
        )

    def handle(self, *args: Any, action: str, if_empty: bool = False, **options: Any) -> None:
        if if_empty and ResultSummary.objects.exists():
            self.stdout.write("result summaries present: nothing to backfill")
            return

        def progress(done: int, total: int) -> None:
            if options["verbosity"] > 1:
                self.stdout.write(f"  {done}/{total}")

        with audit_context(reason=f"result_summaries {action}"):
            report = summaries.check(fix=action == "rebuild", progress=progress)
        counts = {key: len(value) for key, value in report.items() if isinstance(value, list)}
        self.stdout.write(
            f"checked {report['checked']}: missing {counts['missing']}, different {counts['different']}, "
            f"extra {counts['extra']}" + (" (rewritten)" if action == "rebuild" else "")
        )
        if action == "check" and any(counts.values()):
            raise SystemExit(1)
