#!/usr/bin/env bash
# Restore drill on PostgreSQL: load the demo province and some files, back up (encrypted),
# drop the database and the files, restore into a fresh database, and compare a checksum of
# every table's rows and the SHA-256 of every file: they must be identical. As in production,
# the nightly backup runs as the application role (which owns nothing) and the restore as the
# owner, after which the application role can work on the restored database again.
# Needs PostgreSQL on 127.0.0.1:5432 (user postgres, trust) and `make install` done.
set -euo pipefail
cd "$(dirname "$0")/.."
started=$SECONDS
db="tc_drill_$$"
role="tc_drill_app_$$"
work=$(mktemp -d /tmp/tiepcan-drill.XXXXXX)
psql_() { psql -h 127.0.0.1 -U postgres -v ON_ERROR_STOP=1 -qAt "$@"; }
cleanup() {
  psql_ -d postgres -c "DROP DATABASE IF EXISTS ${db}" >/dev/null 2>&1 || true
  psql_ -d postgres -c "DROP ROLE IF EXISTS ${role}" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

export TIEPCAN_ENV=production DEBUG=false ALLOWED_HOSTS=localhost LOG_FORMAT=plain LOG_LEVEL=WARNING
export EMAIL_BACKEND=django.core.mail.backends.dummy.EmailBackend
SECRET_KEY=$(.venv/bin/python -c "import secrets; print(secrets.token_urlsafe(64))")
owner_url="postgres://postgres@127.0.0.1:5432/${db}" app_url="postgres://${role}@127.0.0.1:5432/${db}"
export SECRET_KEY DATABASE_URL="$owner_url" MEDIA_ROOT="$work/media" DATABASE_APP_ROLE="$role"
manage() { .venv/bin/python manage.py "$@"; }

# Every table's rows, in a stable order, as one MD5 per table (of the sorted row MD5s).
fingerprint() {
  local tables
  tables=$(psql_ -d "$db" -c "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1")
  for t in $tables; do
    printf '%s %s\n' "$t" "$(psql_ -d "$db" -c "SELECT count(*) || ':' || coalesce(md5(string_agg(h, '' ORDER BY h)), '-') FROM (SELECT md5(x::text) AS h FROM \"$t\" x) s")"
  done
}
media_sums() { (cd "$work/media" && find . -type f -print0 | sort -z | xargs -0 -r sha256sum); }

psql_ -d postgres -c "CREATE DATABASE ${db}" -c "CREATE ROLE ${role} LOGIN"
manage migrate --noinput -v0
manage demo >/dev/null
# Files with Vietnamese names in nested folders, and binary content.
manage shell -v0 -c "
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
import os
default_storage.save('minh-chung/2026/Biên_bản_họp_xã.pdf', ContentFile(b'%PDF-1.7 ' + os.urandom(50000)))
default_storage.save('quyet-dinh/Quyết_định.docx', ContentFile(os.urandom(120000)))
default_storage.save('a.png', ContentFile(b'\x89PNG' + os.urandom(999)))
"
fingerprint > "$work/before.tables"
media_sums > "$work/before.media"
echo "before: $(wc -l < "$work/before.tables") tables, $(wc -l < "$work/before.media") files, $(awk '{split($2,a,":"); n+=a[1]} END {print n}' "$work/before.tables") rows"

manage backup_key "$work/identity.txt" > "$work/recipient"
DATABASE_URL=$app_url manage backup --output "$work/backups" --recipient "$(cat "$work/recipient")"
archive=$(ls "$work"/backups/tiepcan-*.tar.age)
manage restore "$archive" --identity "$work/identity.txt" --verify-only

# Disaster: the database and the files are gone.
psql_ -d postgres -c "DROP DATABASE ${db}"
rm -rf "$work/media"
psql_ -d postgres -c "CREATE DATABASE ${db}"
manage restore "$archive" --identity "$work/identity.txt"

fingerprint > "$work/after.tables"
media_sums > "$work/after.media"
diff -u "$work/before.tables" "$work/after.tables"
diff -u "$work/before.media" "$work/after.media"
# The restored database is at the latest migration and the app starts on it.
manage migrate --check -v0
# The application role was granted its privileges again by the restore: it reads and writes.
DATABASE_URL=$app_url manage check -v0
DATABASE_URL=$app_url manage shell -v0 -c "
from django.core.cache import cache
from tiepcan.core.models import AuditEntry
cache.set('restore-drill', 1); assert cache.get('restore-drill') == 1
assert AuditEntry.objects.exists()
print('application role: reads and writes the restored database')
"
echo "restore drill: $(wc -l < "$work/after.tables") tables and $(wc -l < "$work/after.media") files identical ($((SECONDS - started)) s)"
