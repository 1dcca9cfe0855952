// Idempotency-Key and backpressure on ingest.
import { authed, keyHeader, countStoredLogs, processedLog, startRoleProcess, startTestApp, waitFor, type RoleProcess, type TestApp } from '@app/testing';
import { randomBytes, randomUUID } from 'node:crypto';
import { IDEMPOTENCY_WINDOW_MS, IdempotencyService } from '@app/ingest';

describe('Idempotency-Key', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  const stored = () => countStoredLogs(t.db);

  it('a retry with the same key returns the first response and stores nothing new', async () => {
    const key = randomUUID();
    const before = await stored();
    const first = await authed(t.server).post('/logs').set('Idempotency-Key', key).send({ log_data: { n: 1 } }).expect(202);
    const retry = await authed(t.server).post('/logs').set('Idempotency-Key', key).send({ log_data: { n: 1 } }).expect(202);
    expect(retry.body).toEqual(first.body);
    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect(await stored()).toBe(before + 1);
    // Another key is another request.
    await authed(t.server).post('/logs').set('Idempotency-Key', randomUUID()).send({ log_data: { n: 1 } }).expect(202);
    expect(await stored()).toBe(before + 2);
  });

  it('concurrent requests with one key store once', async () => {
    const key = randomUUID();
    const before = await stored();
    const responses = await Promise.all(Array.from({ length: 5 }, () => authed(t.server).post('/logs').set('Idempotency-Key', key).send([{ message: 'a' }, { message: 'b' }])));
    expect(responses.every((r) => r.status === 202 || r.status === 409)).toBe(true);
    expect(responses.filter((r) => r.status === 202 && !r.headers['idempotent-replayed'])).toHaveLength(1);
    expect(await stored()).toBe(before + 2);
  });

  it('a refused request releases its key, so the corrected retry goes through', async () => {
    const key = randomUUID();
    await authed(t.server).post('/logs').set('Idempotency-Key', key).send({ log_data: 42 }).expect(400);
    await authed(t.server).post('/logs').set('Idempotency-Key', key).send({ log_data: 'fixed' }).expect(202);
  });

  it('belongs to the API key that sent it: another client reusing it stores its own log', async () => {
    const key = `order-${randomBytes(3).toString('hex')}`; // predictable keys are the point
    const first = await authed(t.server, 'ingest').post('/logs').set('Idempotency-Key', key).send({ log_data: 'from client A' }).expect(202);
    const other = await authed(t.server, 'admin').post('/logs').set('Idempotency-Key', key).send({ log_data: 'from client B' }).expect(202);
    expect(other.headers['idempotent-replayed']).toBeUndefined();
    expect(other.body.log_id).not.toBe(first.body.log_id);
    // The content is readable once redacted, not right after the 202.
    const stored = await processedLog(t.server, other.body.log_id);
    expect(stored.log_data).toBe('from client B');
  });

  it('answers 422 when a key is reused with a different body, and stores nothing', async () => {
    const key = randomUUID();
    await authed(t.server).post('/logs').set('Idempotency-Key', key).send({ log_data: 'first' }).expect(202);
    const before = await stored();
    const { body } = await authed(t.server).post('/logs').set('Idempotency-Key', key).send({ log_data: 'second' }).expect(422);
    expect(body.message).toMatch(/different request body/);
    expect(await stored()).toBe(before);
  });

  it('forgets keys past their 24 hours: the sweep deletes them and the key is free again', async () => {
    const key = randomUUID();
    await authed(t.server).post('/logs').set('Idempotency-Key', key).send({ log_data: 'day one' }).expect(202);
    const keys = t.db.collection('idempotency_keys');
    const fresh = await keys.countDocuments({});
    expect(await t.app.get(IdempotencyService).sweep(new Date(Date.now() + IDEMPOTENCY_WINDOW_MS - 60_000))).toBe(0);
    const swept = await t.app.get(IdempotencyService).sweep(new Date(Date.now() + IDEMPOTENCY_WINDOW_MS + 60_000));
    expect(swept).toBe(fresh);
    expect(await keys.countDocuments({})).toBe(0);
    const again = await authed(t.server).post('/logs').set('Idempotency-Key', key).send({ log_data: 'day two' }).expect(202);
    expect(again.headers['idempotent-replayed']).toBeUndefined();
  });

  it('refuses a malformed key', async () => {
    const { body } = await authed(t.server).post('/logs').set('Idempotency-Key', 'has space').send({ log_data: 'x' }).expect(400);
    expect(body.message).toMatch(/Idempotency-Key must be/);
  });
});

describe('backpressure', () => {
  let api: RoleProcess;
  let worker: RoleProcess | undefined;
  afterAll(() => Promise.all([api?.stop(), worker?.stop()]));

  it('answers 429 with Retry-After past the high-water mark, drops nothing, and accepts again once drained', async () => {
    const suffix = randomBytes(4).toString('hex');
    const uri = new URL(process.env.MONGO_URI!);
    uri.pathname = `/logsieve_bp_${suffix}`;
    const env = { MONGO_URI: uri.toString(), QUEUE_PREFIX: `{logsieve-bp-${suffix}}`, INGEST_HIGH_WATER_JOBS: '3', LOG_LEVEL: 'warn' };
    api = await startRoleProcess('api', env); // no worker yet: jobs wait
    const post = () => fetch(`${api.url}/logs`, { method: 'POST', headers: { 'Content-Type': 'application/json', ...keyHeader() }, body: JSON.stringify({ log_data: 'bp' }) });

    const accepted: string[] = [];
    for (let i = 0; i < 3; i++) {
      const response = await post();
      expect(response.status).toBe(202);
      accepted.push(((await response.json()) as { task_id: string }).task_id);
    }
    // The backlog is sampled at most once a second.
    const refused = await waitFor(async () => {
      const response = await post();
      if (response.status === 202) accepted.push(((await response.json()) as { task_id: string }).task_id);
      return response.status === 429 ? response : undefined;
    }, 5000, 'a 429');
    expect(refused.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(await refused.json()).toEqual({ statusCode: 429, error: 'Too Many Requests', message: expect.stringMatching(/backlog is over its limit; nothing was stored/) });

    worker = await startRoleProcess('worker', env);
    await waitFor(async () => (await post()).status === 202, 15_000, 'ingest to accept again');
    for (const taskId of accepted) {
      await waitFor(async () => ((await (await fetch(`${api.url}/task/${taskId}`, { headers: keyHeader() })).json()) as { status: string }).status === 'SUCCESS', 15_000, `task ${taskId}`);
    }
  }, 90_000);
});
