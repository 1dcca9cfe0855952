// Retention and erasure on real services: a log older than RETENTION_DAYS goes (its chunk
// rewritten without it), a fresh one stays; an alert older than ALERT_RETENTION_DAYS goes with its
// deliveries; the worker schedules the run once across workers. Erasure removes a user's logs
// from every read.
import { getQueueToken } from '@nestjs/bullmq';
import { resetEnvForTests } from '@app/config';
import { AcceptedGroupStore, GroupResultStore, LogSource, newGroup, parseLogId, taskIdOf } from '@app/logs';
import { RetentionService } from '@app/processing';
import { QueueName } from '@app/queues';
import { authed, keyHeader, openEventStream, processedLog, startTestApp, waitFor, type TestApp } from '@app/testing';
import type { AddressInfo } from 'node:net';
import type { Queue } from 'bullmq';

const DAY_MS = 24 * 3_600_000;

describe('retention', () => {
  let t: TestApp;
  beforeAll(async () => {
    // Event times 40 days back are taken here, to have something to expire.
    Object.assign(process.env, { RETENTION_DAYS: '30', ALERT_RETENTION_DAYS: '90', EVENT_TIME_MAX_AGE_HOURS: String(50 * 24) });
    resetEnvForTests();
    t = await startTestApp();
  });
  afterAll(async () => {
    for (const key of ['RETENTION_DAYS', 'ALERT_RETENTION_DAYS', 'EVENT_TIME_MAX_AGE_HOURS']) delete process.env[key];
    resetEnvForTests();
    await t.close();
  });

  it('deletes a log past RETENTION_DAYS and keeps a fresh one, in every read', async () => {
    const old = new Date(Date.now() - 40 * DAY_MS).toISOString();
    const { body } = await authed(t.server, 'ingest').post('/logs').send([{ timestamp: old, service: 'retention', message: 'forty days old' }, { service: 'retention', message: 'fresh' }]).expect(202);
    const [expiredId, freshId] = body.log_ids as string[];
    await processedLog(t.server, expiredId);
    await processedLog(t.server, freshId);
    const search = () => authed(t.server, 'read').get('/logs?service=retention&from=60d').expect(200);
    expect((await search()).body.items.map((i: { message: string }) => i.message).sort()).toEqual(['forty days old', 'fresh']);

    const report = await t.app.get(RetentionService).enforce();
    expect(report.logsDeleted).toBe(1);

    await authed(t.server, 'read').get(`/logs/${expiredId}`).expect(404);
    expect((await authed(t.server, 'read').get(`/logs/${freshId}`).expect(200)).body.message).toBe('fresh');
    expect((await search()).body.items.map((i: { message: string }) => i.message)).toEqual(['fresh']);
    const stats = await authed(t.server, 'read').get('/stats?from=60d&bucket=1d').expect(200);
    expect(stats.body.by_service.retention).toBe(1);
  });

  it('deletes alerts past ALERT_RETENTION_DAYS with their deliveries, and keeps recent ones', async () => {
    const alerts = t.db.collection('alerts');
    const deliveries = t.db.collection('alert_deliveries');
    const alert = (id: string, daysAgo: number) => ({ _id: id, ruleId: 'retention-test', ruleName: 'r', severity: 'low', groupBy: [], groupKey: 'k', aggregate: 'count', value: 1, threshold: { op: 'gte', value: 1 }, windowStart: new Date(), windowEnd: new Date(), sampleLogIds: [], triggerLogId: 'x', status: 'open', createdAt: new Date(Date.now() - daysAgo * DAY_MS) });
    // Either side of the 90-day cutoff by a day: a cutoff counted in hours, or off by a day, fails.
    await alerts.insertMany([alert('a'.repeat(24), 91), alert('b'.repeat(24), 89)] as never[]);
    await deliveries.insertOne({ _id: `${'a'.repeat(24)}:t`, alertId: 'a'.repeat(24), target: 'https://x.example/h', status: 'delivered', attempts: 1, updatedAt: new Date() } as never);

    expect((await t.app.get(RetentionService).enforce()).alertsDeleted).toBe(1);
    expect((await alerts.find({ ruleId: 'retention-test' }).toArray()).map((a) => a._id)).toEqual(['b'.repeat(24)]);
    expect(await deliveries.countDocuments({ alertId: 'a'.repeat(24) })).toBe(0);
  });

  it('runs on a schedule the workers share', async () => {
    const schedulers = await t.app.get<Queue>(getQueueToken(QueueName.Maintenance)).getJobSchedulers();
    expect(schedulers).toEqual(expect.arrayContaining([expect.objectContaining({ key: 'retention', every: 3_600_000 }), expect.objectContaining({ key: 'compaction' })]));
    expect(schedulers).toHaveLength(2);
  });

  // Last: it runs retention as if a month had passed, which empties this store.
  it('keeps every kind 29 days old and deletes every kind 31 days old: processed logs, task results, failed and pending records', async () => {
    const { body } = await authed(t.server, 'ingest').post('/logs').send({ service: 'retention-edge', message: 'sent now' }).expect(202);
    const logId = body.log_ids[0] as string;
    await processedLog(t.server, logId);
    const results = t.app.get(GroupResultStore);
    const groups = t.app.get(AcceptedGroupStore);
    // A group still pending (no worker will take it: it is not queued).
    const pending = newGroup();
    await groups.insert({ key: pending.key, receivedAt: pending.openedAt, tasks: [{ id: taskIdOf(pending, 0), count: 1 }], records: [{ index: 0, taskId: taskIdOf(pending, 0), source: LogSource.Native, timestamp: pending.openedAt, sealed: { kid: 'k', iv: 'iv', tag: 'tag', data: 'data' } }] });
    const resultGroup = parseLogId(logId)!.group;
    const failed = newGroup();
    const sealed = { kid: 'k', iv: 'iv', tag: 'tag', data: 'data' };
    await groups.putFailed({ key: failed.key, receivedAt: failed.openedAt, tasks: [{ id: taskIdOf(failed, 0), count: 1 }], records: [{ index: 0, taskId: taskIdOf(failed, 0), source: LogSource.Native, timestamp: failed.openedAt, sealed }], reasons: [[0, 'test']], failedAt: failed.openedAt });
    const retention = t.app.get(RetentionService);
    const inDays = (days: number) => new Date(Date.now() + days * DAY_MS);

    const at29 = await retention.enforce(inDays(29));
    expect(at29).toMatchObject({ logsDeleted: 0, hoursDropped: { chunks: 0, results: 0, failed: 0 }, pendingMinutesDropped: 0 });
    expect(await groups.find(pending.key)).not.toBeNull();
    expect((await authed(t.server, 'read').get(`/logs/${logId}`).expect(200)).body.message).toBe('sent now');
    expect(await results.find(resultGroup)).not.toBeNull();
    expect(await groups.findFailed(failed.key)).not.toBeNull();

    const at31 = await retention.enforce(inDays(31));
    expect(at31.logsDeleted).toBeGreaterThanOrEqual(1);
    expect(at31.hoursDropped.results).toBeGreaterThanOrEqual(1);
    expect(at31.hoursDropped.failed).toBeGreaterThanOrEqual(1);
    expect(at31.pendingMinutesDropped).toBeGreaterThanOrEqual(1);
    expect(await groups.find(pending.key)).toBeNull();
    await authed(t.server, 'read').get(`/logs/${logId}`).expect(404);
    expect(await results.find(resultGroup)).toBeNull();
    expect(await groups.findFailed(failed.key)).toBeNull();
  });
});

