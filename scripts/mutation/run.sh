#!/usr/bin/env bash
# Mutation testing a lib at a time (npm run test:mutation [-- lib ...]): each lib's files are
# mutated and only that lib's specs run (MUTATION_TESTS), with no type checker; a spec that
# loads a heavy module graph costs seconds a mutant, and the whole scope at once takes hours.
# Each lib's report is kept in reports/mutation/by-lib/, and the scores are printed at the end.
set -euo pipefail
cd "$(dirname "$0")/../.."
bash scripts/ensure-deps.sh

declare -A MUTATE=(
  [redaction]='libs/redaction/src/**/*.ts,!libs/redaction/src/**/*.spec.ts,!libs/redaction/src/**/index.ts'
  [ingest]='libs/ingest/src/record-shapes.ts,libs/ingest/src/log-levels.ts,libs/ingest/src/normalise-log.ts,libs/ingest/src/parse-log-request.ts,libs/ingest/src/idempotency.service.ts:46-52,libs/ingest/src/protocols/*.ts,!libs/ingest/src/protocols/*.spec.ts,!libs/ingest/src/protocols/*.proto.ts'
  [search]='libs/search/src/log-query.ts,libs/search/src/time-bound.ts,libs/search/src/page-cursor.ts,libs/search/src/tail-event-id.ts'
  [logs]='libs/logs/src/placement.ts,libs/logs/src/chunk.ts,libs/logs/src/bloom-filter.ts'
  [detection]='libs/detection/src/compile-rule.ts,libs/detection/src/webhook-signature.ts'
)

libs=("$@")
[ ${#libs[@]} -gt 0 ] || libs=(logs search detection ingest redaction)
mkdir -p reports/mutation/by-lib
for lib in "${libs[@]}"; do
  [ -n "${MUTATE[$lib]:-}" ] || { echo "[mutation] no lib named $lib (${!MUTATE[*]})" >&2; exit 2; }
  echo "[mutation] $lib" >&2
  # ingest's specs need only the record vocabulary of @app/logs, not its database module.
  light=""; [ "$lib" = ingest ] && light=1
  MUTATION_LIGHT_LOGS="$light" MUTATION_TESTS="libs/$lib/src/**/*.spec.ts" npx stryker run scripts/mutation/stryker.config.mjs --checkers '' --mutate "${MUTATE[$lib]}"
  cp reports/mutation/mutation.json "reports/mutation/by-lib/$lib.json"
done
node scripts/mutation/scores.mjs
