// Storage as it grows: concurrent single-record requests share one store write and one job
// yet keep exact task statuses; records land in the hour their ids name; search says the
// range it searched and reads an old hour only when asked to.
import { getQueueToken } from '@nestjs/bullmq';
import { partitionKey, taskIdAt, TaskRepository } from '@app/logs';
import { QueueName } from '@app/queues';
import { authed, processedLog, storedCollection, startTestApp, waitFor, type TestApp } from '@app/testing';
import type { Queue } from 'bullmq';
import { Types } from 'mongoose';

describe('storage', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  const processed = (logId: string) => processedLog(t.server, logId);

  it('groups concurrent single-record requests into shared jobs, each task still exact', async () => {
    const requests = 24;
    const answers = await Promise.all(
      Array.from({ length: requests }, (_, i) => authed(t.server, 'ingest').post('/logs').send({ log_data: { n: i, email: `user${i}@example.com` } })),
    );
    expect(answers.map((a) => a.status)).toEqual(Array(requests).fill(202));
    const taskIds = answers.map((a) => a.body.task_id as string);
    expect(new Set(taskIds).size).toBe(requests);

    // Right after the 202s, every task's job is in Redis: ingest queued it, not the reconciler.
    const tasks = t.app.get(TaskRepository);
    const queue = t.app.get<Queue>(getQueueToken(QueueName.RedactLogs));
    const jobIds = await Promise.all(taskIds.map(async (id) => (await tasks.findTask(id))!.jobId));
    for (const jobId of new Set(jobIds)) expect(await queue.getJob(jobId)).toBeDefined();
    // Requests that arrived together shared a store write and a job.
    expect(new Set(jobIds).size).toBeLessThan(requests);

    for (const id of taskIds) {
      const { body } = await waitFor(async () => {
        const response = await authed(t.server).get(`/task/${id}`);
        return response.body.status === 'SUCCESS' ? response : undefined;
      }, 10_000, `task ${id}`);
      expect(body).toEqual({ task_id: id, status: 'SUCCESS', result: { logs_processed: 1, logs_failed: 0, redactions: { email: 1 } } });
    }
  });

  it('stores a record in the hour of its timestamp, and search reads that hour only when its range covers it', async () => {
    const old = new Date(Date.now() - 3 * 24 * 3_600_000);
    const { body } = await authed(t.server, 'ingest').post('/logs').send({ timestamp: old.toISOString(), service: 'storage-old', message: 'from three days ago' }).expect(202);
    const record = await processed(body.log_id);
    expect(record.timestamp).toBe(old.toISOString());
    expect(new Types.ObjectId(body.log_id).getTimestamp().getTime()).toBe(Math.floor(old.getTime() / 1000) * 1000);
    const stored = await storedCollection(t.db, 'logs', body.log_id).findOne({ _id: new Types.ObjectId(body.log_id) });
    expect(stored?.service).toBe('storage-old');
    expect(storedCollection(t.db, 'logs', body.log_id).collectionName).toBe(`logs_${partitionKey(old)}`);

    const before = Date.now();
    const recent = await authed(t.server).get('/logs?service=storage-old').expect(200);
    expect(recent.body.items).toEqual([]);
    const from = new Date(recent.body.range.from).getTime();
    const to = new Date(recent.body.range.to).getTime();
    expect(Math.abs(from - (before - 24 * 3_600_000))).toBeLessThan(60_000);
    expect(Math.abs(to - (before + 3_600_000))).toBeLessThan(60_000);

    const wide = await authed(t.server).get('/logs?service=storage-old&from=7d').expect(200);
    expect(wide.body.items.map((i: { log_id: string }) => i.log_id)).toEqual([body.log_id]);
  });

  it('404 for a task id no request was given, UUIDv7 or not', async () => {
    await authed(t.server).get(`/task/${taskIdAt(new Date())}`).expect(404);
    await authed(t.server).get('/task/7ed11703-f781-4662-a2ed-ff73c644ef14').expect(404);
  });
});
