// Erasure reaches every copy of a matching record (the review's finding: on an api-only
// instance it answered SUCCESS with nothing erased, and the pending records came back once a
// worker ran). Over real processes sharing one store: records processed, records failed (sealed
// under a key no worker holds any more), and records still pending; erasures by service only, by
// attribute only, and bounded in time, with records just outside the range that must survive.
import { keyHeader, startRoleProcess, waitFor, type RoleProcess } from '@app/testing';
import { randomBytes } from 'node:crypto';

const SLOW = 120_000;

describe('erasure of processed, failed and pending records', () => {
  const running: RoleProcess[] = [];
  let env: Record<string, string>;
  beforeAll(() => {
    const suffix = randomBytes(4).toString('hex');
    const uri = new URL(process.env.MONGO_URI!);
    uri.pathname = `/logsieve_erasure_${suffix}`;
    env = { MONGO_URI: uri.toString(), QUEUE_PREFIX: `{logsieve-erasure-${suffix}}`, LOG_LEVEL: 'warn', RECONCILE_INTERVAL_MS: '600000', JOB_ATTEMPTS: '1' };
  });
  afterAll(() => Promise.all(running.map((p) => p.stop())));
  const start = async (role: 'api' | 'worker', extra: Record<string, string> = {}) => {
    const proc = await startRoleProcess(role, { ...env, ...extra });
    running.push(proc);
    return proc;
  };
  const stop = async (proc: RoleProcess) => {
    await proc.stop();
    running.splice(running.indexOf(proc), 1);
  };

  it(
    'erases by service, by attribute and by time across every kind, keeping what is just outside',
    async () => {
      const api = await start('api');
      const call = async (path: string, init: RequestInit = {}) => {
        const response = await fetch(`${api.url}${path}`, { ...init, headers: { 'Content-Type': 'application/json', ...keyHeader(), ...(init.headers ?? {}) } });
        return { status: response.status, body: (await response.json()) as any };
      };
      const send = async (records: object[]) => (await call('/logs', { method: 'POST', body: JSON.stringify(records) })).body.log_ids as string[];
      const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000).toISOString();
      const victim = `victim-${randomBytes(3).toString('hex')}`;
      const user = `u-${randomBytes(3).toString('hex')}`;
      // A time-bounded erasure of one user: 30 to 10 minutes ago.
      const inside = minutesAgo(20);
      const outside = minutesAgo(40);
      const batch = (kind: string) => [
        { service: victim, message: `${kind} by service` },
        { service: 'bystander', message: `${kind} by attribute`, attributes: { user }, timestamp: inside },
        { service: 'bystander', message: `${kind} same user, just outside the time range`, attributes: { user }, timestamp: outside },
        { service: 'bystander', message: `${kind} someone else`, attributes: { user: 'keep-me' }, timestamp: inside },
      ];

      // Processed.
      let worker = await start('worker');
      const processed = await send(batch('processed'));
      await waitFor(async () => (await Promise.all(processed.map((id) => call(`/logs/${id}`)))).every((r) => r.body.status === 'processed'), 20_000, 'processed records');
      await stop(worker);
      // Failed: processed by a worker holding another key.
      worker = await start('worker', { SEAL_KEY: randomBytes(32).toString('base64') });
      const failed = await send(batch('failed'));
      await waitFor(async () => (await Promise.all(failed.map((id) => call(`/logs/${id}`)))).every((r) => r.body.status === 'failed'), 20_000, 'failed records');
      await stop(worker);
      // Pending: no worker runs.
      const pending = await send(batch('pending'));
      expect((await call(`/logs/${pending[0]}`)).body.status).toBe('pending');

      const erase = async (filter: object) => (await call('/logs/erase', { method: 'POST', body: JSON.stringify(filter) })).body.task_id as string;
      const byService = await erase({ service: victim });
      const byAttribute = await erase({ 'attr.user': user, from: minutesAgo(30), to: minutesAgo(10) });
      // Without a worker the pending records cannot be judged: the erasures wait, saying why.
      const waiting = (await call(`/logs/erase/${byService}`)).body;
      expect(waiting).toMatchObject({ status: 'RUNNING', result: null, progress: expect.stringMatching(/waiting for the workers/) });

      await start('worker');
      const results = await Promise.all(
        [byService, byAttribute].map((id) =>
          waitFor(async () => {
            const { body } = await call(`/logs/erase/${id}`);
            return body.status === 'SUCCESS' ? body.result : undefined;
          }, 60_000, `erasure ${id}`),
        ),
      );
      expect(results).toEqual([
        { logs_erased: 3, processed: 1, pending: 1, failed: 1 },
        { logs_erased: 3, processed: 1, pending: 1, failed: 1 },
      ]);

      // Gone from every read: by id, by search, pending or failed.
      const gone = [processed[0], processed[1], failed[0], failed[1], pending[0], pending[1]];
      for (const id of gone) expect((await call(`/logs/${id}`)).status).toBe(404);
      const search = async (status: string) => (await call(`/logs?status=${status}&from=2h&limit=1000`)).body.items.map((i: { message?: string; log_id: string }) => i.log_id) as string[];
      await waitFor(async () => (await search('pending')).length === 0, 20_000, 'the pending records processed');
      expect(await search('failed')).toEqual(expect.arrayContaining([failed[2], failed[3]]));
      expect(await search('failed')).not.toEqual(expect.arrayContaining([failed[0]]));
      const messages = (await call(`/logs?from=2h&limit=1000`)).body.items.map((i: { message: string }) => i.message).sort();
      expect(messages).toEqual(['pending same user, just outside the time range', 'pending someone else', 'processed same user, just outside the time range', 'processed someone else'].sort());
      // A failed record erased does not come back through reprocessing.
      const reprocessed = await call('/logs/reprocess', { method: 'POST', body: JSON.stringify({ log_ids: [failed[0], failed[1]] }) });
      expect(reprocessed.body).toEqual({ requeued: 0, tasks: 0 });
    },
    SLOW,
  );
});
