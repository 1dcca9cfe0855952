#!/usr/bin/env bash
# API fuzzing: schemathesis (in its own virtual environment) against the running api's
# OpenAPI document, with an admin key, a bounded number of examples per operation, checking
# for server errors and responses that break the documented schema. Run by .ci/run.
set -euo pipefail
cd "$(dirname "$0")/.."
VENV="${LOGSIEVE_FUZZ_VENV:-.venv-fuzz}"
if [ ! -x "$VENV/bin/schemathesis" ]; then
  echo "[fuzz] installing schemathesis into $VENV" >&2
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install --quiet --disable-pip-version-check schemathesis==4.32.5
fi
bash scripts/ensure-deps.sh
[ -f dist/apps/logsieve/src/main.js ] || npm run build --silent
eval "$(bash scripts/services.sh up | sed 's/^/export /')"
PORT="${FUZZ_PORT:-8090}"
KEY="fuzz-admin-$(od -An -tx1 -N12 /dev/urandom | tr -d ' \n')"
SUFFIX="$(date +%s)"
APP_ROLE=all PORT="$PORT" NODE_ENV=test LOG_LEVEL=warn API_KEYS="admin:$KEY" \
  MONGO_URI="${MONGO_URI%/*}/logsieve_fuzz_$SUFFIX" QUEUE_PREFIX="{logsieve-fuzz-$SUFFIX}" \
  TAIL_MAX_SECONDS=1 RATE_LIMIT_INGEST_PER_MINUTE=1000000 RATE_LIMIT_READ_PER_MINUTE=1000000 RATE_LIMIT_ADMIN_PER_MINUTE=1000000 RATE_LIMIT_UNAUTHENTICATED_PER_MINUTE=1000000 \
  node dist/apps/logsieve/src/main.js > .fuzz-app.log 2>&1 &
APP=$!
trap 'kill $APP 2>/dev/null || true; bash scripts/services.sh down >/dev/null 2>&1 || true' EXIT
for _ in $(seq 1 60); do curl -sf "http://127.0.0.1:$PORT/health" >/dev/null && break; sleep 0.5; done
SCHEMATHESIS_HOOKS=scripts.fuzz.hooks "$VENV/bin/schemathesis" run "http://127.0.0.1:$PORT/docs-json" \
  --header "X-API-Key: $KEY" --max-examples "${FUZZ_EXAMPLES:-30}" --request-timeout 10 \
  --checks not_a_server_error,status_code_conformance,response_schema_conformance,content_type_conformance,response_headers_conformance,unsupported_method