describe('erasure', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it("erases a user's logs everywhere and reports the count; keeps everyone else's", async () => {
    const user = `erase-${Date.now()}`;
    const { body } = await authed(t.server, 'ingest')
      .post('/logs')
      .send([
        { service: 'erasure', message: 'login', attributes: { user } },
        { service: 'erasure', message: 'logout', attributes: { user } },
        { service: 'erasure', message: 'someone else', attributes: { user: 'keep-me' } },
      ])
      .expect(202);
    const ids = body.log_ids as string[];
    for (const id of ids) await processedLog(t.server, id);
    const tail = await openEventStream(`http://127.0.0.1:${(t.server.address() as AddressInfo).port}/logs/stream?service=erasure`, keyHeader('read'));
    await tail.next((e) => e.event === 'ready');
    tail.close();

    await authed(t.server, 'read').post('/logs/erase').send({ 'attr.user': user }).expect(403);
    await authed(t.server).post('/logs/erase').send({ from: '1h' }).expect(400);
    const { body: started } = await authed(t.server).post('/logs/erase').send({ 'attr.user': user, from: '1h' }).expect(202);
    const done = await waitFor(async () => {
      const { body: status } = await authed(t.server).get(`/logs/erase/${started.task_id}`).expect(200);
      return status.status === 'SUCCESS' ? status : undefined;
    }, 10_000, 'the erasure');
    expect(done).toMatchObject({ task_id: started.task_id, status: 'SUCCESS', result: { logs_erased: 2, processed: 2, pending: 0, failed: 0 }, filter: { services: [], attribute_paths: ['user'] } });
    expect(JSON.stringify(done)).not.toContain(user);

    for (const id of ids.slice(0, 2)) await authed(t.server, 'read').get(`/logs/${id}`).expect(404);
    await authed(t.server, 'read').get(`/logs/${ids[2]}`).expect(200);
    expect((await authed(t.server, 'read').get('/logs?service=erasure').expect(200)).body.items.map((i: { message: string }) => i.message)).toEqual(['someone else']);
    expect((await authed(t.server, 'read').get('/stats?from=1h').expect(200)).body.by_service.erasure).toBe(1);
    // A tail resuming from before the erasure replays only what is left.
    const resumed = await openEventStream(`http://127.0.0.1:${(t.server.address() as AddressInfo).port}/logs/stream?service=erasure`, {
      ...keyHeader('read'),
      'Last-Event-ID': `${Date.now() - 60_000}-000000000000000000000000`,
    });
    await resumed.next((e) => e.event === 'ready');
    expect(resumed.events.filter((e) => e.event === 'log').map((e) => e.data.message)).toEqual(['someone else']);
    resumed.close();
  });
});
