// The worker against real Redis and the MongoDB-protocol server: groups go into the store and
// their jobs onto the real queue, as ingest makes them, and what lands in MongoDB is read back raw.
import { getQueueToken } from '@nestjs/bullmq';
import { AppRole, loadEnv } from '@app/config';
import { groupPayload } from '@app/ingest';
import { AcceptedGroupStore, ChunkStore, GroupResultStore, groupMinute, jobIdOf, logIdOf, LogRecordReader, LogSource, LogStatus, newGroup, taskIdOf, type AcceptedGroup } from '@app/logs';
import { PendingReconcilerService } from '@app/processing';
import { JobName, QueueName } from '@app/queues';
import { ContentSealer } from '@app/sealing';
import { countStored, storedRecord, startTestApp, waitFor, type TestApp } from '@app/testing';
import type { Queue } from 'bullmq';
import { randomBytes } from 'node:crypto';

describe('redact-logs worker', () => {
  let worker: TestApp;
  let queue: Queue;
  let groups: AcceptedGroupStore;
  let reader: LogRecordReader;
  const sealer = new ContentSealer(loadEnv().SEAL_KEY!);

  beforeAll(async () => {
    worker = await startTestApp(AppRole.Worker);
    queue = worker.app.get(getQueueToken(QueueName.RedactLogs));
    groups = worker.app.get(AcceptedGroupStore);
    reader = worker.app.get(LogRecordReader);
  });

  afterAll(async () => {
    await queue.obliterate({ force: true }).catch(() => undefined);
    await worker.close();
  });

  const rawRecord = (id: string) => storedRecord(worker.db, 'logs', id);

  /** A group of one task, as ingest makes them; `sealWith` per record index. */
  function acceptedGroup(logData: Array<Record<string, unknown>>, options: { sealWith?: Record<number, ContentSealer>; openedAt?: Date } = {}): AcceptedGroup {
    const ref = newGroup(options.openedAt ?? new Date());
    const taskId = taskIdOf(ref, 0);
    return {
      key: ref.key,
      receivedAt: ref.openedAt,
      tasks: [{ id: taskId, count: logData.length }],
      records: logData.map((data, index) => ({
        index,
        taskId,
        source: LogSource.Json,
        timestamp: ref.openedAt,
        sealed: (options.sealWith?.[index] ?? sealer).seal({ attributes: data }, logIdOf(ref.key, index)),
      })),
    };
  }
  const idOf = (group: AcceptedGroup, index = 0) => logIdOf(group.key, index);
  const enqueue = (group: AcceptedGroup, jobId = jobIdOf(group.key)) => queue.add(JobName.RedactLogs, groupPayload(group), { jobId });
  const resultOf = (group: AcceptedGroup) => worker.app.get(GroupResultStore).find(group.key);

  it('redacts a group carried by its job, stores it in a chunk and keeps a findings summary', async () => {
    const group = acceptedGroup([{ user: 'john_doe', email: 'john@example.com', note: 'call +44 20 7946 0958' }]);
    await groups.insert(group);
    const job = await enqueue(group);

    await waitFor(async () => (await job.getState()) === 'completed', 10_000, 'job to complete');
    const stored = await rawRecord(idOf(group));
    expect((await resultOf(group))?.tasks).toEqual([
      expect.objectContaining({ id: group.tasks[0].id, processed: 1, failed: 0, redactionsByRule: { email: 1, phone: 1 }, failureReasons: [] }),
    ]);
    expect(stored).toMatchObject({
      status: LogStatus.Processed,
      content: { attributes: { user: 'john_doe', email: '[REDACTED:email]', note: 'call [REDACTED:phone]' } },
      findings: [
        { rule: 'email', path: '$.attributes.email', count: 1 },
        { rule: 'phone', path: '$.attributes.note', count: 1 },
      ],
    });
    expect(stored).not.toHaveProperty('sealed');
    expect(JSON.stringify(stored)).not.toMatch(/john@example\.com|7946/);
  });

  it('fails a record it cannot open without holding back the others of its job', async () => {
    const group = acceptedGroup([{ msg: 'fine' }, { msg: 'sealed under another key' }], { sealWith: { 1: new ContentSealer(randomBytes(32).toString('base64')) } });
    await groups.insert(group);
    const job = await enqueue(group);

    await waitFor(async () => (await job.getState()) === 'completed', 10_000, 'job to complete');
    expect((await reader.findById(idOf(group, 0)))?.status).toBe(LogStatus.Processed);
    const failed = await reader.findById(idOf(group, 1));
    expect(failed?.status).toBe(LogStatus.Failed);
    expect(failed?.failure?.reason).toMatch(/^cannot open sealed content: sealed with key/);
    expect((await queue.getJob(job.id!))?.returnvalue).toEqual({ processed: 1, failed: 1, skipped: 0 });
    const [task] = (await resultOf(group))!.tasks;
    expect(task).toMatchObject({ processed: 1, failed: 1 });
    expect(task.failureReasons).toEqual([expect.stringMatching(/^cannot open sealed content: sealed with key/)]);
    // The failed record is kept sealed, for reprocessing.
    expect((await groups.findFailed(group.key))?.records.map((r) => r.index)).toEqual([1]);
  });

  it('is idempotent: a second delivery of a finished group changes nothing', async () => {
    const group = acceptedGroup([{ email: 'twice@example.com' }]);
    await groups.insert(group);
    const first = await enqueue(group);
    await waitFor(async () => (await first.getState()) === 'completed', 10_000, 'first job');
    const before = await rawRecord(idOf(group));

    const again = await queue.add(JobName.RedactLogs, { ...groupPayload(group), recheck: true }, { jobId: `${jobIdOf(group.key)}-redelivered` });
    await waitFor(async () => (await again.getState()) === 'completed', 10_000, 'second job');
    expect((await queue.getJob(again.id!))?.returnvalue).toEqual({ processed: 0, failed: 0, skipped: 1 });
    expect(await countStored(worker.db, 'logs', { _id: idOf(group) })).toBe(1);
    expect(await rawRecord(idOf(group))).toEqual(before);
  });

  it('finishes a group whose chunk was written but whose result was lost in a crash, without storing it twice', async () => {
    const group = acceptedGroup([{ email: 'crash@example.com' }, { msg: 'second' }]);
    await groups.insert(group);
    const first = await enqueue(group);
    await waitFor(async () => (await first.getState()) === 'completed', 10_000, 'first job');
    const processed = await rawRecord(idOf(group));
    // The crash window: the records are in a chunk, the result never written.
    await worker.app.get(GroupResultStore).delete(group.key);

    const again = await queue.add(JobName.RedactLogs, { ...groupPayload(group), recheck: true }, { jobId: `${jobIdOf(group.key)}-after-crash` });
    await waitFor(async () => (await again.getState()) === 'completed', 10_000, 'job after the crash');
    expect((await queue.getJob(again.id!))?.returnvalue).toEqual({ processed: 0, failed: 0, skipped: 2 });
    expect(await countStored(worker.db, 'logs', { _id: idOf(group) })).toBe(1);
    expect(await rawRecord(idOf(group))).toEqual(processed);
    // The result is whole again, findings included, from the chunk.
    expect((await resultOf(group))?.tasks[0]).toMatchObject({ processed: 2, failed: 0, redactionsByRule: { email: 1 } });
  });

  it('reconciles a group whose job never reached Redis', async () => {
    const group = acceptedGroup([{ email: 'orphan@example.com' }], { openedAt: new Date(Date.now() - 60_000) });
    await groups.insert(group);
    expect(await queue.getJob(jobIdOf(group.key))).toBeUndefined();

    await worker.app.get(PendingReconcilerService).reconcile();
    await waitFor(async () => (await reader.findById(idOf(group)))?.status === LogStatus.Processed, 10_000, 'orphan to be processed');
    expect(JSON.stringify(await rawRecord(idOf(group)))).not.toContain('orphan@example.com');
  });

  it('never adds a second job for a group, however often the reconciler runs', async () => {
    const group = acceptedGroup([{ msg: 'once' }], { openedAt: new Date(Date.now() - 60_000) });
    await groups.insert(group);
    const reconciler = worker.app.get(PendingReconcilerService);
    await Promise.all([reconciler.reconcile(), reconciler.reconcile(), reconciler.reconcile()]);
    await waitFor(async () => (await reader.findById(idOf(group)))?.status === LogStatus.Processed, 10_000, 'record processed');
    // Every job in every state whose data names the group, whatever its id.
    const jobs = await queue.getJobs(['completed', 'active', 'waiting', 'delayed', 'failed', 'prioritized']);
    expect(jobs.filter((job) => job.data.group === group.key)).toHaveLength(1);
  });

  it("reads a minute's groups only while one may be unfinished: a closed minute found done is not read again, an open one whose groups all have results is not read", async () => {
    const reconciler = worker.app.get(PendingReconcilerService);
    const read: string[] = [];
    const { inMinute } = groups;
    groups.inMinute = (minute) => (read.push(minute), inMinute.call(groups, minute));
    const processed = async (group: AcceptedGroup) => {
      await groups.insert(group);
      const job = await enqueue(group);
      await waitFor(async () => (await job.getState()) === 'completed' && (await resultOf(group)) !== null, 10_000, 'the group processed');
    };
    try {
      // Closed: its minute ended more than the write deadline (a minute) ago.
      const closed = acceptedGroup([{ msg: 'closed minute' }], { openedAt: new Date(Date.now() - 3 * 60_000) });
      await processed(closed);
      await reconciler.reconcile();
      expect(read).toContain(groupMinute(closed.key));
      read.length = 0;
      await reconciler.reconcile();
      expect(read).not.toContain(groupMinute(closed.key));

      // Open (a minute ahead, so no other test writes there): as many results as groups.
      const open = acceptedGroup([{ msg: 'open minute' }], { openedAt: new Date(Date.now() + 2 * 60_000) });
      await processed(open);
      read.length = 0;
      await reconciler.reconcile();
      expect(read).not.toContain(groupMinute(open.key));
      // A second group there without a result: the counts differ, and the minute is read.
      await groups.insert(acceptedGroup([{ msg: 'no job yet' }], { openedAt: open.receivedAt }));
      await reconciler.reconcile();
      expect(read).toContain(groupMinute(open.key));
    } finally {
      groups.inMinute = inMinute;
    }
  });

  it('keeps a completed job in Redis without its sealed records', async () => {
    const group = acceptedGroup([{ msg: 'slim' }]);
    await groups.insert(group);
    const job = await enqueue(group);
    await waitFor(async () => (await queue.getJob(job.id!))?.data.records.length === 0, 10_000, 'the completed job slimmed');
    const stored = await queue.getJob(job.id!);
    expect(await stored!.getState()).toBe('completed');
    expect(stored!.data).toEqual({ group: group.key, receivedAt: group.receivedAt.getTime(), tasks: group.tasks, records: [] });
    expect(stored!.returnvalue).toEqual({ processed: 1, failed: 0, skipped: 0 });
  });

  it('writes the records of concurrent jobs together, as one chunk', async () => {
    const many = Array.from({ length: 6 }, (_, i) => acceptedGroup([{ msg: `together ${i}` }]));
    for (const group of many) await groups.insert(group);
    const written: number[] = [];
    const store = worker.app.get(ChunkStore);
    const { write } = store;
    store.write = (records, options) => {
      if (!options.replaces) written.push(records.length);
      return write.call(store, records, options);
    };
    try {
      const jobs = await queue.addBulk(many.map((group) => ({ name: JobName.RedactLogs, data: groupPayload(group), opts: { jobId: jobIdOf(group.key) } })));
      await waitFor(async () => (await Promise.all(jobs.map((j) => j.getState()))).every((s) => s === 'completed'), 10_000, 'all six jobs');
    } finally {
      store.write = write;
    }
    // Six jobs, fewer chunks: the worker's concurrent jobs share a write.
    expect(written.reduce((a, b) => a + b, 0)).toBe(6);
    expect(written.length).toBeLessThan(6);
  });
});
