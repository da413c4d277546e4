"""The triggers that give a person a new grants stamp (see accounts migration 0004).

SQLite cannot keep them through Django's table rebuilds: a migration that rebuilds
``accounts_user`` fails while a trigger names it, and one that rebuilds ``units_unit`` or
``accounts_roleassignment`` silently drops that table's triggers. So on SQLite they are dropped
before every ``migrate`` and created again after it (``AccountsConfig.ready``). PostgreSQL keeps
triggers through ``ALTER TABLE``; there the migration alone creates them.
"""

from __future__ import annotations

from typing import Any

SQLITE = [
    "CREATE TRIGGER IF NOT EXISTS accounts_roleassignment_grants_insert AFTER INSERT ON accounts_roleassignment "
    "BEGIN UPDATE accounts_user SET grants_stamp = random() WHERE id = NEW.user_id; END;",
    "CREATE TRIGGER IF NOT EXISTS accounts_roleassignment_grants_update AFTER UPDATE ON accounts_roleassignment "
    "BEGIN UPDATE accounts_user SET grants_stamp = random() WHERE id IN (OLD.user_id, NEW.user_id); END;",
    "CREATE TRIGGER IF NOT EXISTS accounts_roleassignment_grants_delete AFTER DELETE ON accounts_roleassignment "
    "BEGIN UPDATE accounts_user SET grants_stamp = random() WHERE id = OLD.user_id; END;",
    "CREATE TRIGGER IF NOT EXISTS units_unit_path_grants AFTER UPDATE OF path ON units_unit "
    "WHEN OLD.path <> '' AND OLD.path IS NOT NEW.path "
    "BEGIN UPDATE accounts_user SET grants_stamp = random(); END;",
    "CREATE TRIGGER IF NOT EXISTS units_unitsuccession_grants_insert AFTER INSERT ON units_unitsuccession "
    "BEGIN UPDATE accounts_user SET grants_stamp = random(); END;",
    "CREATE TRIGGER IF NOT EXISTS units_unitsuccession_grants_update AFTER UPDATE ON units_unitsuccession "
    "BEGIN UPDATE accounts_user SET grants_stamp = random(); END;",
    "CREATE TRIGGER IF NOT EXISTS units_unitsuccession_grants_delete AFTER DELETE ON units_unitsuccession "
    "BEGIN UPDATE accounts_user SET grants_stamp = random(); END;",
]
SQLITE_DROP = [
    f"DROP TRIGGER IF EXISTS {name};"
    for name in (
        "accounts_roleassignment_grants_insert",
        "accounts_roleassignment_grants_update",
        "accounts_roleassignment_grants_delete",
        "units_unit_path_grants",
        "units_unitsuccession_grants_insert",
        "units_unitsuccession_grants_update",
        "units_unitsuccession_grants_delete",
    )
]

POSTGRESQL = [
    # 62 random bits (random() has 52 of them): never a counter, so a rolled-back change or a
    # restored backup cannot bring back a stamp that some process cached other grants under.
    "CREATE OR REPLACE FUNCTION accounts_new_grants_stamp() RETURNS bigint AS $$ "
    "SELECT floor(random() * 4611686018427387904)::bigint $$ LANGUAGE sql VOLATILE;",
    "CREATE OR REPLACE FUNCTION accounts_roleassignment_grants_changed() RETURNS trigger AS $$ "
    "BEGIN "
    "IF TG_OP <> 'INSERT' THEN "
    "UPDATE accounts_user SET grants_stamp = accounts_new_grants_stamp() WHERE id = OLD.user_id; "
    "END IF; "
    "IF TG_OP = 'INSERT' OR (TG_OP = 'UPDATE' AND NEW.user_id <> OLD.user_id) THEN "
    "UPDATE accounts_user SET grants_stamp = accounts_new_grants_stamp() WHERE id = NEW.user_id; "
    "END IF; "
    "RETURN NULL; END; $$ LANGUAGE plpgsql;",
    "CREATE OR REPLACE FUNCTION accounts_all_grants_changed() RETURNS trigger AS $$ "
    "BEGIN UPDATE accounts_user SET grants_stamp = accounts_new_grants_stamp(); RETURN NULL; END; "
    "$$ LANGUAGE plpgsql;",
    "CREATE TRIGGER accounts_roleassignment_grants AFTER INSERT OR UPDATE OR DELETE ON accounts_roleassignment "
    "FOR EACH ROW EXECUTE FUNCTION accounts_roleassignment_grants_changed();",
    "CREATE TRIGGER units_unit_path_grants AFTER UPDATE OF path ON units_unit FOR EACH ROW "
    "WHEN (OLD.path <> '' AND OLD.path IS DISTINCT FROM NEW.path) EXECUTE FUNCTION accounts_all_grants_changed();",
    "CREATE TRIGGER units_unitsuccession_grants AFTER INSERT OR UPDATE OR DELETE ON units_unitsuccession "
    "FOR EACH STATEMENT EXECUTE FUNCTION accounts_all_grants_changed();",
]
POSTGRESQL_DROP = [
    "DROP TRIGGER IF EXISTS accounts_roleassignment_grants ON accounts_roleassignment;",
    "DROP TRIGGER IF EXISTS units_unit_path_grants ON units_unit;",
    "DROP TRIGGER IF EXISTS units_unitsuccession_grants ON units_unitsuccession;",
    "DROP FUNCTION IF EXISTS accounts_roleassignment_grants_changed();",
    "DROP FUNCTION IF EXISTS accounts_all_grants_changed();",
    "DROP FUNCTION IF EXISTS accounts_new_grants_stamp();",
]


def sqlite_create(connection: Any) -> None:
    """Create the triggers on SQLite, if the stamp column exists (not after migrating back past it)."""
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        columns = {c.name for c in connection.introspection.get_table_description(cursor, "accounts_user")}
        if "grants_stamp" not in columns:
            return
        for statement in SQLITE:
            cursor.execute(statement)


def sqlite_drop(connection: Any) -> None:
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        for statement in SQLITE_DROP:
            cursor.execute(statement)
