"""``manage.py demo``: load the demo province (idempotent) and print the demo accounts."""

from __future__ import annotations

import time
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser
from django.db import transaction

from tiepcan.core.audit import audit_context
from tiepcan.demo import agencies, assessments, history, plans, users
from tiepcan.frameworks.models import FrameworkActivation
from tiepcan.frameworks.services import activate, load_shipped
from tiepcan.units.choices import UnitLevel
from tiepcan.units.models import Unit


class Command(BaseCommand):
    help = "Load the demo province (Lạng Sơn by default): units, agencies, demo accounts."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--province", default=settings.TIEPCAN_DEMO_PROVINCE_CODE)
        parser.add_argument("--quiet-accounts", action="store_true", help="Do not print the account list.")

    def handle(self, *args: Any, province: str, quiet_accounts: bool, **options: Any) -> None:
        with audit_context(reason="manage.py demo"):
            call_command("import_units", legacy=str(int(province)), stdout=self.stdout)
            with transaction.atomic():
                unit = Unit.objects.get(level=UnitLevel.PROVINCE, code=province, valid_to__isnull=True)
                created = agencies.load(unit)
                self.stdout.write(f"agencies created: {created}")
                accounts = users.load()
                frameworks = load_shipped()
                # Newest generation first: where two may apply (2025: QĐ 25 or QĐ 27), the demo
                # province has chosen QĐ 27, the rules its 2025 assessment was run under.
                for framework in reversed(frameworks):
                    for year in range(framework.year_from, (framework.year_to or 2026) + 1):
                        if not FrameworkActivation.objects.filter(province=unit, year=year).exists():
                            activate(framework, unit, year)
                self.stdout.write(f"frameworks: {', '.join(f.code for f in frameworks)}")
                plan = plans.load(unit)
                self.stdout.write(f"plan: {plan} with {plan.activities.count()} activities")
                current = plans.load_current(unit, plan)
                self.stdout.write(f"current plan (demo data): {current}")
                started = time.monotonic()
                past = history.load(unit)
                if past:
                    seconds = time.monotonic() - started
                    self.stdout.write(
                        f"assessment history: {past[0].year}–{past[-1].year}, {len(past)} years ({seconds:.1f} s)"
                    )
                done = assessments.load_2025(unit)
                history.ministry_reports(unit, done.year)
                self.stdout.write(
                    f"assessment period {done.year}: {done.assessments.filter(status='recognised').count()} recognised"
                )
                period = assessments.load(unit)
                self.stdout.write(f"assessment period {period.year}: {period.assessments.count()} communes")
        if not quiet_accounts:
            self.print_accounts(accounts)

    def print_accounts(self, accounts: list[Any]) -> None:
        self.stdout.write("")
        self.stdout.write(f"Demo accounts (password for all: {users.DEMO_PASSWORD})")
        self.stdout.write("-" * 96)
        for account, assignments in accounts:
            roles = "; ".join(
                f"{a.get_role_display()} – {a.agency.name if a.agency else (a.unit.name if a.unit else 'toàn hệ thống')}"
                for a in assignments
            )
            self.stdout.write(f"{account.username:<18} {account.full_name:<22} {roles}")
        self.stdout.write("-" * 96)
