// Retention on real services: a log older than RETENTION_DAYS goes (its hour dropped whole),
// a fresh one stays; an alert older than ALERT_RETENTION_DAYS goes with its deliveries; the
// worker schedules the run once across workers.
import { getQueueToken } from '@nestjs/bullmq';
import { resetEnvForTests } from '@app/config';
import { RetentionService } from '@app/processing';
import { QueueName } from '@app/queues';
import { authed, processedLog, startTestApp, type TestApp } from '@app/testing';
import type { Queue } from 'bullmq';

const DAY_MS = 24 * 3_600_000;

describe('retention', () => {
  let t: TestApp;
  beforeAll(async () => {
    Object.assign(process.env, { RETENTION_DAYS: '30', ALERT_RETENTION_DAYS: '90' });
    resetEnvForTests();
    t = await startTestApp();
  });
  afterAll(async () => {
    for (const key of ['RETENTION_DAYS', 'ALERT_RETENTION_DAYS']) delete process.env[key];
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
    expect(report.partitionsDropped.logs).toBe(1);

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
    await alerts.insertMany([alert('a'.repeat(24), 100), alert('b'.repeat(24), 10)] as never[]);
    await deliveries.insertOne({ _id: `${'a'.repeat(24)}:t`, alertId: 'a'.repeat(24), target: 'https://x.example/h', status: 'delivered', attempts: 1, updatedAt: new Date() } as never);

    expect((await t.app.get(RetentionService).enforce()).alertsDeleted).toBe(1);
    expect((await alerts.find({ ruleId: 'retention-test' }).toArray()).map((a) => a._id)).toEqual(['b'.repeat(24)]);
    expect(await deliveries.countDocuments({ alertId: 'a'.repeat(24) })).toBe(0);
  });

  it('runs on a schedule the workers share', async () => {
    const schedulers = await t.app.get<Queue>(getQueueToken(QueueName.Maintenance)).getJobSchedulers();
    expect(schedulers).toEqual([expect.objectContaining({ key: 'retention', every: 3_600_000 })]);
  });
});
