// Mutation testing of the pure logic (npm run test:mutation): Stryker changes the code one
// small way at a time and runs the unit tests that cover it; a change no test notices is a
// gap in the tests. Scoped to the pure logic: redaction rules and validators, record shapes
// and levels, shipper protocols, query parsing and time bounds, placement and chunks,
// idempotency fingerprints, detection rules and webhook signatures.
// Not part of `npm test` (it is slow): run it before resolving an issue that touches these.
export default {
  packageManager: 'npm',
  testRunner: 'jest',
  jest: { projectType: 'custom', configFile: 'scripts/mutation/jest.config.js', enableFindRelatedTests: true },
  // NestJS 12 is ES modules only: Jest loads it in its ESM mode (as scripts/test.sh does).
  testRunnerNodeArgs: ['--experimental-vm-modules'],
  checkers: ['typescript'],
  tsconfigFile: 'tsconfig.json',
  // Coverage for all tests at once: per-test coverage under Jest's ES-module mode credited
  // mutants to tests of other files, which then could not kill them. Each mutant runs the
  // specs that import its file (enableFindRelatedTests), static ones (module-level tables such
  // as the record shapes and level words) included.
  coverageAnalysis: 'all',
  concurrency: 2,
  timeoutMS: 20_000,
  mutate: [
    'libs/redaction/src/**/*.ts',
    '!libs/redaction/src/**/*.spec.ts',
    '!libs/redaction/src/**/index.ts',
    'libs/ingest/src/record-shapes.ts',
    'libs/ingest/src/log-levels.ts',
    'libs/ingest/src/normalise-log.ts',
    'libs/ingest/src/parse-log-request.ts',
    'libs/ingest/src/protocols/*.ts',
    '!libs/ingest/src/protocols/*.spec.ts',
    '!libs/ingest/src/protocols/*.proto.ts',
    'libs/ingest/src/idempotency.service.ts:46-52',
    'libs/search/src/log-query.ts',
    'libs/search/src/time-bound.ts',
    'libs/search/src/page-cursor.ts',
    'libs/search/src/tail-event-id.ts',
    'libs/logs/src/placement.ts',
    'libs/logs/src/chunk.ts',
    'libs/logs/src/bloom-filter.ts',
    'libs/detection/src/compile-rule.ts',
    'libs/detection/src/webhook-signature.ts',
  ],
  ignorePatterns: ['dist', 'dist-bench', 'coverage', 'test-artifacts', 'reports', '.services*', '.venv*', 'bench'],
  reporters: ['clear-text', 'progress', 'html', 'json'],
  htmlReporter: { fileName: 'reports/mutation/index.html' },
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  thresholds: { high: 80, low: 60, break: null },
  // Reruns test only what changed since the last run.
  incremental: true,
  incrementalFile: 'reports/mutation/incremental.json',
};
