#!/usr/bin/env bash
# Database step of an upgrade, run as the tables' owner: back up first (when the database
# already has tables and a backup key is configured), then migrate. Used by the compose
# `migrate` service and by deploy/upgrade.sh on a VM.
set -euo pipefail
cd "$(dirname "$0")/.."
py=.venv/bin/python
if [ -n "${BACKUP_RECIPIENTS:-}" ] && "$py" manage.py shell -v0 -c \
  "from django.db import connection; raise SystemExit(0 if 'django_migrations' in connection.introspection.table_names() else 1)"; then
  "$py" manage.py backup
fi
"$py" manage.py migrate --noinput
# First upgrade with result summary rows: backfill them (docs/results.md); a no-op afterwards.
"$py" manage.py result_summaries rebuild --if-empty
