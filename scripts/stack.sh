#!/usr/bin/env bash
# `npm run stack`: everything to run logsieve locally from a fresh clone. Installs the npm
# dependencies if needed, starts (or reuses) Redis and a MongoDB-protocol server, builds,
# and runs the api and the worker in one process (APP_ROLE=all) on port 8000.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-deps.sh
if [ -f .env ]; then set -a; . ./.env; set +a; fi
eval "$(bash scripts/services.sh up | sed 's/^/export /')"
npm run build --silent
export APP_ROLE="${APP_ROLE:-all}" PORT="${PORT:-8000}"
# A local stack: the development keys are allowed (with a warning) only when this says so.
export NODE_ENV="${NODE_ENV:-development}"
# Readable lines in a terminal; deployments keep the default, JSON lines.
export LOG_FORMAT="${LOG_FORMAT:-text}"
# Without API_KEYS, a local admin key (production refuses it) so the stack is usable at once.
export API_KEYS="${API_KEYS:-admin:logsieve-local-development-key}"
echo "[stack] logsieve ($APP_ROLE) on http://localhost:$PORT, docs at /docs. Ctrl-C stops it;"
echo "[stack] API key unless API_KEYS is set: logsieve-local-development-key (header X-API-Key; the dashboard asks for it)"
echo "[stack] 'npm run services down' stops the Redis and MongoDB servers it started."
exec node dist/apps/logsieve/src/main.js
