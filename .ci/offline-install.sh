#!/usr/bin/env bash
# Offline install: build the bundle (`make bundle`), then install it from the archive alone
# inside a network namespace with no route out, and serve a page there with gunicorn.
# Needs root (ip netns).
set -euo pipefail
cd "$(dirname "$0")/.."
started=$SECONDS
make bundle >/dev/null
bundle=$(ls -t dist/tiepcan-*.tar.gz | head -1)
python=$(.venv/bin/python -c 'import sys; print(sys._base_executable)')
work=$(mktemp -d /tmp/tiepcan-offline.XXXXXX)
ns="tcoffline$$"
cleanup() {
  ip netns pids "$ns" 2>/dev/null | xargs -r kill -TERM 2>/dev/null || true
  ip netns del "$ns" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
echo "[$((SECONDS - started)) s] bundle $bundle ($(du -h "$bundle" | cut -f1))"
tar -C "$work" -xzf "$bundle"
root=$(ls -d "$work"/tiepcan-*/)
(cd "$root" && sha256sum --check --quiet SHA256SUMS)

ip netns add "$ns"
ip netns exec "$ns" ip link set lo up
if ip netns exec "$ns" "$python" -c "import socket; socket.create_connection(('1.1.1.1', 443), timeout=3)" 2>/dev/null; then
  echo "the namespace reaches the internet: not an offline test" >&2; exit 1
fi
offline() { ip netns exec "$ns" env -u PIP_FIND_LINKS -u PIP_INDEX_URL "$@"; }
offline bash "$root/app/deploy/install.sh" --offline "$root/wheels" --no-system --prefix "$work/installed" --python "$python"
echo "[$((SECONDS - started)) s] installed without network"

# The installed copy runs (SQLite, development mode: PostgreSQL is outside the namespace).
cd "$work/installed"
export TIEPCAN_ENV=development DATABASE_URL="sqlite:///$work/offline.sqlite3" MEDIA_ROOT="$work/media"
offline .venv/bin/python manage.py migrate --noinput -v0
offline .venv/bin/python -c "import gunicorn, weasyprint, pyrage, prometheus_client, psycopg"
offline env GUNICORN_BIND=127.0.0.1:8765 WEB_CONCURRENCY=1 .venv/bin/gunicorn -c deploy/gunicorn.conf.py \
  tiepcan.wsgi > "$work/web.log" 2>&1 &
for _ in $(seq 1 120); do
  offline .venv/bin/python -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8765/healthz', timeout=2)" \
    2>/dev/null && break
  sleep 0.5
done
offline .venv/bin/python - <<'PY'
import urllib.request
page = urllib.request.urlopen("http://127.0.0.1:8765/dang-nhap/", timeout=10).read().decode()
assert "Đăng nhập" in page, page[:300]
css = page.split('href="/static/', 1)[1].split('"', 1)[0]
assert urllib.request.urlopen("http://127.0.0.1:8765/static/" + css, timeout=10).status == 200
print("  ok  sign-in page and its static files served from the offline install")
PY
echo "offline install passed ($((SECONDS - started)) s)"
