#!/usr/bin/env bash
# Run Django's deployment checks against production settings with throw-away values,
# so a change that weakens production security fails the build.
set -euo pipefail
secret=$(.venv/bin/python -c "import secrets; print(secrets.token_urlsafe(64))")
TIEPCAN_ENV=production DEBUG=false SECRET_KEY="$secret" \
  DATABASE_URL="postgres://tiepcan@127.0.0.1:5432/tiepcan" REDIS_URL="redis://127.0.0.1:6379/0" \
  S3_BUCKET="tiepcan-check" ALLOWED_HOSTS="tiepcan.example.gov.vn" \
  .venv/bin/python manage.py check --deploy --fail-level WARNING
# One provincial VM: no Redis, no S3 (database cache, media on disk), under a sub-path.
TIEPCAN_ENV=production DEBUG=false SECRET_KEY="$secret" \
  DATABASE_URL="postgres://tiepcan@127.0.0.1:5432/tiepcan" URL_PREFIX=/tiepcan ALLOWED_HOSTS="tiepcan.example.gov.vn" \
  .venv/bin/python manage.py check --deploy --fail-level WARNING
# Production must refuse to start with DEBUG on or a placeholder secret.
if TIEPCAN_ENV=production DEBUG=true SECRET_KEY="$secret" DATABASE_URL="postgres://x@127.0.0.1/x" \
  REDIS_URL="redis://127.0.0.1:6379/0" S3_BUCKET=x .venv/bin/python manage.py check >/dev/null 2>&1; then
  echo "production settings accepted DEBUG=true" >&2; exit 1
fi
if TIEPCAN_ENV=production SECRET_KEY="change-me" DATABASE_URL="postgres://x@127.0.0.1/x" \
  REDIS_URL="redis://127.0.0.1:6379/0" S3_BUCKET=x .venv/bin/python manage.py check >/dev/null 2>&1; then
  echo "production settings accepted a placeholder SECRET_KEY" >&2; exit 1
fi
echo "deploy checks passed"
