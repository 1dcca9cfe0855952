#!/usr/bin/env bash
# Installs the npm dependencies from the lock file when they are missing or older than it.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "[deps] npm ci" >&2
  # re2 1.24.0 (linear-time regexes for user patterns) is built from source: no prebuilt
  # binary can be fetched here, and later releases do not build on Node 20.
  RE2_DOWNLOAD_FORCE_BUILD=1 npm ci --no-audit --no-fund >&2
fi
