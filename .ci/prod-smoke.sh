#!/usr/bin/env bash
# Production smoke test on loopback: install with deploy/install.sh (the Dockerfile's steps,
# outside a container), PostgreSQL with an application role that owns no table, gunicorn
# with TIEPCAN_ENV=production under the sub-path /tiepcan, local media on disk, the worker
# when `manage.py worker` exists. Then: readiness, sign in, autosave, a stale save refused,
# upload, decision PDF, metrics, a graceful reload, and the autosaved value in the database.
# A second app server on the same database: the session, the stale-version check, the API rate
# limit and the sign-in lockout are shared (per client, read from X-Forwarded-For).
set -euo pipefail
cd "$(dirname "$0")/.."
started=$SECONDS
src=$PWD
work=$(mktemp -d /tmp/tiepcan-smoke.XXXXXX)
db="tc_smoke_$$"
role="tc_smoke_app_$$"
port=${SMOKE_PORT:-$((18000 + $$ % 1000))}
pids=()
psql_() { psql -h 127.0.0.1 -U postgres -v ON_ERROR_STOP=1 -qAt "$@"; }
cleanup() {
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  psql_ -d postgres -c "DROP DATABASE IF EXISTS ${db} WITH (FORCE)" >/dev/null 2>&1 || true
  psql_ -d postgres -c "DROP ROLE IF EXISTS ${role}" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT
lap() { echo "[$((SECONDS - started)) s] $*"; }

lap "install (deploy/install.sh) into $work/app"
bash deploy/install.sh --prefix "$work/app" --no-system >/dev/null
cd "$work/app"

psql_ -d postgres -c "CREATE DATABASE ${db}" -c "CREATE ROLE ${role} LOGIN"
export TIEPCAN_ENV=production DEBUG=false ALLOWED_HOSTS=127.0.0.1 SECURE_SSL_REDIRECT=false
SECRET_KEY=$(.venv/bin/python -c "import secrets; print(secrets.token_urlsafe(64))")
METRICS_TOKEN=$(.venv/bin/python -c "import secrets; print(secrets.token_urlsafe(32))")
export SECRET_KEY METRICS_TOKEN MEDIA_ROOT="$work/media" BACKUP_DIR="$work/backups" URL_PREFIX=/tiepcan
export DATABASE_APP_ROLE="$role" EMAIL_BACKEND=django.core.mail.backends.dummy.EmailBackend LOG_LEVEL=INFO
# A shared CI machine can be slow: a PDF of a whole province must not hit the worker timeout.
export GUNICORN_TIMEOUT=300
# A small open-data rate limit, so the smoke can see it shared by the two app servers.
export API_RATE_LIMIT=4 API_RATE_WINDOW_SECONDS=3600
owner_url="postgres://postgres@127.0.0.1:5432/${db}"
app_url="postgres://${role}@127.0.0.1:5432/${db}"

lap "migrate as the owner (grants the application role), load the demo province"
DATABASE_URL=$owner_url .venv/bin/python manage.py migrate --noinput -v0
DATABASE_URL=$owner_url LOG_LEVEL=ERROR .venv/bin/python manage.py demo >/dev/null
export DATABASE_URL=$app_url
test "$(psql_ -d "$db" -c "SELECT count(*) FROM pg_tables WHERE schemaname='public' AND tableowner='${role}'")" = 0

# Two accounts the smoke signs in with, created through the application role.
prep=$(.venv/bin/python manage.py shell -v0 -c "
import json
from tiepcan.accounts.choices import Role
from tiepcan.accounts.models import RoleAssignment, User
from tiepcan.assessments.choices import Status
from tiepcan.assessments.models import Assessment, RecognitionDecision
draft = Assessment.objects.filter(status=Status.DRAFT, period__year=2026).select_related('unit').order_by('unit__code').first()
officer = User(username='smoke.officer', full_name='Cán bộ thử'); officer.set_password('$SECRET_KEY'[:30]); officer.save()
RoleAssignment.objects.create(user=officer, role=Role.COMMUNE_OFFICER, unit=draft.unit)
admin = User(username='smoke.admin', full_name='Quản trị thử', is_superuser=True, is_staff=True); admin.set_password('$SECRET_KEY'[:30]); admin.save()
print(json.dumps({'officer': 'smoke.officer', 'admin': 'smoke.admin', 'password': '$SECRET_KEY'[:30],
  'assessment': draft.pk, 'version': draft.version, 'indicator': '2.1', 'field': 'listed', 'upload_indicator': '1.1',
  'decision': RecognitionDecision.objects.order_by('pk').first().pk, 'metrics_token': '$METRICS_TOKEN'}))
")

lap "start gunicorn on 127.0.0.1:${port} (2 workers) under /tiepcan"
mkdir -p "$work/metrics" "$work/metrics2"
SCRIPT_NAME=/tiepcan PROMETHEUS_MULTIPROC_DIR="$work/metrics" GUNICORN_BIND="127.0.0.1:${port}" WEB_CONCURRENCY=2 \
  .venv/bin/gunicorn --config deploy/gunicorn.conf.py --pid "$work/gunicorn.pid" tiepcan.wsgi \
  > "$work/web.log" 2>&1 &
pids+=($!)
# A second app server on the same database (scale-out): sessions and the version check are shared.
SCRIPT_NAME=/tiepcan PROMETHEUS_MULTIPROC_DIR="$work/metrics2" GUNICORN_BIND="127.0.0.1:$((port + 1))" WEB_CONCURRENCY=1 \
  .venv/bin/gunicorn --config deploy/gunicorn.conf.py tiepcan.wsgi > "$work/web2.log" 2>&1 &
pids+=($!)
if .venv/bin/python manage.py help worker >/dev/null 2>&1; then
  lap "start the worker (manage.py worker)"
  .venv/bin/python manage.py worker > "$work/worker.log" 2>&1 &
  pids+=($!)
else
  lap "no manage.py worker in this version: documents are rendered in the request"
fi
for p in "$port" "$((port + 1))"; do
  for _ in $(seq 1 240); do
    curl -fsS "http://127.0.0.1:${p}/tiepcan/healthz" >/dev/null 2>&1 && break
    sleep 0.5
  done
  curl -fsS "http://127.0.0.1:${p}/tiepcan/healthz" >/dev/null || { cat "$work"/web*.log; exit 1; }
done

lap "browser-like journey"
.venv/bin/python "$src/.ci/prod_smoke_client.py" "http://127.0.0.1:${port}/tiepcan" "$prep" \
  "http://127.0.0.1:$((port + 1))/tiepcan" \
  || { tail -50 "$work/web.log"; exit 1; }

lap "graceful reload (HUP): workers replaced, requests still answered"
kill -HUP "$(cat "$work/gunicorn.pid")"
sleep 2
for _ in $(seq 1 60); do
  curl -fsS "http://127.0.0.1:${port}/tiepcan/readyz" >/dev/null 2>&1 && break
  sleep 0.5
done
curl -fsS "http://127.0.0.1:${port}/tiepcan/readyz"; echo

lap "what the server acknowledged is in the database; logs are JSON with request ids"
.venv/bin/python manage.py shell -v0 -c "
import json
from tiepcan.assessments.models import Assessment, Evidence
prep = json.loads('''$prep''')
a = Assessment.objects.get(pk=prep['assessment'])
assert a.version == prep['version'] + 2, (a.version, prep['version'])  # one save on each server
assert Evidence.objects.filter(assessment=a, title='Biên bản kiểm tra').exists()
e = Evidence.objects.get(assessment=a, title='Biên bản kiểm tra')
assert e.file.storage.exists(e.file.name) and e.file.read().startswith(b'%PDF'), e.file.name
print('  ok  autosave and upload stored:', e.file.name)
"
grep -q '"request_id": "smoke-request-0001"' "$work/web.log" || grep -q '"request_id":"smoke-request-0001"' "$work/web.log" \
  || { echo "no JSON log line carries the request id" >&2; tail -20 "$work/web.log"; exit 1; }
echo "  ok  JSON log lines carry the request id"
lap "production smoke passed"
