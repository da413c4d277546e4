#!/usr/bin/env bash
# First start of the compose database: the application's role, which owns nothing.
# `manage.py migrate` (run as the owner) then grants it row privileges (DATABASE_APP_ROLE).
set -euo pipefail
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" \
  -v app_password="$APP_DB_PASSWORD" <<'SQL'
CREATE ROLE tiepcan_app LOGIN PASSWORD :'app_password';
SQL
