#!/usr/bin/env bash
# Mutation testing a lib at a time (npm run test:mutation [-- lib ...]): each lib's files are
# mutated and only that lib's specs run (MUTATION_TESTS), with no type checker; a spec that
# loads a heavy module graph costs seconds a mutant, and the whole scope at once takes hours.
# Each lib's report is kept in reports/mutation/by-lib/, and the scores are printed at the end.
# Coverage is taken for all tests at once (stryker.config.mjs says why).
# Each lib has its own incremental file: one lib's run never reuses or overrides another's.
# MUTATION_FORCE=1 reruns every mutant: incremental mode reuses a survivor's result even when a
# new spec file now covers it.
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

# Each lib's own specs, except redaction's corpus and adversarial suites: they run every rule
# over hundreds of samples, so every mutant would run them (4-24 mutants a minute); the rules'
# and validators' unit specs are what must catch a changed rule.
declare -A TESTS=(
  [redaction]='libs/redaction/src/**/*.spec.ts,!libs/redaction/src/corpus.spec.ts,!libs/redaction/src/adversarial.spec.ts'
)

libs=("$@")
[ ${#libs[@]} -gt 0 ] || libs=(logs search detection ingest redaction)
mkdir -p reports/mutation/by-lib
for lib in "${libs[@]}"; do
  [ -n "${MUTATE[$lib]:-}" ] || { echo "[mutation] no lib named $lib (${!MUTATE[*]})" >&2; exit 2; }
  echo "[mutation] $lib" >&2
  # ingest's specs need only the record vocabulary of @app/logs, not its database module.
  light=""; [ "$lib" = ingest ] && light=1
  # MUTATION_ONLY=<globs> runs part of a lib; its report is kept beside the lib's and overrides it for those files.
  mutate="${MUTATE[$lib]}"; report="reports/mutation/by-lib/$lib.json"
  if [ -n "${MUTATION_ONLY:-}" ]; then mutate="$MUTATION_ONLY"; report="reports/mutation/by-lib/$lib+$(date +%Y%m%d%H%M%S).json"; fi
  MUTATION_LIGHT_LOGS="$light" MUTATION_TESTS="${TESTS[$lib]:-libs/$lib/src/**/*.spec.ts}" npx stryker run scripts/mutation/stryker.config.mjs --checkers '' \
    --incrementalFile "reports/mutation/incremental-$lib.json" --mutate "$mutate" ${MUTATION_FORCE:+--force}
  cp reports/mutation/mutation.json "$report"
done
node scripts/mutation/scores.mjs
