// A Redis and MongoDB-protocol server of a test's own, started by scripts/services.sh in a
// temporary folder, so a fault test can stop and restart them without touching other tests.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePort } from './role-process';

const run = promisify(execFile);
const SCRIPT = join(process.cwd(), 'scripts/services.sh');

export interface DedicatedServices {
  redisUrl: string;
  mongoUri: string;
  /** Starts whatever is not running (both at first). */
  up(): Promise<void>;
  stop(service: 'redis' | 'mongo'): Promise<void>;
  destroy(): Promise<void>;
}

export async function dedicatedServices(): Promise<DedicatedServices> {
  const dir = mkdtempSync(join(tmpdir(), 'logsieve-services-'));
  const env = {
    ...process.env,
    REDIS_URL: '',
    MONGO_URI: '',
    LOGSIEVE_SERVICES_DIR: dir,
    LOGSIEVE_REDIS_PORT: String(await freePort()),
    LOGSIEVE_MONGO_PORT: String(await freePort()),
  };
  const services: DedicatedServices = {
    redisUrl: `redis://127.0.0.1:${env.LOGSIEVE_REDIS_PORT}`,
    mongoUri: `mongodb://127.0.0.1:${env.LOGSIEVE_MONGO_PORT}/logsieve`,
    async up() {
      await run('bash', [SCRIPT, 'up'], { env });
    },
    async stop(service) {
      await run('bash', [SCRIPT, 'down', service], { env });
    },
    async destroy() {
      await run('bash', [SCRIPT, 'down'], { env }).catch(() => undefined);
      rmSync(dir, { recursive: true, force: true });
    },
  };
  await services.up();
  return services;
}
