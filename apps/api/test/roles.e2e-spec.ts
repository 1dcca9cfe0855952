// The built image's entry run as real processes: api and worker roles apart, and the faults
// the design promises to survive (Redis away: still 202 and processed later; MongoDB away:
// 503 with Retry-After and nothing half-written).
import { storedDocs, authed, keyHeader, countStoredLogs, dedicatedServices, startRoleProcess, waitFor, type DedicatedServices, type RoleProcess } from '@app/testing';
import { MongoClient, ObjectId } from 'mongodb';
import { randomBytes } from 'node:crypto';

const SLOW = 90_000;

async function post(base: string, logData: unknown): Promise<{ status: number; body: any; retryAfter: string | null }> {
  const response = await fetch(`${base}/logs`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...keyHeader() },
    body: JSON.stringify({ log_data: logData }),
    signal: AbortSignal.timeout(10_000),
  });
  return { status: response.status, body: await response.json(), retryAfter: response.headers.get('retry-after') };
}

async function taskStatus(base: string, taskId: string): Promise<string> {
  const body = (await (await fetch(`${base}/task/${taskId}`, { headers: keyHeader() })).json()) as { status: string };
  return body.status;
}

function roleEnv(redisUrl: string, mongoUri: string): Record<string, string> {
  const suffix = randomBytes(4).toString('hex');
  const uri = new URL(mongoUri);
  uri.pathname = `/logsieve_roles_${suffix}`;
  return { REDIS_URL: redisUrl, MONGO_URI: uri.toString(), QUEUE_PREFIX: `{logsieve-roles-${suffix}}`, LOG_LEVEL: 'warn' };
}

describe('api and worker as separate processes', () => {
  const processes: RoleProcess[] = [];
  afterAll(() => Promise.all(processes.map((p) => p.stop())));

  it(
    'process a log together, and the worker answers /health on its own port',
    async () => {
      const env = roleEnv(process.env.REDIS_URL!, process.env.MONGO_URI!);
      const api = await startRoleProcess('api', env);
      const worker = await startRoleProcess('worker', env);
      processes.push(api, worker);

      expect(await (await fetch(`${worker.url}/health`)).json()).toEqual({ status: 'ok', role: 'worker' });
      expect((await fetch(`${worker.url}/logs/x`)).status).toBe(404); // no public API on the worker

      const { status, body } = await post(api.url, { email: 'split@example.com' });
      expect(status).toBe(202);
      await waitFor(async () => (await taskStatus(api.url, body.task_id)) === 'SUCCESS', 10_000, 'task to succeed');
      const record = (await (await fetch(`${api.url}/logs/${body.log_id}`, { headers: keyHeader() })).json()) as { log_data: unknown };
      expect(record.log_data).toEqual({ email: '[REDACTED:email]' });
    },
    SLOW,
  );

  it('stops at startup on an unknown APP_ROLE, saying which roles exist', async () => {
    await expect(startRoleProcess('scheduler' as 'api')).rejects.toThrow(/APP_ROLE must be one of: api, worker, all/);
  });
});

describe('faults', () => {
  let services: DedicatedServices;
  let api: RoleProcess;
  let worker: RoleProcess;
  let mongo: MongoClient;
  let dbName: string;

  beforeAll(async () => {
    services = await dedicatedServices();
    // Logs accepted while Redis is away reach a job only through the reconciler: fast here.
    const env: Record<string, string> = { ...roleEnv(services.redisUrl, services.mongoUri), RECONCILE_INTERVAL_MS: '500' };
    dbName = new URL(env.MONGO_URI).pathname.slice(1);
    api = await startRoleProcess('api', env);
    worker = await startRoleProcess('worker', env);
    mongo = await MongoClient.connect(services.mongoUri, { serverSelectionTimeoutMS: 5000 });
  }, SLOW);

  afterAll(async () => {
    await Promise.all([api?.stop(), worker?.stop()]);
    await mongo?.close();
    await services?.destroy();
  }, SLOW);

  it(
    'with Redis stopped, every POST still answers 202 and every log is processed once Redis is back',
    async () => {
      await services.stop('redis');
      const accepted: Array<{ task_id: string; log_id: string }> = [];
      for (let i = 0; i < 5; i++) {
        const started = Date.now();
        const response = await post(api.url, { n: i, email: `offline${i}@example.com` });
        expect(response.status).toBe(202);
        expect(Date.now() - started).toBeLessThan(5000);
        accepted.push(response.body);
      }
      expect(await taskStatus(api.url, accepted[0].task_id)).toBe('PENDING');

      await services.up();
      await waitFor(
        async () => (await Promise.all(accepted.map((a) => taskStatus(api.url, a.task_id)))).every((s) => s === 'SUCCESS'),
        30_000,
        'all tasks to succeed after Redis returned',
      );
      const stored = await storedDocs(mongo.db(dbName), 'logs', { _id: { $in: accepted.map((a) => new ObjectId(a.log_id)) } });
      expect(stored).toHaveLength(5);
      expect(stored.every((doc) => doc.status === 'processed')).toBe(true);
      expect(JSON.stringify(stored)).not.toMatch(/offline\d@example\.com/);
    },
    SLOW,
  );

  it(
    'with MongoDB stopped, POST answers 503 with Retry-After and stores nothing; ingest resumes after restart',
    async () => {
      const stored = () => countStoredLogs(mongo.db(dbName));
      const before = await stored();
      await services.stop('mongo');

      const refused = await post(api.url, { email: 'down@example.com' });
      expect(refused.status).toBe(503);
      expect(refused.retryAfter).toMatch(/^\d+$/);
      expect(refused.body).toEqual({ statusCode: 503, error: 'Service Unavailable', message: expect.stringMatching(/nothing was stored/) });

      await services.up();
      const resumed = await waitFor(async () => {
        const response = await post(api.url, { email: 'back@example.com' });
        return response.status === 202 ? response.body : undefined;
      }, 45_000, 'ingest to resume');
      await waitFor(async () => (await taskStatus(api.url, resumed.task_id)) === 'SUCCESS', 20_000, 'resumed task to succeed');
      // Only the acknowledged logs exist: the refused ones left nothing behind.
      expect(await stored()).toBe(before + 1);
    },
    SLOW,
  );
});
