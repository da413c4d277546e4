"""The application's PostgreSQL role: reads and writes rows, owns nothing.

Migrations run as the owner of the tables (``DATABASE_URL`` of the owner, see
docs/deployment.md); the web and worker processes connect as a role that gets only row
privileges. It cannot ALTER or DROP a table, TRUNCATE anything, disable a trigger, or
change or delete an audit row: the audit trail holds below the ORM too.
"""

from __future__ import annotations

from django.conf import settings
from django.db import connection, connections
from psycopg import sql

# Rows the application only appends to and reads (audit trail: Luật Tiếp cận thông tin 2016
# requires the record of who did what to stay intact; see docs/audit.md).
APPEND_ONLY_TABLES = ("core_auditentry",)
# Read-only for the application: only the owner migrates.
READ_ONLY_TABLES = ("django_migrations",)


def grant_statements(role: str, database: str) -> list[sql.Composed]:
    """The statements, in order; idempotent (safe to run after every migration)."""
    r = sql.Identifier(role)
    statements = [
        sql.SQL("GRANT CONNECT, TEMPORARY ON DATABASE {} TO {}").format(sql.Identifier(database), r),
        sql.SQL("GRANT USAGE ON SCHEMA public TO {}").format(r),
        sql.SQL("REVOKE CREATE ON SCHEMA public FROM {}").format(r),
        sql.SQL("GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {}").format(r),
        sql.SQL("REVOKE TRUNCATE, REFERENCES, TRIGGER ON ALL TABLES IN SCHEMA public FROM {}").format(r),
        sql.SQL("GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {}").format(r),
    ]
    for table in APPEND_ONLY_TABLES:
        statements.append(sql.SQL("REVOKE UPDATE, DELETE ON {} FROM {}").format(sql.Identifier(table), r))
    for table in READ_ONLY_TABLES:
        statements.append(
            sql.SQL("REVOKE INSERT, UPDATE, DELETE ON {} FROM {}").format(sql.Identifier(table), r)
        )
    return statements


def apply_grants(role: str) -> list[str]:
    """Run the statements on the default connection (as the owner); return them as text."""
    if connection.vendor != "postgresql":
        return []
    database = connection.settings_dict["NAME"]
    done = []
    with connection.cursor() as cursor:
        for statement in grant_statements(role, database):
            text = statement.as_string(cursor.connection)
            cursor.execute(text)
            done.append(text)
    return done


def grant_app_role(using: str = "default") -> None:
    """Grant ``DATABASE_APP_ROLE`` its row privileges when connected as someone else (the owner).

    After migrations, and after a restore: ``pg_restore --no-privileges`` brings the tables back
    owned by whoever restored them, with no grant to the application role.
    """
    role = settings.DATABASE_APP_ROLE
    conn = connections[using]
    if role and conn.vendor == "postgresql" and conn.settings_dict["USER"] != role:
        with conn.cursor() as cursor:
            for statement in grant_statements(role, conn.settings_dict["NAME"]):
                cursor.execute(statement.as_string(cursor.connection))


def role_owns_tables(role: str) -> bool:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_tables WHERE schemaname = 'public' AND tableowner = %s", [role]
        )
        return cursor.fetchone()[0] > 0
