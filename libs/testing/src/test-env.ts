// Runs before each test file: its own database and queue prefix, so files never see each
// other's data, and quiet logs. Modules read this environment as they load.
import { randomBytes } from 'node:crypto';

const suffix = randomBytes(4).toString('hex');
const mongoUri = new URL(process.env.MONGO_URI ?? 'mongodb://127.0.0.1:27017/logsieve');
mongoUri.pathname = `/logsieve_test_${suffix}`;

Object.assign(process.env, {
  NODE_ENV: 'test',
  MONGO_URI: mongoUri.toString(),
  QUEUE_PREFIX: `{logsieve-test-${suffix}}`,
  SEAL_KEY: process.env.LOGSIEVE_TEST_SEAL_KEY ?? randomBytes(32).toString('base64'),
  LOG_LEVEL: process.env.LOG_LEVEL ?? 'error',
  JOB_BACKOFF_MS: '50',
  // The reconciler re-queues pending logs whose job was lost. Left at its usual pace it would
  // hide a broken enqueue (every "reaches SUCCESS" test would pass without POST /logs queuing a
  // job), so it is slow here; the reconciler and fault tests call it or lower it themselves.
  RECONCILE_INTERVAL_MS: '600000',
  RECONCILE_MIN_AGE_MS: '300',
});

// One bootstrap key per scope, random per test file (see testApiKey).
Object.assign(process.env, {
  // Tests send fast; the rate-limit test lowers these for itself.
  RATE_LIMIT_INGEST_PER_MINUTE: '1000000',
  RATE_LIMIT_READ_PER_MINUTE: '1000000',
  RATE_LIMIT_ADMIN_PER_MINUTE: '1000000',
  RATE_LIMIT_UNAUTHENTICATED_PER_MINUTE: '1000000',
  API_KEYS: ['admin', 'ingest', 'read', 'triage'].map((scope) => `${scope}:test-${scope}-${randomBytes(12).toString('hex')}`).join(','),
});
