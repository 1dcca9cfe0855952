// The migration from the hourly layout: a store as the previous version wrote it (processed
// logs by event hour, task results, a failed record sealed under its old id) is rewritten into
// chunks, and the API answers for the old ids as before.
import { loadEnv } from '@app/config';
import { HourlyLayoutMigration, hourKey, LogStatus, MigrationRefusedError, StoreCollections, toStorableKeys } from '@app/logs';
import { ContentSealer } from '@app/sealing';
import { authed, processedLog, startTestApp, waitFor, type TestApp } from '@app/testing';
import { ObjectId } from 'mongodb';
import { randomBytes } from 'node:crypto';

/** An ObjectId whose time is `time`, as the old layout made log ids. */
const oldLogId = (time: Date) => {
  const bytes = randomBytes(12);
  bytes.writeUInt32BE(Math.floor(time.getTime() / 1000), 0);
  return new ObjectId(bytes);
};
/** A UUIDv7 of `time`, as the old layout made task ids. */
const oldTaskId = (time: Date) => {
  const bytes = randomBytes(16);
  bytes.writeUIntBE(time.getTime(), 0, 6);
  bytes[6] = (bytes[6] & 0x0f) | 0x70;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
};

describe('migration from the hourly layout', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('rewrites processed logs, task results and failed records into chunks, and old ids still answer', async () => {
    const db = t.app.get(StoreCollections).db;
    const time = new Date(Date.now() - 5 * 3_600_000);
    const hour = hourKey(time);
    const taskId = oldTaskId(time);
    const processed = Array.from({ length: 3 }, (_, i) => ({
      _id: oldLogId(new Date(time.getTime() + i * 1000)),
      taskId,
      jobId: taskId,
      status: 'processed',
      source: 'native',
      receivedAt: time,
      timestamp: new Date(time.getTime() + i * 1000),
      level: i === 2 ? 'error' : 'info',
      service: 'migrated',
      // Stored keys were escaped in the old layout: a dotted key comes back whole.
      content: toStorableKeys({ message: `old record ${i}`, service: 'migrated', attributes: { 'http.status': 500 } }),
      findings: [],
      rulesetVersion: 0,
      processedAt: time,
    }));
    await db.collection(`logs_${hour}`).insertMany(processed as never[]);
    await db.collection(`task_results_${hour}`).insertOne({ _id: taskId, processed: 3, failed: 0, redactionsByRule: { email: 2 }, failureReasons: [], finishedAt: time } as never);
    const sealer = new ContentSealer(loadEnv().SEAL_KEY!);
    const failedId = oldLogId(time);
    await db.collection(`pending_logs_${hour}`).insertOne({ _id: failedId, taskId: oldTaskId(time), status: 'failed', source: 'json', receivedAt: time, timestamp: time, sealed: sealer.seal({ message: 'try me again' }, failedId.toHexString()), failure: { reason: 'bug since fixed', at: time } } as never);
    await db.collection(`pending_logs_${hour}`).insertOne({ _id: oldLogId(time), status: 'pending', taskId, source: 'json', receivedAt: time, timestamp: time, sealed: sealer.seal({ message: 'x' }, 'x') } as never);

    const migration = t.app.get(HourlyLayoutMigration);
    // A record still pending in the old layout refuses the migration, naming what to do.
    await expect(migration.run()).rejects.toThrow(MigrationRefusedError);
    await db.collection(`pending_logs_${hour}`).deleteOne({ status: 'pending' });

    const progress: number[] = [];
    const done = await migration.run(({ hoursDone }) => progress.push(hoursDone));
    expect(done).toEqual({ records: 3, results: 1, failed: 1 });
    expect(progress).toEqual([1, 2, 3]);
    expect(await migration.remaining()).toEqual({ processed: [], pending: [], results: [], tasks: [] });

    for (const [i, doc] of processed.entries()) {
      const { body } = await authed(t.server, 'read').get(`/logs/${doc._id.toHexString()}`).expect(200);
      expect(body).toMatchObject({ log_id: doc._id.toHexString(), status: 'processed', message: `old record ${i}`, attributes: { 'http.status': 500 } });
    }
    const { body: task } = await authed(t.server, 'read').get(`/task/${taskId}`).expect(200);
    expect(task).toEqual({ task_id: taskId, status: 'SUCCESS', result: { logs_processed: 3, logs_failed: 0, redactions: { email: 2 } } });
    const search = await authed(t.server, 'read').get('/logs?service=migrated&from=6h&level=error').expect(200);
    expect(search.body.items.map((i: { message: string }) => i.message)).toEqual(['old record 2']);

    // The failed record, sealed again under a new id, reprocesses.
    const failed = await authed(t.server, 'read').get('/logs?status=failed&from=6h').expect(200);
    expect(failed.body.items).toHaveLength(1);
    expect(failed.body.items[0]).toMatchObject({ status: LogStatus.Failed, failure_reason: 'bug since fixed' });
    await authed(t.server).post('/logs/reprocess').send({ log_ids: [failed.body.items[0].log_id] }).expect(202);
    expect((await processedLog(t.server, failed.body.items[0].log_id)).message).toBe('try me again');
    await waitFor(async () => (await authed(t.server, 'read').get('/logs?status=failed&from=6h').expect(200)).body.items.length === 0, 10_000, 'no failed record left');
  });
});
