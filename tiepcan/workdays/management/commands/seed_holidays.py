"""Seed the working-day calendar from the holiday library (administrators' rows are kept)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from tiepcan.workdays.calendar import seed_year


class Command(BaseCommand):
    help = "Bổ sung ngày lễ, ngày nghỉ bù, ngày làm bù của các năm từ thư viện ngày lễ."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("years", nargs="*", type=int, help="năm (mặc định: năm nay và năm sau)")

    def handle(self, *args: Any, **options: Any) -> None:
        this_year = timezone.localdate().year
        for year in options["years"] or [this_year, this_year + 1]:
            added = seed_year(year)
            self.stdout.write(f"{year}: {added}")
