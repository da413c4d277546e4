#!/usr/bin/env bash
# Check the shipped nginx configs with `nginx -t` (when nginx is installed): the one-VM site
# (deploy/nginx/tiepcan.conf with its proxy snippet), the sub-path location inside a portal's
# server block, and the compose proxy. Paths of certificates, snippets and upstream hosts are
# pointed at a throw-away folder with a self-signed certificate; nothing is started.
# `http2 on;` needs nginx 1.25.1 (Debian 13 has 1.26); an older nginx checks the rest without it.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v nginx >/dev/null && [ "$(id -u)" -eq 0 ] && [ "${CI:-}" = true ]; then
  # CI installs Debian's nginx for the check only; a policy keeps apt from starting the service.
  policy=/usr/sbin/policy-rc.d
  made_policy=no
  if [ ! -e "$policy" ]; then
    printf '#!/bin/sh\nexit 101\n' > "$policy"; chmod +x "$policy"; made_policy=yes
  fi
  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends nginx; } >/dev/null 2>&1 || true
  [ "$made_policy" = no ] || rm -f "$policy"
fi
if ! command -v nginx >/dev/null; then
  echo "nginx not installed: configs not checked"; exit 0
fi
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/logs" "$tmp/tls"
openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj "/CN=tiepcan.example.gov.vn" \
  -keyout "$tmp/tls/privkey.pem" -out "$tmp/tls/fullchain.pem" >/dev/null 2>&1
version=$(nginx -v 2>&1 | sed -n 's|.*nginx/\([0-9.]*\).*|\1|p')
old_nginx=$(printf '%s\n1.25.1\n' "$version" | sort -V | head -1 | grep -qx "1.25.1" && echo no || echo yes)
adapt() {
  sed -e "s|/etc/ssl/tiepcan/|$tmp/tls/|g; s|/etc/nginx/tls/|$tmp/tls/|g" \
    -e "s|/etc/nginx/snippets/|$tmp/|g; s|server web:8000|server 127.0.0.1:8000|" \
    -e "s|listen 80;|listen 127.0.0.1:18080;|; s|listen \[::\]:80;||; s|listen 443 ssl;|listen 127.0.0.1:18443 ssl;|; s|listen \[::\]:443 ssl;||" \
    "$1" | if [ "$old_nginx" = yes ]; then sed 's|^\( *\)http2 on;|\1# http2 on; (nginx < 1.25.1)|'; else cat; fi
}
adapt deploy/nginx/tiepcan-proxy.conf > "$tmp/tiepcan-proxy.conf"
main() {
  cat <<CONF
pid $tmp/nginx.pid;
error_log $tmp/logs/error.log;
events {}
http {
  access_log off;
  client_body_temp_path $tmp; proxy_temp_path $tmp; fastcgi_temp_path $tmp; uwsgi_temp_path $tmp; scgi_temp_path $tmp;
  include $1;
}
CONF
}
status=0
check() {  # name, http-level file
  main "$2" > "$tmp/nginx-$1.conf"
  if out=$(nginx -t -p "$tmp" -c "$tmp/nginx-$1.conf" 2>&1); then
    echo "nginx config ok: $1"
  else
    echo "$out" >&2; echo "nginx config FAILED: $1" >&2; status=1
  fi
}
adapt deploy/nginx/tiepcan.conf > "$tmp/site.conf"
check tiepcan.conf "$tmp/site.conf"
# The sub-path location goes into a portal's server block, beside tiepcan.conf's upstream and map.
{
  sed -n '/^upstream tiepcan/,/^}/p; /^map /,/^}/p' "$tmp/site.conf"
  echo "server {"
  echo "  listen 127.0.0.1:18443 ssl; server_name portal.tinh.gov.vn;"
  echo "  ssl_certificate $tmp/tls/fullchain.pem; ssl_certificate_key $tmp/tls/privkey.pem;"
  adapt deploy/nginx/tiepcan-subpath.conf
  echo "}"
} > "$tmp/subpath.conf"
check tiepcan-subpath.conf "$tmp/subpath.conf"
adapt deploy/nginx/tiepcan-compose.conf > "$tmp/compose.conf"
check tiepcan-compose.conf "$tmp/compose.conf"
[ "$old_nginx" = no ] || echo "(nginx $version: 'http2 on;' not checked, it needs 1.25.1 or newer)"
exit $status
