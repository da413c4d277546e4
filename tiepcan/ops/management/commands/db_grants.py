"""Give the application's PostgreSQL role row privileges only (run as the tables' owner)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection

from tiepcan.ops.grants import apply_grants, grant_statements, role_owns_tables


class Command(BaseCommand):
    help = "Grant the application role (DATABASE_APP_ROLE or --role) row privileges, nothing more."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--role", default="", help="the role the web and worker processes use")
        parser.add_argument("--sql", action="store_true", help="print the statements instead of running them")

    def handle(self, *args: Any, **options: Any) -> None:
        role = options["role"] or settings.DATABASE_APP_ROLE
        if not role:
            raise CommandError("Name the application role: --role NAME or DATABASE_APP_ROLE.")
        if connection.vendor != "postgresql":
            self.stdout.write("SQLite has no roles: nothing to grant.")
            return
        if options["sql"]:
            with connection.cursor() as cursor:
                for statement in grant_statements(role, connection.settings_dict["NAME"]):
                    self.stdout.write(statement.as_string(cursor.connection) + ";")
            return
        if role == connection.settings_dict["USER"]:
            raise CommandError("Run this as the tables' owner, not as the application role itself.")
        if role_owns_tables(role):
            raise CommandError(
                f"Role {role} owns tables: it would keep every privilege. "
                "Give the tables to the owner first (REASSIGN OWNED BY … TO …)."
            )
        for text in apply_grants(role):
            self.stdout.write(text, self.style.SQL_KEYWORD)
        self.stdout.write(self.style.SUCCESS(f"Role {role}: row privileges granted, audit rows append-only."))
