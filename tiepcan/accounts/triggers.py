"""The triggers that give a person a new grants stamp (accounts migration 0004) and keep their
count of unread notifications (migration 0005).

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
# A person's unread notifications counted again (not added to or taken from: a count can never
# drift, whatever wrote the rows) whenever one of theirs is added, read, unread, moved or deleted.
SQLITE_UNREAD = [
    "CREATE TRIGGER IF NOT EXISTS core_notification_unread_insert AFTER INSERT ON core_notification "
    "WHEN NEW.read_at IS NULL BEGIN "
    "UPDATE accounts_user SET unread_notifications = (SELECT COUNT(*) FROM core_notification "
    "WHERE user_id = NEW.user_id AND read_at IS NULL) WHERE id = NEW.user_id; END;",
    "CREATE TRIGGER IF NOT EXISTS core_notification_unread_update AFTER UPDATE OF read_at, user_id "
    "ON core_notification WHEN (OLD.read_at IS NULL) <> (NEW.read_at IS NULL) OR OLD.user_id <> NEW.user_id "
    "BEGIN UPDATE accounts_user SET unread_notifications = (SELECT COUNT(*) FROM core_notification "
    "WHERE core_notification.user_id = accounts_user.id AND read_at IS NULL) "
    "WHERE id IN (OLD.user_id, NEW.user_id); END;",
    "CREATE TRIGGER IF NOT EXISTS core_notification_unread_delete AFTER DELETE ON core_notification "
    "WHEN OLD.read_at IS NULL BEGIN "
    "UPDATE accounts_user SET unread_notifications = (SELECT COUNT(*) FROM core_notification "
    "WHERE user_id = OLD.user_id AND read_at IS NULL) WHERE id = OLD.user_id; END;",
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
        "core_notification_unread_insert",
        "core_notification_unread_update",
        "core_notification_unread_delete",
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
# Statement-level, with the rows the statement changed: marking 500 notifications read counts
# the person's unread ones once, not 500 times. ``changed`` holds the people whose count may
# have moved (an unread row added or removed, a row read or unread, a row given to another).
POSTGRESQL_UNREAD = [
    "CREATE OR REPLACE FUNCTION accounts_unread_notifications_changed() RETURNS trigger AS $$ "
    "DECLARE changed bigint[]; "
    "BEGIN "
    "IF TG_OP = 'INSERT' THEN "
    "SELECT array_agg(DISTINCT user_id) INTO changed FROM new_rows WHERE read_at IS NULL; "
    "ELSIF TG_OP = 'DELETE' THEN "
    "SELECT array_agg(DISTINCT user_id) INTO changed FROM old_rows WHERE read_at IS NULL; "
    "ELSE "
    "SELECT array_agg(DISTINCT who) INTO changed FROM old_rows o JOIN new_rows w ON w.id = o.id, "
    "LATERAL (VALUES (o.user_id), (w.user_id)) AS people(who) "
    "WHERE (o.read_at IS NULL) <> (w.read_at IS NULL) OR o.user_id <> w.user_id; "
    "END IF; "
    "IF changed IS NOT NULL THEN "
    "UPDATE accounts_user u SET unread_notifications = (SELECT count(*) FROM core_notification n "
    "WHERE n.user_id = u.id AND n.read_at IS NULL) WHERE u.id = ANY(changed); "
    "END IF; "
    "RETURN NULL; END; $$ LANGUAGE plpgsql;",
    "CREATE TRIGGER core_notification_unread_insert AFTER INSERT ON core_notification "
    "REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION accounts_unread_notifications_changed();",
    "CREATE TRIGGER core_notification_unread_update AFTER UPDATE ON core_notification "
    "REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT "
    "EXECUTE FUNCTION accounts_unread_notifications_changed();",
    "CREATE TRIGGER core_notification_unread_delete AFTER DELETE ON core_notification "
    "REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION accounts_unread_notifications_changed();",
]
POSTGRESQL_UNREAD_DROP = [
    "DROP TRIGGER IF EXISTS core_notification_unread_insert ON core_notification;",
    "DROP TRIGGER IF EXISTS core_notification_unread_update ON core_notification;",
    "DROP TRIGGER IF EXISTS core_notification_unread_delete ON core_notification;",
    "DROP FUNCTION IF EXISTS accounts_unread_notifications_changed();",
]
# Every person's count from the rows (the migration's backfill; also repairs by hand).
RECOUNT_ALL = (
    "UPDATE accounts_user SET unread_notifications = (SELECT COUNT(*) FROM core_notification "
    "WHERE core_notification.user_id = accounts_user.id AND core_notification.read_at IS NULL);"
)

POSTGRESQL_DROP = [
    "DROP TRIGGER IF EXISTS accounts_roleassignment_grants ON accounts_roleassignment;",
    "DROP TRIGGER IF EXISTS units_unit_path_grants ON units_unit;",
    "DROP TRIGGER IF EXISTS units_unitsuccession_grants ON units_unitsuccession;",
    "DROP FUNCTION IF EXISTS accounts_roleassignment_grants_changed();",
    "DROP FUNCTION IF EXISTS accounts_all_grants_changed();",
    "DROP FUNCTION IF EXISTS accounts_new_grants_stamp();",
]


def sqlite_create(connection: Any) -> None:
    """Create the triggers on SQLite whose column exists (none after migrating back past it)."""
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        columns = {c.name for c in connection.introspection.get_table_description(cursor, "accounts_user")}
        if "grants_stamp" in columns:
            for statement in SQLITE:
                cursor.execute(statement)
        if "unread_notifications" in columns:
            for statement in SQLITE_UNREAD:
                cursor.execute(statement)


def sqlite_drop(connection: Any) -> None:
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        for statement in SQLITE_DROP:
            cursor.execute(statement)
