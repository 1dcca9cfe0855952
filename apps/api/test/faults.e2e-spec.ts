// Faults on real processes sharing this run's Redis and MongoDB-protocol server: a worker
// SIGKILLed mid-batch, SIGTERM while requests and jobs are in flight, a poison record among
// good ones, and failed logs reprocessed once the fault is fixed.
// (Redis and MongoDB stopped mid-stream are in roles.e2e-spec.ts; a repeated Idempotency-Key
// in ingest-control.e2e-spec.ts.)
import { spoilSealed, storedDocs, countStored, keyHeader, openEventStream, startRoleProcess, waitFor, type RoleProcess } from '@app/testing';
import { MongoClient, ObjectId, type Db } from 'mongodb';
import { Queue } from 'bullmq';
import { QueueName } from '@app/queues';
import { jobIdOf, parseLogId } from '@app/logs';
import { randomBytes } from 'node:crypto';
import { request } from 'node:http';

const SLOW = 120_000;
const FAST_LOCK = { WORKER_LOCK_MS: '2000', LOG_LEVEL: 'warn' };

async function post(base: string, body: unknown): Promise<{ status: number; body: any }> {
  const response = await fetch(`${base}/logs`, { method: 'POST', headers: { 'Content-Type': 'application/json', ...keyHeader() }, body: JSON.stringify(body) });
  return { status: response.status, body: await response.json() };
}

const batch = (tag: string, n: number) => Array.from({ length: n }, (_, i) => ({ message: `${tag} ${i} from ${tag}.${i}@example.com`, service: tag }));

