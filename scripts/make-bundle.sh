#!/usr/bin/env bash
# `make bundle`: one archive that installs TiepCan on a VM with no internet access.
#   dist/tiepcan-<version>.tar.gz
#     app/                      the application (tracked files), compiled messages, collected static
#     app/deploy/requirements.txt   the locked runtime dependencies (from uv.lock)
#     wheels/                   a wheel of each, for CPython 3.13 on this machine's platform
#     debian-packages.txt       what the distribution must provide (install from its media)
#     SHA256SUMS                checksums of every file above
# Install: tar xzf …; bash app/deploy/install.sh --offline wheels --prefix /opt/tiepcan
set -euo pipefail
cd "$(dirname "$0")/.."
version=$(git describe --always --dirty 2>/dev/null || echo dev)
name="tiepcan-${version}"
out="dist/${name}"
rm -rf "$out" && mkdir -p "$out/app" "$out/wheels"

git ls-files -z | tar --null -T - -cf - | tar -C "$out/app" -xf -
.tools/bin/uv export --locked --no-dev --no-emit-project --no-hashes --format requirements.txt --quiet \
  > "$out/app/deploy/requirements.txt"
# Wheels for the target (this machine's platform and Python 3.13). xstatic-bootstrap ships only
# an sdist whose setup.py needs setuptools < 81: it is built here, once, into a wheel.
constraint=$(mktemp); echo 'setuptools<81' > "$constraint"
PIP_CONSTRAINT="$constraint" .tools/bin/pip wheel --quiet --disable-pip-version-check \
  -r "$out/app/deploy/requirements.txt" -w "$out/wheels"
rm -f "$constraint"
cp deploy/debian-packages.txt "$out/"

build_env=(TIEPCAN_ENV=production DEBUG=false ALLOWED_HOSTS=build LOG_FORMAT=plain
  "SECRET_KEY=$(.venv/bin/python -c 'import secrets; print(secrets.token_urlsafe(64))')"
  DATABASE_URL=postgres://build@127.0.0.1:1/build)
(cd "$out/app" && env "${build_env[@]}" "$OLDPWD/.venv/bin/python" manage.py compilemessages -v0 \
  && env "${build_env[@]}" "$OLDPWD/.venv/bin/python" manage.py collectstatic --noinput -v0)
find "$out/app" -name __pycache__ -prune -exec rm -rf {} +

(cd "$out" && find . -type f ! -name SHA256SUMS -print0 | sort -z | xargs -0 sha256sum > SHA256SUMS)
tar -C dist -czf "dist/${name}.tar.gz" "$name"
rm -rf "$out"
echo "dist/${name}.tar.gz ($(du -h "dist/${name}.tar.gz" | cut -f1))"
