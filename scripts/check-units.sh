#!/usr/bin/env bash
# Check the shipped systemd units with `systemd-analyze verify` (when systemd's tools are
# installed). The units name /opt/tiepcan; the check points them at this checkout instead.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v systemd-analyze >/dev/null; then
  echo "systemd-analyze not installed: units not verified"; exit 0
fi
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
for unit in deploy/systemd/*.service deploy/systemd/*.timer; do
  sed "s|/opt/tiepcan|$PWD|g" "$unit" > "$tmp/$(basename "$unit")"
done
out=$(cd "$tmp" && systemd-analyze verify --man=no ./*.service ./*.timer 2>&1 || true)
# Outside a booted system systemd may complain about its own state; only lines naming our units count.
if grep -E 'tiepcan-[a-z-]+\.(service|timer)' <<<"$out"; then
  echo "systemd units: problems above" >&2; exit 1
fi
echo "systemd units verified: $(ls "$tmp" | tr '\n' ' ')"
