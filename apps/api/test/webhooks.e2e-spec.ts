// Webhook deliveries and alert handling end to end, against local receivers: attempts that run
// out, receivers that never answer, a job redelivered after detection ran (one alert, one
// webhook), and alerts paged and resolved.
import { loadEnv, resetEnvForTests } from '@app/config';
import { verifyWebhook, webhookSecret } from '@app/detection';
import { ChunkStore } from '@app/logs';
import { authed, countStored, startTestApp, waitFor, type TestApp } from '@app/testing';
import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

interface Receiver {
  url: string;
  calls: number;
  /** Each call's headers and body, in order. */
  received: Array<{ headers: Record<string, string | string[] | undefined>; body: string }>;
  close(): Promise<void>;
}

/** A local webhook receiver: `answer` decides each call's status, or never answers. */
async function receiver(answer: (call: number) => number | 'hang'): Promise<Receiver> {
  const state = { calls: 0 };
  const received: Receiver['received'] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      received.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      const status = answer(++state.calls);
      if (status !== 'hang') res.writeHead(status).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`,
    get calls() {
      return state.calls;
    },
    received,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

describe('webhooks and alerts', () => {
  let t: TestApp;

  beforeAll(async () => {
    Object.assign(process.env, { WEBHOOK_ALLOW_PRIVATE_TARGETS: 'true', WEBHOOK_BACKOFF_MS: '100', WEBHOOK_ATTEMPTS: '3', WEBHOOK_TIMEOUT_MS: '500' });
    resetEnvForTests();
    t = await startTestApp();
  });
  afterAll(async () => {
    for (const key of ['WEBHOOK_ALLOW_PRIVATE_TARGETS', 'WEBHOOK_BACKOFF_MS', 'WEBHOOK_ATTEMPTS', 'WEBHOOK_TIMEOUT_MS']) delete process.env[key];
    resetEnvForTests();
    await t.close();
  });

  /** A rule raising an alert for every record with `attributes.kind = <kind>`, one group per `attributes.group`. */
  const ruleFor = async (kind: string, targets: string[]) => {
    const id = `wh-${kind}`;
    await authed(t.server)
      .post('/detection/rules')
      .send({ id, name: `every ${kind}`, severity: 'low', match: [{ field: 'attributes.kind', op: 'eq', value: kind }], groupBy: ['attributes.group'], aggregate: { kind: 'count' }, threshold: { op: 'gte', value: 1 }, windowSeconds: 60, suppressSeconds: 60, targets })
      .expect(201);
    return id;
  };
  const send = async (records: object[]) => {
    const before = await countStored(t.db, 'logs');
    const { body } = await authed(t.server, 'ingest').post('/logs').send(records).expect(202);
    await waitFor(async () => (await countStored(t.db, 'logs')) >= before + records.length, 15_000, 'records processed');
    return body;
  };
  const alertsOf = (ruleId: string) => t.db.collection('alerts').find({ ruleId }).toArray();
  const deliveryOf = async (alertId: unknown) => (await authed(t.server).get(`/alerts/${alertId}`).expect(200)).body.deliveries[0];

  it('attempts that run out: the delivery ends failed, with the last answer', async () => {
    const hook = await receiver(() => 500);
    try {
      const ruleId = await ruleFor('always-500', [hook.url]);
      await send([{ message: 'x', attributes: { kind: 'always-500', group: 'g' } }]);
      const [alert] = await waitFor(async () => ((await alertsOf(ruleId)).length === 1 ? alertsOf(ruleId) : undefined), 5000, 'the alert');
      const delivery = await waitFor(async () => ((await deliveryOf(alert._id))?.status === 'failed' ? deliveryOf(alert._id) : undefined), 10_000, 'the delivery to fail');
      expect(delivery).toEqual({ target: hook.url, status: 'failed', attempts: 3, last_status_code: 500, last_error: 'the target answered 500' });
      expect(hook.calls).toBe(3);
      // One delivery id across the retries (a receiver dedupes by it), and each attempt signed over this target.
      const ids = hook.received.map((call) => call.headers['x-logsieve-delivery']);
      expect(new Set(ids).size).toBe(1);
      expect(ids[0]).toMatch(new RegExp(`^${String(alert._id)}:[0-9a-f]+$`));
      for (const call of hook.received) {
        const signed = { timestamp: String(call.headers['x-logsieve-timestamp']), deliveryId: String(ids[0]), body: call.body, signature: String(call.headers['x-logsieve-signature']) };
        expect(verifyWebhook(webhookSecret(loadEnv()), { ...signed, target: hook.url })).toBe(true);
        expect(verifyWebhook(webhookSecret(loadEnv()), { ...signed, target: `${hook.url}/elsewhere` })).toBe(false);
      }
    } finally {
      await hook.close();
    }
  }, 30_000);

  it('a receiver that never answers times out each attempt, and the delivery ends failed', async () => {
    const hook = await receiver(() => 'hang');
    try {
      const ruleId = await ruleFor('hangs', [hook.url]);
      await send([{ message: 'x', attributes: { kind: 'hangs', group: 'g' } }]);
      const [alert] = await waitFor(async () => ((await alertsOf(ruleId)).length === 1 ? alertsOf(ruleId) : undefined), 5000, 'the alert');
      const delivery = await waitFor(async () => ((await deliveryOf(alert._id))?.status === 'failed' ? deliveryOf(alert._id) : undefined), 15_000, 'the delivery to time out');
      expect(delivery).toMatchObject({ status: 'failed', attempts: 3, last_error: expect.stringMatching(/^(TimeoutError|AbortError)/) });
      expect(hook.calls).toBe(3);
    } finally {
      await hook.close();
    }
  }, 30_000);

  it('a job redelivered after its detection ran raises no second alert and sends no second webhook', async () => {
    const hook = await receiver(() => 200);
    const store = t.app.get(ChunkStore);
    const realWrite = store.write.bind(store);
    let writes = 0;
    // The first attempt detects (alert stored, webhook queued), then loses its write of the records: BullMQ retries the job.
    store.write = (records, options) =>
      !options.replaces && ++writes === 1 ? Promise.reject(Object.assign(new Error('lost'), { name: 'MongoNetworkError' })) : realWrite(records, options);
    try {
      const ruleId = await ruleFor('redelivered', [hook.url]);
      await send([{ message: 'x', attributes: { kind: 'redelivered', group: 'g' } }]);
      expect(writes).toBe(2);
      await waitFor(() => hook.calls >= 1, 10_000, 'the webhook');
      await new Promise((resolve) => setTimeout(resolve, 1000)); // room for a second delivery, if one were queued
      expect(await alertsOf(ruleId)).toHaveLength(1);
      expect(hook.calls).toBe(1);
    } finally {
      store.write = realWrite;
      await hook.close();
    }
  }, 30_000);

  it('pages alerts with a cursor and lets triage resolve one', async () => {
    const ruleId = await ruleFor('paged', []);
    await send(['a', 'b', 'c'].map((group) => ({ message: 'x', attributes: { kind: 'paged', group: `${group}-${randomBytes(2).toString('hex')}` } })));
    await waitFor(async () => (await alertsOf(ruleId)).length === 3, 5000, 'three alerts');
    const first = await authed(t.server, 'read').get(`/alerts?rule=${ruleId}&limit=2`).expect(200);
    expect(first.body.items).toHaveLength(2);
    expect(first.body.next).toEqual(expect.any(String));
    const second = await authed(t.server, 'read').get(`/alerts?rule=${ruleId}&limit=2&cursor=${first.body.next}`).expect(200);
    expect(second.body.items).toHaveLength(1);
    expect(second.body.next).toBeNull();
    const ids = [...first.body.items, ...second.body.items].map((a: { id: string }) => a.id);
    expect(new Set(ids).size).toBe(3);

    const resolved = await authed(t.server, 'triage').patch(`/alerts/${ids[0]}`).send({ status: 'resolved' }).expect(200);
    expect(resolved.body).toMatchObject({ id: ids[0], status: 'resolved' });
    const listed = await authed(t.server, 'read').get(`/alerts?rule=${ruleId}&status=resolved`).expect(200);
    expect(listed.body.items.map((a: { id: string }) => a.id)).toEqual([ids[0]]);
  });
});
