// The worker against real Redis and the MongoDB-protocol server: jobs go onto the real queue,
// and what lands in MongoDB is read back raw.
import { getQueueToken } from '@nestjs/bullmq';
import { AppRole, loadEnv } from '@app/config';
import { LogRecordRepository, logIdAt, LogSource, LogStatus, taskIdAt, TaskRepository, type NewLogRecord } from '@app/logs';
import { PendingReconcilerService } from '@app/processing';
import { JobName, QueueName } from '@app/queues';
import { ContentSealer } from '@app/sealing';
import { countStored, storedCollection, startTestApp, waitFor, type TestApp } from '@app/testing';
import type { Queue } from 'bullmq';
import { Types } from 'mongoose';
import { randomBytes } from 'node:crypto';

describe('redact-logs worker', () => {
  let worker: TestApp;
  let queue: Queue;
  let repository: LogRecordRepository;
  const sealer = new ContentSealer(loadEnv().SEAL_KEY!);

  beforeAll(async () => {
    worker = await startTestApp(AppRole.Worker);
    queue = worker.app.get(getQueueToken(QueueName.RedactLogs));
    repository = worker.app.get(LogRecordRepository);
  });

  afterAll(async () => {
    await queue.obliterate({ force: true }).catch(() => undefined);
    await worker.close();
  });

  const rawRecord = (id: string) => storedCollection(worker.db, 'logs', id).findOne({ _id: new Types.ObjectId(id) });
  /** A job as ingest makes them: one task, the job id its own. */
  const jobFor = (...records: NewLogRecord[]) => ({ tasks: [{ taskId: records[0].taskId, logIds: records.map((r) => r.id), whole: true }] });

  function pendingRecord(logData: Record<string, unknown>, options: { taskId?: string; sealWith?: ContentSealer; receivedAt?: Date } = {}): NewLogRecord {
    const receivedAt = options.receivedAt ?? new Date();
    const id = logIdAt(receivedAt);
    const taskId = options.taskId ?? taskIdAt(receivedAt);
    return {
      id,
      taskId,
      jobId: taskId,
      source: LogSource.Json,
      receivedAt,
      timestamp: receivedAt,
      sealed: (options.sealWith ?? sealer).seal({ attributes: logData }, id),
    };
  }

  it('redacts pending records, drops the sealed content and keeps a findings summary', async () => {
    const record = pendingRecord({ user: 'john_doe', email: 'john@example.com', note: 'call +44 20 7946 0958' });
    await repository.insertPending([record]);
    const job = await queue.add(JobName.RedactLogs, jobFor(record), { jobId: record.jobId });

    await waitFor(async () => (await job.getState()) === 'completed', 10_000, 'job to complete');
    const stored = await rawRecord(record.id);
    expect(await worker.app.get(TaskRepository).findResult(record.taskId)).toMatchObject({
      id: record.taskId,
      processed: 1,
      failed: 0,
      redactionsByRule: { email: 1, phone: 1 },
      failureReasons: [],
    });
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
    const good = pendingRecord({ msg: 'fine' });
    const poison = pendingRecord({ msg: 'sealed under another key' }, { taskId: good.taskId, sealWith: new ContentSealer(randomBytes(32).toString('base64')) });
    await repository.insertPending([good, poison]);
    const job = await queue.add(JobName.RedactLogs, jobFor(good, poison), { jobId: good.jobId });

    await waitFor(async () => (await job.getState()) === 'completed', 10_000, 'job to complete');
    expect((await repository.findById(good.id))?.status).toBe(LogStatus.Processed);
    const failed = await repository.findById(poison.id);
    expect(failed?.status).toBe(LogStatus.Failed);
    expect(failed?.failure?.reason).toMatch(/^cannot open sealed content: sealed with key/);
    const result = (await queue.getJob(good.jobId))?.returnvalue;
    expect(result).toEqual({ processed: 1, failed: 1, skipped: 0 });
    const task = await worker.app.get(TaskRepository).findResult(good.taskId);
    expect(task).toMatchObject({ processed: 1, failed: 1 });
    expect(task?.failureReasons).toEqual([expect.stringMatching(/^cannot open sealed content: sealed with key/)]);
  });

  it('is idempotent: a second delivery of the same records changes nothing', async () => {
    const record = pendingRecord({ email: 'twice@example.com' });
    await repository.insertPending([record]);
    const first = await queue.add(JobName.RedactLogs, jobFor(record), { jobId: record.jobId });
    await waitFor(async () => (await first.getState()) === 'completed', 10_000, 'first job');
    const before = await rawRecord(record.id);

    const again = await queue.add(JobName.RedactLogs, jobFor(record), { jobId: `${record.jobId}-redelivered` });
    await waitFor(async () => (await again.getState()) === 'completed', 10_000, 'second job');
    expect((await queue.getJob(again.id!))?.returnvalue).toEqual({ processed: 0, failed: 0, skipped: 1 });
    expect(await rawRecord(record.id)).toEqual(before);
  });

  it('finishes a record whose processed copy was written but whose pending copy survived a crash', async () => {
    const record = pendingRecord({ email: 'crash@example.com' });
    await repository.insertPending([record]);
    const first = await queue.add(JobName.RedactLogs, jobFor(record), { jobId: record.jobId });
    await waitFor(async () => (await first.getState()) === 'completed', 10_000, 'first job');
    const processed = await rawRecord(record.id);
    const pendingCopies = () => countStored(worker.db, 'pending_logs', { _id: new Types.ObjectId(record.id) });
    await waitFor(async () => (await pendingCopies()) === 0, 5000, 'the pending copy to be deleted');
    // The crash window: the redacted copy is in `logs`, the pending copy back as it was.
    await repository.insertPending([record]);

    const again = await queue.add(JobName.RedactLogs, jobFor(record), { jobId: `${record.jobId}-after-crash` });
    await waitFor(async () => (await again.getState()) === 'completed', 10_000, 'job after the crash');
    await waitFor(async () => (await pendingCopies()) === 0, 5000, 'the pending copy to be deleted again');
    expect(await countStored(worker.db, 'logs', { _id: new Types.ObjectId(record.id) })).toBe(1);
    expect(await rawRecord(record.id)).toEqual(processed);
  });

  it('reconciles pending records whose job never reached Redis', async () => {
    const old = new Date(Date.now() - 60_000);
    const record = pendingRecord({ email: 'orphan@example.com' }, { receivedAt: old });
    await repository.insertPending([record]);
    expect(await queue.getJob(record.jobId)).toBeUndefined();

    // The worker's own timer runs the reconciler every 500 ms in tests; call it too, to be sure.
    await worker.app.get(PendingReconcilerService).reconcile();
    await waitFor(async () => (await repository.findById(record.id))?.status === LogStatus.Processed, 10_000, 'orphan to be processed');
    expect(JSON.stringify(await rawRecord(record.id))).not.toContain('orphan@example.com');
  });

  it('never adds a second job holding a record, however often the reconciler runs', async () => {
    const record = pendingRecord({ msg: 'once' }, { receivedAt: new Date(Date.now() - 60_000) });
    await repository.insertPending([record]);
    const reconciler = worker.app.get(PendingReconcilerService);
    await Promise.all([reconciler.reconcile(), reconciler.reconcile(), reconciler.reconcile()]);
    await waitFor(async () => (await repository.findById(record.id))?.status === LogStatus.Processed, 10_000, 'record processed');
    // Every job in every state whose data holds the record's task, whatever its id (completed
    // jobs keep task ids, not log ids).
    const jobs = await queue.getJobs(['completed', 'active', 'waiting', 'delayed', 'failed', 'prioritized']);
    expect(jobs.filter((job) => job.data.tasks.some((t: { taskId: string }) => t.taskId === record.taskId))).toHaveLength(1);
  });

  it('keeps a completed job in Redis without its log ids', async () => {
    const record = pendingRecord({ msg: 'slim' });
    await repository.insertPending([record]);
    const job = await queue.add(JobName.RedactLogs, jobFor(record), { jobId: record.jobId });
    await waitFor(async () => (await queue.getJob(job.id!))?.data.tasks[0].logIds.length === 0, 10_000, 'the completed job slimmed');
    const stored = await queue.getJob(job.id!);
    expect(await stored!.getState()).toBe('completed');
    expect(stored!.data).toEqual({ tasks: [{ taskId: record.taskId, logIds: [] }] });
    expect(stored!.returnvalue).toEqual({ processed: 1, failed: 0, skipped: 0 });
  });
});
