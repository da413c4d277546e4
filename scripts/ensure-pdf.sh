#!/usr/bin/env bash
# PDF documents are rendered by WeasyPrint, which needs Pango (text layout) and a Times-compatible
# serif font for the Decree 30 layout (Liberation Serif has the metrics of Times New Roman).
# Install Debian's packages when they are missing; otherwise do nothing.
set -euo pipefail
missing=()
ldconfig -p 2>/dev/null | grep 'libpango-1.0.so' >/dev/null || missing+=(libpango-1.0-0 libpangoft2-1.0-0)
fc-list 2>/dev/null | grep 'LiberationSerif' >/dev/null || missing+=(fonts-liberation2)
command -v fc-list >/dev/null 2>&1 || missing+=(fontconfig)
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "For PDF documents install: sudo apt-get install ${missing[*]}" >&2
  exit 0  # the app still runs; only the PDF downloads need these
fi
echo "Installing Debian's ${missing[*]} for PDF documents..."
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
