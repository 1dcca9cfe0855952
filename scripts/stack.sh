#!/usr/bin/env bash
# `npm run stack`: everything to run logsieve locally from a fresh clone. Installs the npm
# dependencies if needed, starts (or reuses) Redis and a MongoDB-protocol server, builds,
# and runs the api and the worker in one process (APP_ROLE=all) on port 8000.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-deps.sh
if [ -f .env ]; then set -a; . ./.env; set +a; fi
eval "$(bash scripts/services.sh up | sed 's/^/export /')"
npx nest build
export APP_ROLE="${APP_ROLE:-all}" PORT="${PORT:-8000}"
echo "[stack] logsieve ($APP_ROLE) on http://localhost:$PORT, docs at /docs. Ctrl-C stops it;"
echo "[stack] 'npm run services down' stops the Redis and MongoDB servers it started."
exec node dist/apps/api/src/main.js
