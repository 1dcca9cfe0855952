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
  RECONCILE_INTERVAL_MS: '500',
  RECONCILE_MIN_AGE_MS: '300',
});
