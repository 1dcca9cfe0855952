// Fraud detection end to end: logs in over HTTP, the worker's detection step against real
// Redis windows, alerts in MongoDB, the alerts API and stream, and signed webhooks to a local
// receiver; then two worker processes sharing the load.
import { loadEnv, resetEnvForTests } from '@app/config';
import { verifyWebhook, webhookSecret } from '@app/detection';
import { countStored, authed, keyHeader, processedLog, openEventStream, startRoleProcess, startTestApp, waitFor, type RoleProcess, type TestApp } from '@app/testing';
import { MongoClient } from 'mongodb';
import { Queue } from 'bullmq';
import { QueueName } from '@app/queues';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

const failedLogin = (user: string, ip: string, secondsAgo = 0) => ({
  timestamp: new Date(Date.now() - secondsAgo * 1000).toISOString(),
  level: 'warn',
  service: 'auth',
  message: `login failed for ${user}`,
  attributes: { event: 'login_failed', user, source_ip: ip },
});

describe('fraud detection', () => {
  let t: TestApp;
  let base: string;

  const alertsOf = (ruleId: string) => t.db.collection('alerts').find({ ruleId }).toArray();
  const processed = () => countStored(t.db, 'logs');
  const send = async (records: object[]) => {
    const before = await processed();
    await authed(t.server, 'ingest').post('/logs').send(records).expect(202);
    await waitFor(async () => (await processed()) >= before + records.length, 15_000, 'records processed');
  };

  beforeAll(async () => {
    Object.assign(process.env, { WEBHOOK_ALLOW_PRIVATE_TARGETS: 'true', WEBHOOK_BACKOFF_MS: '100' });
    resetEnvForTests();
    t = await startTestApp();
    base = `http://127.0.0.1:${(t.server.address() as AddressInfo).port}`;
  });
  afterAll(() => t.close());

  it('brute force: 5 failed logins in 5 s raise exactly 1 alert; 4 raise none; no raw value is stored in it', async () => {
    await send([0, 1, 2, 3].map((s) => failedLogin('bob', '203.0.113.4', 5 - s)));
    expect(await alertsOf('brute-force')).toHaveLength(0);

    await send([0, 1, 2, 3, 4].map((s) => failedLogin('alice.smith@example.com', '203.0.113.5', 5 - s)));
    const [alert] = await waitFor(async () => {
      const found = await alertsOf('brute-force');
      return found.length === 1 ? found : undefined;
    }, 5000, 'one brute-force alert');
    expect(alert).toMatchObject({ severity: 'high', value: 5, groupBy: ['attributes.user'], status: 'open' });
    expect(alert.sampleLogIds).toHaveLength(5);
    expect(JSON.stringify(alert)).not.toMatch(/alice|203\.0\.113/);

    const { body } = await authed(t.server, 'read').get('/alerts?rule=brute-force').expect(200);
    expect(body.items).toHaveLength(1);
    expect(body.items[0]).toMatchObject({ rule_id: 'brute-force', value: 5, aggregate: 'count', group_key: alert.groupKey });
    expect(JSON.stringify(body)).not.toContain('alice');
  });

  it('sliding, not tumbling: 5 spread over 61 s raise none; 3 at 58-59 s and 2 at 61 s raise 1', async () => {
    const before = (await alertsOf('brute-force')).length;
    // Event time is the record's timestamp: seconds are counted back from 120 s ago.
    await send([0, 15.25, 30.5, 45.75, 61].map((s) => failedLogin('frank', '203.0.113.11', 120 - s)));
    expect((await alertsOf('brute-force')).length).toBe(before);
    await send([58, 58.5, 59, 61, 61.5].map((s) => failedLogin('gina', '203.0.113.12', 120 - s)));
    await waitFor(async () => (await alertsOf('brute-force')).length === before + 1, 5000, 'one alert for the sliding burst');
  });

  it('20 failures within the suppression period: still 1 alert for that user', async () => {
    const before = (await alertsOf('brute-force')).length;
    for (let i = 0; i < 4; i++) await send(Array.from({ length: 5 }, (_, j) => failedLogin('carol', '203.0.113.6', 20 - i * 5 - j)));
    expect((await alertsOf('brute-force')).length - before).toBe(1);
  });

  it('password spraying: one IP failing for 10 distinct users raises 1 alert', async () => {
    await send(Array.from({ length: 12 }, (_, i) => failedLogin(`sprayed${i % 10}`, '198.51.100.77', 30 - i)));
    await waitFor(async () => (await alertsOf('password-spraying')).length === 1, 5000, 'one spraying alert');
    const [alert] = await alertsOf('password-spraying');
    expect(alert).toMatchObject({ value: 10, aggregate: 'distinct(attributes.user)', severity: 'critical' });
  });

  it('huge amounts cannot poison a sum window, nor fail the logs of the next batch', async () => {
    const account = `acct-${Date.now()}`;
    const tx = (amount: unknown) => ({ message: 'transaction', attributes: { event: 'transaction', account, amount } });
    await send([tx('1e308'), tx('1e308')]);
    // Another client's batch: one record of that account and an unrelated log.
    const before = await processed();
    const { body } = await authed(t.server, 'ingest').post('/logs').send([tx(5), { message: 'unrelated' }]).expect(202);
    await waitFor(async () => (await processed()) >= before + 2, 15_000, 'the next batch processed');
    for (const id of body.log_ids) expect((await processedLog(t.server, id)).status).toBe('processed');
    const alerts = await alertsOf('transaction-volume');
    expect(alerts.filter((a) => !Number.isFinite(a.value))).toEqual([]);
  });

  it('streams new alerts, and analysts acknowledge them', async () => {
    const stream = await openEventStream(`${base}/alerts/stream`, keyHeader('read'));
    await stream.next((e) => e.event === 'ready');
    await send([0, 1, 2, 3, 4].map((s) => failedLogin('dan', '203.0.113.8', 5 - s)));
    const event = await stream.next((e) => e.event === 'alert', 5000);
    expect(event.data).toMatchObject({ rule_id: 'brute-force', value: 5 });
    stream.close();

    // Changing an alert's state is triage's (or admin's), not read's.
    await authed(t.server, 'read').patch(`/alerts/${event.data.id}`).send({ status: 'acknowledged' }).expect(403);
    const { body } = await authed(t.server, 'triage').patch(`/alerts/${event.data.id}`).send({ status: 'acknowledged' }).expect(200);
    expect(body.status).toBe('acknowledged');
    await authed(t.server, 'triage').get('/alerts?status=acknowledged').expect(200);
    await authed(t.server, 'triage').patch(`/alerts/${event.data.id}`).send({ status: 'gone' }).expect(400);
    await authed(t.server, 'read').get('/alerts/000000000000000000000000').expect(404);
  });

  it('delivers a signed webhook, retrying a receiver that answers 500 twice and then 200', async () => {
    const received: Array<{ status: number; valid: boolean }> = [];
    let calls = 0;
    const receiver: Server = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk) => (body += chunk));
      req.on('end', () => {
        calls++;
        const valid = verifyWebhook(webhookSecret(loadEnv()), {
          timestamp: String(req.headers['x-logsieve-timestamp']),
          deliveryId: String(req.headers['x-logsieve-delivery']),
          target: `http://${req.headers.host}${req.url}`,
          body,
          signature: String(req.headers['x-logsieve-signature']),
        });
        const status = calls <= 2 ? 500 : 200;
        received.push({ status, valid });
        res.writeHead(status).end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    const target = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
    try {
      await authed(t.server)
        .post('/detection/rules')
        .send({
          id: 'admin-failures',
          name: 'Failed admin logins',
          severity: 'high',
          match: [{ field: 'attributes.event', op: 'eq', value: 'login_failed' }, { field: 'attributes.user', op: 'regex', value: '^admin' }],
          groupBy: ['attributes.source_ip'],
          aggregate: { kind: 'count' },
          threshold: { op: 'gte', value: 2 },
          windowSeconds: 60,
          suppressSeconds: 600,
          targets: [target],
        })
        .expect(201);
      await send([failedLogin('admin', '203.0.113.9', 2), failedLogin('administrator', '203.0.113.9', 1)]);
      const [alert] = await waitFor(async () => {
        const found = await alertsOf('admin-failures');
        return found.length === 1 ? found : undefined;
      }, 5000, 'the custom rule to alert');
      await waitFor(() => received.some((r) => r.status === 200), 15_000, 'a delivery answered 200');
      expect(received).toEqual([{ status: 500, valid: true }, { status: 500, valid: true }, { status: 200, valid: true }]);
      const detail = await waitFor(async () => {
        const { body } = await authed(t.server, 'admin').get(`/alerts/${alert._id}`).expect(200);
        return body.deliveries[0]?.status === 'delivered' ? body : undefined;
      }, 5000, 'the delivery recorded');
      expect(detail.deliveries).toEqual([{ target, status: 'delivered', attempts: 3, last_status_code: 200, last_error: 'the target answered 500', delivered_at: expect.any(String) }]);
      // Below admin, a target shows its origin only (chat webhooks carry their secret in the path), and no delivery errors.
      const origin = new URL(target).origin;
      const seenByRead = await authed(t.server, 'read').get(`/alerts/${alert._id}`).expect(200);
      expect(seenByRead.body.deliveries).toEqual([{ target: `${origin}/…`, status: 'delivered', attempts: 3, last_status_code: 200, delivered_at: expect.any(String) }]);
      const ruleSeenByRead = await authed(t.server, 'read').get('/detection/rules/admin-failures').expect(200);
      expect(ruleSeenByRead.body.targets).toEqual([`${origin}/…`]);
      const listSeenByRead = await authed(t.server, 'read').get('/detection/rules').expect(200);
      expect(JSON.stringify(listSeenByRead.body)).not.toContain('/hook');
    } finally {
      receiver.close();
    }
  }, 30_000);

  it('rules are data: invalid ones are refused with the reason, built-ins cannot be deleted', async () => {
    const invalid = await authed(t.server).post('/detection/rules').send({
      id: 'bad', name: 'bad', severity: 'low', match: [{ field: 'message', op: 'regex', value: '(a)\\1' }], groupBy: [], aggregate: { kind: 'count' }, threshold: { op: 'gte', value: 1 }, windowSeconds: 60, suppressSeconds: 60,
    }).expect(400);
    expect(invalid.body.message).toMatch(/RE2/);
    await authed(t.server).delete('/detection/rules/brute-force').expect(409);
    await authed(t.server, 'read').post('/detection/rules').send({}).expect(403);
    const { body } = await authed(t.server).patch('/detection/rules/transaction-volume').send({ threshold: { op: 'gt', value: 500 } }).expect(200);
    expect(body.threshold).toEqual({ op: 'gt', value: 500 });
  });
});

