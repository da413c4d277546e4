#!/usr/bin/env bash
# Database step of an upgrade, run as the tables' owner: back up first, then migrate. Used by
# the compose `migrate` service and on a VM (docs/deployment.md, "Upgrades and rollback").
# A database that already has tables is never migrated without a backup: with no backup key
# (BACKUP_RECIPIENTS) this stops, unless SKIP_BACKUP=yes says a backup was made another way.
set -euo pipefail
cd "$(dirname "$0")/.."
py=.venv/bin/python
if "$py" manage.py shell -v0 -c \
  "from django.db import connection; raise SystemExit(0 if 'django_migrations' in connection.introspection.table_names() else 1)"; then
  if [ -n "${BACKUP_RECIPIENTS:-}" ]; then
    "$py" manage.py backup
  elif [ "${SKIP_BACKUP:-}" = "yes" ]; then
    echo "upgrade-db: SKIP_BACKUP=yes, migrating without a backup" >&2
  else
    echo "upgrade-db: no backup key (BACKUP_RECIPIENTS): refusing to migrate a database without a backup." >&2
    echo "  Set BACKUP_RECIPIENTS (manage.py backup_key makes a key pair), or SKIP_BACKUP=yes after a backup of your own." >&2
    exit 1
  fi
fi
"$py" manage.py migrate --noinput
# First upgrade with result summary rows: backfill them (docs/results.md); a no-op afterwards.
"$py" manage.py result_summaries rebuild --if-empty
