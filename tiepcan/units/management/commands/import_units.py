"""``manage.py import_units``: load the official unit lists (idempotent)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from tiepcan.core.audit import audit_context
from tiepcan.units.importing import all_legacy_province_codes, import_units


class Command(BaseCommand):
    help = (
        "Import the 34 provinces / 3,321 communes in force since 1/7/2025 and, optionally, the pre-2025 map."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--legacy",
            default="",
            help="Pre-2025 provinces to import by code, comma-separated (e.g. 20), or 'all'.",
        )

    def handle(self, *args: Any, legacy: str, **options: Any) -> None:
        if legacy == "all":
            codes = all_legacy_province_codes()
        else:
            try:
                codes = [int(part) for part in legacy.split(",") if part.strip()]
            except ValueError as exc:
                raise CommandError(f"--legacy takes province codes or 'all', not {legacy!r}") from exc
        with audit_context(reason="import_units"):
            report = import_units(codes)
        self.stdout.write(
            f"created {report.created}, updated {report.updated}, unchanged {report.unchanged}, "
            f"successions created {report.successions_created}; totals: "
            + ", ".join(f"{k} {v}" for k, v in report.counts.items())
        )
