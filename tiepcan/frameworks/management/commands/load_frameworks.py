"""``manage.py load_frameworks``: import the shipped national frameworks (idempotent)."""

from typing import Any

from django.core.management.base import BaseCommand

from tiepcan.core.audit import audit_context
from tiepcan.frameworks.services import load_shipped


class Command(BaseCommand):
    help = "Import the 2017, 2021 and 2025 national frameworks shipped with TiếpCận."

    def handle(self, *args: Any, **options: Any) -> None:
        with audit_context(reason="load_frameworks"):
            for version in load_shipped():
                self.stdout.write(
                    f"{version.code} v{version.version}: {version.title} ({version.unverified_count} unverified facts)"
                )