describe('faults on real processes', () => {
  let mongo: MongoClient;
  let db: Db;
  const running: RoleProcess[] = [];
  const start = async (role: 'api' | 'worker', env: Record<string, string> = {}) => {
    const proc = await startRoleProcess(role, { ...FAST_LOCK, ...env });
    running.push(proc);
    return proc;
  };
  const processed = (service: string) => countStored(db, 'logs', { service });

  let queue: Queue;
  beforeAll(async () => {
    mongo = await MongoClient.connect(process.env.MONGO_URI!);
    db = mongo.db();
    queue = new Queue(QueueName.RedactLogs, { connection: { url: process.env.REDIS_URL }, prefix: process.env.QUEUE_PREFIX });
  });
  afterEach(async () => {
    await Promise.all(running.splice(0).map((p) => p.stop('SIGKILL')));
  });
  afterAll(async () => {
    await queue.close();
    await db.dropDatabase().catch(() => undefined);
    await mongo.close();
  });

  it(
    'a worker SIGKILLed mid-batch: its running job is picked up after the stall timeout and every record is processed exactly once',
    async () => {
      const api = await start('api');
      for (let i = 0; i < 12; i++) expect((await post(api.url, batch('killed', 250))).status).toBe(202);
      const total = 12 * 250;
      const worker = await start('worker');
      const killedName = await waitFor(async () => {
        const [active] = await queue.getJobs(['active']);
        return active?.processedBy;
      }, 30_000, 'a job to be running');
      expect(killedName).toMatch(new RegExp(`-${worker.child.pid}$`));
      await worker.stop('SIGKILL');
      const atKill = await processed('killed');
      expect(atKill).toBeLessThan(total);
      const runningAtKill = (await queue.getJobs(['active'])).filter((job) => job.processedBy === killedName).map((job) => job.id!);
      expect(runningAtKill.length).toBeGreaterThan(0);

      const replacement = await start('worker');
      await waitFor(async () => (await processed('killed')) === total, 90_000, `all ${total} records processed`);
      // The jobs the killed worker held were found stalled and finished by the new one.
      for (const id of runningAtKill) {
        const job = await queue.getJob(id);
        expect({ id, state: await job!.getState(), by: job!.processedBy, stalled: job!.stalledCounter }).toEqual({
          id,
          state: 'completed',
          by: expect.stringMatching(new RegExp(`-${replacement.child.pid}$`)),
          stalled: 1,
        });
      }
      const docs = await storedDocs(db, 'logs', { service: 'killed' });
      expect(new Set(docs.map((d) => d._id.toHexString())).size).toBe(total);
      // Processed once: one email finding each, never doubled by a second delivery.
      expect(docs.every((d) => d.findings.length === 1 && d.findings[0].count === 1)).toBe(true);
      expect(JSON.stringify(docs)).not.toContain('@example.com');
      await waitFor(async () => (await countStored(db, 'pending_logs', { status: 'pending' })) === 0, 10_000, 'no pending copies left');
    },
    SLOW,
  );

  it(
    'SIGTERM: the api drains requests in flight (no 5xx, every 202 stored), the worker finishes its jobs and both exit 0',
    async () => {
      const api = await start('api');
      // The default job lock: a 2 s one (FAST_LOCK, for finding a killed worker's jobs quickly) can
      // lapse on a starved machine, and the jobs would fail for that rather than for the shutdown.
      const worker = await start('worker', { WORKER_LOCK_MS: '30000' });
      const outcomes: Array<({ status: number; logId?: string } | { error: string }) & { sentAt: number; answeredAt: number }> = [];
      let sent = 0;
      const client = async () => {
        while (sent < 150) {
          sent++;
          const sentAt = Date.now();
          try {
            const { status, body } = await post(api.url, batch('drained', 20));
            outcomes.push({ status, logId: body.log_ids?.[0], sentAt, answeredAt: Date.now() });
          } catch (error) {
            outcomes.push({ error: String((error as Error).cause ?? error), sentAt, answeredAt: Date.now() });
          }
        }
      };
      const clients = Array.from({ length: 8 }, client);
      await waitFor(() => outcomes.length >= 30, 20_000, '30 requests answered');
      // The worker half proves nothing unless a job is running when the signal arrives.
      const activeAtSignal = await waitFor(async () => {
        const active = await queue.getActive();
        return active.length > 0 ? active : undefined;
      }, 20_000, 'a job active');
      const apiExit = new Promise((resolve) => api.child.once('exit', resolve));
      const workerExit = new Promise((resolve) => worker.child.once('exit', resolve));
      api.child.kill('SIGTERM');
      worker.child.kill('SIGTERM');
      const sigterm = Date.now();
      await Promise.all(clients);
      expect(await apiExit).toBe(0);
      const workerCode = await workerExit;
      // With the worker's own words on why, if it did not exit 0.
      expect(workerCode === 0 ? 'exited 0' : `exited ${workerCode}: ${worker.output().slice(-3000)}`).toBe('exited 0');

      const answered = outcomes.filter((o): o is { status: number; logId: string; sentAt: number; answeredAt: number } => 'status' in o);
      expect(answered.length).toBeGreaterThan(0);
      expect(answered.every((o) => o.status === 202)).toBe(true);
      // Requests were in flight at SIGTERM, and the api answered them (202) after it: a drain, not a cut.
      const drained = answered.filter((o) => o.sentAt < sigterm && o.answeredAt >= sigterm);
      expect(drained.length).toBeGreaterThan(0);
      // The rest failed at the connection: refused once the port closed, or (the keep-alive race
      // every HTTP/1.1 server has) sent on an idle connection the server was closing, before
      // it read them. None got an answer other than 202, and none was half-stored (below).
      const failed = outcomes.filter((o): o is { error: string; sentAt: number; answeredAt: number } => 'error' in o);
      expect(failed.filter((o) => !/ECONNREFUSED|ECONNRESET|other side closed|UND_ERR_SOCKET/.test(o.error))).toEqual([]);
      const ids = answered.map((o) => new ObjectId(o.logId));
      const stored = async () => new Set([...(await storedDocs(db, 'logs', { _id: { $in: ids } })), ...(await storedDocs(db, 'pending_logs', { _id: { $in: ids } }))].map((d) => d._id.toHexString())).size;
      expect(await stored()).toBe(ids.length);
      // The exiting worker left no job active (it would be found stalled later, and run again),
      // and the jobs running at the signal were finished, not put back.
      expect(await queue.getActiveCount()).toBe(0);
      for (const job of activeAtSignal) expect(['completed', 'unknown']).toContain(await queue.getJobState(job.id!));

      await start('worker');
      await waitFor(async () => (await processed('drained')) === answered.length * 20, 60_000, 'every accepted record processed');
    },
    SLOW,
  );

  it(
    'SIGTERM ends open live tails and alert streams with an end event saying why, and still exits 0',
    async () => {
      const api = await start('api');
      const streams = await Promise.all(['/logs/stream', '/alerts/stream'].map((path) => openEventStream(`${api.url}${path}`, keyHeader('read'))));
      await Promise.all(streams.map((stream) => stream.next((e) => e.event === 'ready')));
      const exit = new Promise((resolve) => api.child.once('exit', resolve));
      api.child.kill('SIGTERM');
      for (const stream of streams) expect((await stream.next((e) => e.event === 'end')).data.reason).toMatch(/shutting down/);
      expect(await exit).toBe(0);
    },
    SLOW,
  );

  it(
    'a poison record fails alone with a reason; logs failed under a wrong key are reprocessed once it is fixed',
    async () => {
      const api = await start('api');
      const { body: poisoned } = await post(api.url, batch('poison', 5));
      // Corrupt one record's sealed content, in the store and in the job carrying it: it can never be opened.
      const spoiled = randomBytes(16).toString('base64');
      await spoilSealed(db, poisoned.log_ids[2], spoiled);
      const job = (await queue.getJob(jobIdOf(parseLogId(poisoned.log_ids[2])!.group)))!;
      await job.updateData({ ...job.data, records: job.data.records.map((r: { index: number; sealed: object }) => (r.index === parseLogId(poisoned.log_ids[2])!.index ? { ...r, sealed: { ...r.sealed, tag: spoiled } } : r)) });
      const wrongKey = await start('worker', { SEAL_KEY: randomBytes(32).toString('base64') });
      const { body: misread } = await post(api.url, batch('wrongkey', 3));

      const ours = new Set([...poisoned.log_ids, ...misread.log_ids]);
      const failedList = async () => {
        const { items } = (await (await fetch(`${api.url}/logs?status=failed&limit=1000`, { headers: keyHeader('read') })).json()) as { items: Array<{ log_id: string; failure_reason: string; message?: string }> };
        return { items: items.filter((item) => ours.has(item.log_id)) };
      };
      let seen = '';
      await waitFor(async () => {
        const failed = (await failedList()).items.length;
        seen = `${failed} failed, ${await processed('poison')} + ${await processed('wrongkey')} processed`;
        return failed === 8;
      }, 60_000, 'all 8 to fail under the wrong key').catch((error: Error) => {
        throw new Error(`${error.message} (${seen})\n${wrongKey.output().slice(-3000)}`);
      });
      await wrongKey.stop();

      const worker = await start('worker');
      const reprocess = await fetch(`${api.url}/logs/reprocess`, { method: 'POST', headers: { 'Content-Type': 'application/json', ...keyHeader() }, body: JSON.stringify({ log_ids: [...ours] }) });
      expect(reprocess.status).toBe(202);
      expect(await reprocess.json()).toEqual({ requeued: 8, tasks: 2 });

      await waitFor(async () => (await processed('poison')) === 4 && (await processed('wrongkey')) === 3, 30_000, 'good records processed');
      const stillFailed = await waitFor(async () => {
        const { items } = await failedList();
        return items.length === 1 ? items : undefined;
      }, 15_000, 'only the poison record failed');
      expect(stillFailed[0]).toMatchObject({ log_id: poisoned.log_ids[2], failure_reason: expect.stringMatching(/cannot open sealed content/) });
      expect(stillFailed[0].message).toBeUndefined();
      const task = await (await fetch(`${api.url}/task/${misread.task_id}`, { headers: keyHeader('read') })).json();
      expect(task).toMatchObject({ status: 'SUCCESS', result: { logs_processed: 3, logs_failed: 0 } });
      const reprocessAgain = await fetch(`${api.url}/logs/reprocess`, { method: 'POST', headers: { 'Content-Type': 'application/json', ...keyHeader('read') }, body: '{}' });
      expect(reprocessAgain.status).toBe(403);
      // Without log_ids: every failed log, here the poison record alone, goes back to pending.
      const reprocessAll = await fetch(`${api.url}/logs/reprocess`, { method: 'POST', headers: { 'Content-Type': 'application/json', ...keyHeader() }, body: '{}' });
      expect(reprocessAll.status).toBe(202);
      expect(await reprocessAll.json()).toEqual({ requeued: 1, tasks: 1 });
      await worker.stop();
    },
    SLOW,
  );

  it(
    'a request that never finishes cannot hold shutdown past SHUTDOWN_TIMEOUT_MS: the process exits 1',
    async () => {
      const api = await start('api', { SHUTDOWN_TIMEOUT_MS: '1000' });
      // A body that never ends: the request stays in flight, so the drain cannot finish.
      const stuck = request(`${api.url}/logs`, { method: 'POST', headers: { 'Content-Type': 'text/plain', 'Transfer-Encoding': 'chunked', ...keyHeader() } });
      stuck.on('error', () => undefined);
      stuck.write('the start of a line');
      await new Promise((resolve) => setTimeout(resolve, 200));
      const exit = new Promise<number | null>((resolve) => api.child.once('exit', resolve));
      const signalled = Date.now();
      api.child.kill('SIGTERM');
      expect(await exit).toBe(1);
      expect(Date.now() - signalled).toBeGreaterThanOrEqual(1000);
      expect(api.output()).toMatch(/not drained within 1000 ms; exiting/);
      stuck.destroy();
    },
    SLOW,
  );
});
