#!/usr/bin/env bash
# Install TiepCan into a prefix: system packages, a virtualenv with the locked dependencies,
# compiled translations and collected static files. The same script runs in the Dockerfile
# and, outside any container, in CI (.ci/prod-smoke.sh), so CI proves these steps.
#
#   deploy/install.sh [--prefix /opt/tiepcan] [--python python3.13] [--no-system] [--offline DIR]
#
# --no-system   skip apt-get (packages already there, or not root)
# --offline DIR install from the wheels in DIR only (the offline bundle), no index
set -euo pipefail
src=$(cd "$(dirname "$0")/.." && pwd)
prefix=/opt/tiepcan
python=""
system=1
offline=""
while [ $# -gt 0 ]; do
  case "$1" in
    --prefix) prefix=$2; shift 2 ;;
    --python) python=$2; shift 2 ;;
    --no-system) system=0; shift ;;
    --offline) offline=$(cd "$2" && pwd); shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
uv_version=0.13.8

if [ "$system" = 1 ]; then
  mapfile -t wanted < <(grep -Ev '^\s*(#|$)' "$src/deploy/debian-packages.txt")
  missing=()
  for p in "${wanted[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
  if [ ${#missing[@]} -gt 0 ]; then
    if [ -n "$offline" ]; then
      echo "missing Debian packages (install them from the distribution's media): ${missing[*]}" >&2; exit 1
    fi
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
fi
if [ -z "$python" ]; then
  python=$(command -v python3.13 || command -v python3)
fi
"$python" -c 'import sys; assert sys.version_info[:2] == (3, 13), sys.version' \
  || { echo "Python 3.13 is required ($python is not)" >&2; exit 1; }

# The application's files (a copy unless installing in place).
mkdir -p "$prefix"
prefix=$(cd "$prefix" && pwd)
if [ "$prefix" != "$src" ]; then
  tar -C "$src" --exclude=./.venv --exclude=./.tools --exclude=./var --exclude=./.git \
    --exclude=./wheels --exclude='__pycache__' -cf - . | tar -C "$prefix" -xf -
  if [ -n "$offline" ] && [ -f "$src/var/static/staticfiles.json" ]; then
    mkdir -p "$prefix/var" && cp -a "$src/var/static" "$prefix/var/"
  fi
fi
cd "$prefix"

if [ -n "$offline" ]; then
  # The offline bundle: pip, the bundle's wheels only, the versions uv.lock pinned; the
  # bundle's SHA256SUMS was checked by offline-install or by hand before.
  "$python" -m venv "$prefix/.venv"
  "$prefix/.venv/bin/pip" install --quiet --no-index --find-links "$offline" -r deploy/requirements.txt
  if [ -f var/static/staticfiles.json ] && compgen -G 'tiepcan/locale/*/LC_MESSAGES/django.mo' >/dev/null; then
    echo "installed TiepCan in $prefix from the offline bundle ($(.venv/bin/python --version))"
    exit 0
  fi
fi

if [ -z "$offline" ]; then
  # uv installs exactly what uv.lock says (hashes checked), without the development tools.
  uv="$prefix/.tools/bin/uv"
  if [ ! -x "$uv" ] && [ -x "$src/.tools/bin/uv" ] && [ "$("$src/.tools/bin/uv" --version | cut -d' ' -f2)" = "$uv_version" ]; then
    uv="$src/.tools/bin/uv"  # a checkout's own uv (make install), the same version
  elif [ ! -x "$uv" ]; then
    "$python" -m venv "$prefix/.tools"
    "$prefix/.tools/bin/pip" install --quiet "uv==$uv_version"
  fi
  UV_PROJECT_ENVIRONMENT="$prefix/.venv" "$uv" sync --quiet --locked --no-dev --python "$python" --project "$prefix"
fi

# Translations and static files, built with production settings and throw-away values.
build_env=(TIEPCAN_ENV=production DEBUG=false ALLOWED_HOSTS=build LOG_FORMAT=plain
  "SECRET_KEY=$("$python" -c 'import secrets; print(secrets.token_urlsafe(64))')"
  DATABASE_URL=postgres://build@127.0.0.1:1/build)
env "${build_env[@]}" .venv/bin/python manage.py compilemessages --ignore=.venv --ignore=.tools --ignore=var -v0
env "${build_env[@]}" .venv/bin/python manage.py collectstatic --noinput -v0
echo "installed TiepCan in $prefix ($(.venv/bin/python --version))"