describe('fraud detection across worker processes', () => {
  const processes: RoleProcess[] = [];
  let mongo: MongoClient;

  beforeAll(async () => {
    mongo = await MongoClient.connect(process.env.MONGO_URI!);
    // No group commit here: each request its own job, so the two workers take jobs concurrently.
    processes.push(await startRoleProcess('api', { INGEST_LINGER_MS: '0' }), await startRoleProcess('worker'), await startRoleProcess('worker'));
  }, 60_000);
  afterAll(async () => {
    await Promise.all(processes.map((p) => p.stop()));
    await mongo.db().dropDatabase().catch(() => undefined);
    await mongo.close();
  });

  it('two workers sharing the load raise exactly 1 alert for 10 failures of one user, each sent alone', async () => {
    const [api] = processes;
    const responses = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        fetch(`${api.url}/logs`, { method: 'POST', headers: { 'Content-Type': 'application/json', ...keyHeader('ingest') }, body: JSON.stringify(failedLogin('erin', '203.0.113.10', 10 - i)) }),
      ),
    );
    expect(responses.map((r) => r.status)).toEqual(Array(10).fill(202));
    await waitFor(async () => (await countStored(mongo.db(), 'logs', { service: 'auth' })) === 10, 20_000, 'all 10 processed');
    const alerts = await mongo.db().collection('alerts').find({ ruleId: 'brute-force' }).toArray();
    expect(alerts).toHaveLength(1);
    // Both workers took jobs: the load really was shared.
    const queue = new Queue(QueueName.RedactLogs, { connection: { url: process.env.REDIS_URL }, prefix: process.env.QUEUE_PREFIX });
    const jobs = await queue.getJobs(['completed']);
    await queue.close();
    expect(new Set(jobs.map((job) => job.processedBy)).size).toBe(2);
  }, 60_000);
});
