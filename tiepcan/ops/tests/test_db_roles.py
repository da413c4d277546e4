"""On PostgreSQL the application's role owns nothing and cannot erase the audit trail."""

from __future__ import annotations

import uuid

import psycopg
import pytest
from django.core.management import call_command
from django.db import connection, transaction

pytestmark = [pytest.mark.django_db(transaction=True)]


@pytest.fixture
def app_role():
    if connection.vendor != "postgresql":
        pytest.skip("roles and TRUNCATE exist on PostgreSQL only")
    role = f"tc_app_{uuid.uuid4().hex[:10]}"
    with connection.cursor() as cursor:
        cursor.execute(f'CREATE ROLE "{role}" LOGIN')
    yield role
    with connection.cursor() as cursor:
        cursor.execute(f'DROP OWNED BY "{role}"')
        cursor.execute(f'DROP ROLE "{role}"')


def _connect_as(role: str) -> psycopg.Connection:
    s = connection.settings_dict
    return psycopg.connect(
        host=s["HOST"] or "127.0.0.1", port=s["PORT"] or 5432, dbname=s["NAME"], user=role, autocommit=True
    )


def _refused(conn: psycopg.Connection, statement: str) -> bool:
    try:
        conn.execute(statement)
    except psycopg.errors.InsufficientPrivilege:
        return True
    return False


def test_the_app_role_writes_rows_but_cannot_erase_the_audit_trail(app_role: str) -> None:
    from tiepcan.core.models import AuditEntry

    call_command("db_grants", role=app_role, verbosity=0)
    AuditEntry.objects.create(action="create", object_id="1", object_repr="x")
    with _connect_as(app_role) as conn:
        row = conn.execute("SELECT count(*) FROM core_auditentry").fetchone()
        assert row is not None and row[0] == 1
        conn.execute("INSERT INTO tiepcan_cache VALUES ('k', 'v', now())")
        conn.execute("DELETE FROM tiepcan_cache WHERE cache_key = 'k'")
        assert _refused(conn, "TRUNCATE core_auditentry")
        assert _refused(conn, "DELETE FROM core_auditentry")
        assert _refused(conn, "UPDATE core_auditentry SET reason = 'x'")
        assert _refused(conn, "ALTER TABLE core_auditentry DISABLE TRIGGER ALL")
        assert _refused(conn, "DROP TABLE units_unit")
        assert _refused(conn, "CREATE TABLE public.intruder (id int)")
        assert _refused(conn, "DELETE FROM django_migrations")


def test_even_the_owner_cannot_truncate_the_audit_table(db) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("SQLite has no TRUNCATE")
    with connection.cursor() as cursor:
        cursor.execute("SET tiepcan.allow_audit_truncate = 'off'")
        try:
            with pytest.raises(Exception, match="cannot be truncated"), transaction.atomic():
                cursor.execute("TRUNCATE core_auditentry")
        finally:
            cursor.execute("SET tiepcan.allow_audit_truncate = 'on'")


def test_grants_refuse_a_role_that_owns_the_tables() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("roles exist on PostgreSQL only")
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="owner"):
        call_command("db_grants", role=connection.settings_dict["USER"], verbosity=0)
