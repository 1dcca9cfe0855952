// Inputs from the outside security review, as a table: what each must be answered with, and
// whether nothing or everything of it is stored. Nothing here may answer 500, and nothing
// accepted may be stored altered.
import { ApiKeyDoc } from '@app/auth';
import { resetEnvForTests } from '@app/config';
import { getModelToken } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import { createServer, request as httpRequest } from 'node:http';
import { authed, countCalls, countStoredLogs, keyHeader, processedLog, startRoleProcess, startTestApp, waitFor, type RoleProcess, type TestApp } from '@app/testing';
import type { AddressInfo } from 'node:net';
import request from 'supertest';

const nested = (depth: number, leaf: unknown = 1): unknown => {
  let value = leaf;
  for (let i = 0; i < depth; i++) value = [value];
  return value;
};
/** JSON text nested `depth` deep, built as text: building the value would take the stack it tests. */
const nestedJson = (depth: number) => `${'['.repeat(depth)}1${']'.repeat(depth)}`;

describe('hostile input', () => {
  let t: TestApp;
  const UNAUTHENTICATED_PER_MINUTE = 25;
  beforeAll(async () => {
    process.env.RATE_LIMIT_UNAUTHENTICATED_PER_MINUTE = String(UNAUTHENTICATED_PER_MINUTE);
    resetEnvForTests();
    t = await startTestApp();
  });
  afterAll(() => t.close());

  const postLogs = (body: string) => authed(t.server).post('/logs').set('Content-Type', 'application/json').send(body);

  describe.each([
    ['a 900 KB message', () => JSON.stringify({ message: 'a'.repeat(900 * 1024) }), /\$\.message is 921600 characters long; a string may hold at most 262144/],
    ['arrays nested 10,000 deep', () => `{"log_data": ${nestedJson(10_000)}}`, /nests JSON more than 80 levels deep/],
    ['attributes nested 70 deep (past what redaction keeps whole)', () => JSON.stringify({ message: 'x', attributes: { deep: nested(70) } }), /is nested 64 levels deep; a record may nest at most 63/],
    ['a 300 KB string in a batch of one', () => JSON.stringify([{ message: 'ok', attributes: { blob: 'b'.repeat(300 * 1024) } }]), /No record in the batch is valid/],
  ])('POST /logs with %s', (_name, body, reason) => {
    it('answers 400 naming the problem, and stores nothing', async () => {
      const before = await countStoredLogs(t.db);
      const response = await postLogs(body()).expect(400);
      expect(JSON.stringify(response.body)).toMatch(reason);
      expect(await countStoredLogs(t.db)).toBe(before);
    });
  });

  it('POST /logs stores the valid records of a batch and names the one too long', async () => {
    const response = await postLogs(JSON.stringify([{ message: 'kept' }, { message: 'c'.repeat(300 * 1024) }])).expect(202);
    expect(response.body).toMatchObject({ accepted: 1, rejected: 1, errors: [{ index: 1, reason: expect.stringMatching(/^\$\.message is 307200 characters long/) }] });
  });

  it('POST /logs keeps a __proto__ object as data', async () => {
    const { body } = await postLogs('{"log_data": {"__proto__": {"role": "admin"}, "user": "u1"}}').expect(202);
    const record = await processedLog(t.server, body.log_id);
    expect(JSON.stringify(record.log_data)).toBe('{"__proto__":{"role":"admin"},"user":"u1"}');
  });

  it('POST /logs keeps "a.b" and "a．b" (fullwidth dot) as two fields', async () => {
    const { body } = await postLogs(JSON.stringify({ log_data: { 'a.b': 'dot', 'a\uFF0Eb': 'fullwidth', 'a\uFF3Cb': 'backslash' } })).expect(202);
    const record = await processedLog(t.server, body.log_id);
    expect(record.log_data).toEqual({ 'a.b': 'dot', 'a\uFF0Eb': 'fullwidth', 'a\uFF3Cb': 'backslash' });
  });

  it('GET /stats counts a level named "constructor" as a word', async () => {
    const { body } = await postLogs(JSON.stringify([{ message: 'x', level: 'constructor' }, { message: 'y', level: 'constructor' }])).expect(202);
    await Promise.all(body.log_ids.map((id: string) => processedLog(t.server, id)));
    const stats = await authed(t.server, 'read').get('/stats?from=1h').expect(200);
    expect(stats.body.by_level.constructor).toBe(2);
  });

  it('POST /redaction/preview nested 5,000 deep answers 400', async () => {
    const response = await authed(t.server).post('/redaction/preview').set('Content-Type', 'application/json').send(`{"sample": ${nestedJson(5000)}}`).expect(400);
    expect(response.body.message).toMatch(/nests JSON more than 80 levels deep/);
  });

  const rule = (match: unknown) => ({
    id: `hostile-${Math.random().toString(36).slice(2, 8)}`,
    name: 'hostile',
    enabled: true,
    severity: 'low',
    match,
    groupBy: [],
    aggregate: { kind: 'count' },
    threshold: { op: 'gte', value: 1 },
    windowSeconds: 60,
    suppressSeconds: 60,
    targets: [],
  });

  it.each([
    ['a value 3,000 deep', [{ field: 'message', op: 'eq', value: nested(3000, 'x') }], /nests JSON more than 80 levels deep/],
    ['a $-key in an exists value', [{ field: 'message', op: 'exists', value: { $gt: 1 } }], /match\[0\]\.value must be absent \(or true\) for exists/],
    ['a $-key in an eq value', [{ field: 'message', op: 'eq', value: { $ne: null } }], /match\[0\]\.value must be a string, number or boolean/],
  ])('POST /detection/rules with %s answers 400 and stores no rule', async (_name, match, reason) => {
    const definition = rule(match);
    const response = await authed(t.server).post('/detection/rules').set('Content-Type', 'application/json').send(JSON.stringify(definition)).expect(400);
    expect(response.body.message).toMatch(reason);
    await authed(t.server).get(`/detection/rules/${definition.id}`).expect(404);
  });

  it('POST /detection/rules refuses a field a rule does not have, and stores no rule', async () => {
    const definition = { ...rule([{ field: 'message', op: 'exists' }]), extra: { $where: 'x' } };
    const response = await authed(t.server).post('/detection/rules').send(definition).expect(400);
    expect(JSON.stringify(response.body.message)).toMatch(/extra/);
    await authed(t.server).get(`/detection/rules/${definition.id}`).expect(404);
  });

  describe('webhook targets inside the network', () => {
    const webhookRule = (id: string, target: string) => ({ ...rule([{ field: 'attributes.kind', op: 'eq', value: id }]), id, threshold: { op: 'gte', value: 1 }, targets: [target] });

    it('are refused when a rule is saved', async () => {
      const response = await authed(t.server).post('/detection/rules').send(webhookRule('ssrf-save', 'http://127.0.0.1:9/hook')).expect(400);
      expect(response.body.message).toMatch(/targets: a target on a private or loopback address is refused/);
    });

    it('are refused at delivery, where the address is checked again, and never called', async () => {
      let calls = 0;
      const server = createServer((req, res) => {
        calls++;
        res.writeHead(200).end();
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      const target = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
      try {
        // Saved while private targets were allowed (a setting since changed): only delivery can stop it now.
        process.env.WEBHOOK_ALLOW_PRIVATE_TARGETS = 'true';
        resetEnvForTests();
        await authed(t.server).post('/detection/rules').send(webhookRule('ssrf-deliver', target)).expect(201);
        delete process.env.WEBHOOK_ALLOW_PRIVATE_TARGETS;
        resetEnvForTests();
        await postLogs(JSON.stringify({ message: 'x', attributes: { kind: 'ssrf-deliver' } })).expect(202);
        const alert = await waitFor(async () => (await t.db.collection('alerts').findOne({ ruleId: 'ssrf-deliver' })) ?? undefined, 10_000, 'the alert');
        const delivery = await waitFor(async () => {
          const { body } = await authed(t.server).get(`/alerts/${alert._id}`).expect(200);
          return body.deliveries[0]?.last_error ? body.deliveries[0] : undefined;
        }, 10_000, 'the delivery attempt');
        expect(delivery).toMatchObject({ target, last_error: 'WebhookTargetError: a target on a private or loopback address is refused (WEBHOOK_ALLOW_PRIVATE_TARGETS)' });
        expect(calls).toBe(0);
      } finally {
        delete process.env.WEBHOOK_ALLOW_PRIVATE_TARGETS;
        resetEnvForTests();
        server.close();
      }
    });
  });

  describe('before authentication', () => {
    const anonymous = () => request(t.server);

    it('a 2 MB body without a key gets 401, not 413: nothing is read', async () => {
      const response = await anonymous().post('/logs').set('Content-Type', 'text/plain').send('x'.repeat(2 * 1024 * 1024)).expect(401);
      expect(response.body.message).toMatch(/An API key is required/);
    });

    /**
     * Sends the headers and the first kilobyte of a 900 KB body, then waits: a server that read
     * the body before deciding would never answer; one that decides first answers at once.
     */
    const answerBeforeBody = (path: string, headers: Record<string, string>, method = 'POST') =>
      new Promise<{ status: number; body: string; bodyStillOpen: boolean }>((resolve, reject) => {
        const { port } = t.server.address() as AddressInfo;
        let finished = false;
        const req = httpRequest({ host: '127.0.0.1', port, path, method, headers: { 'Content-Type': 'text/plain', 'Content-Length': String(900 * 1024), ...headers } }, (res) => {
          let body = '';
          res.on('data', (chunk: Buffer) => (body += chunk.toString()));
          res.on('end', () => {
            resolve({ status: res.statusCode!, body, bodyStillOpen: !finished });
            // The rest of the body is never sent: close the connection, or the server waits for it at shutdown.
            finished = true;
            req.destroy();
          });
        });
        req.on('error', () => undefined);
        req.write('x'.repeat(1024));
        setTimeout(() => {
          finished = true;
          req.destroy();
          reject(new Error(`no answer to a half-sent body on ${path}: the server waited for it`));
        }, 10_000).unref();
      });

    it('a read key posting a 900 KB body to /logs gets 403 before the body is sent, let alone read', async () => {
      const answer = await answerBeforeBody('/logs', keyHeader('read'));
      expect(answer).toMatchObject({ status: 403, bodyStillOpen: true });
      expect(JSON.parse(answer.body).message).toMatch(/needs scope ingest/);
      // The same for a triage route and an admin one.
      expect(await answerBeforeBody('/logs/erase', keyHeader('ingest'))).toMatchObject({ status: 403, bodyStillOpen: true });
      expect(await answerBeforeBody('/alerts/x', { ...keyHeader('read'), 'Content-Type': 'application/json' }, 'PATCH')).toMatchObject({ status: 403, bodyStillOpen: true });
      expect(await answerBeforeBody('/logs', {})).toMatchObject({ status: 401, bodyStillOpen: true });
    });

    it('an attribute path with a NUL or an empty key is a 400 naming it, in JSON and NDJSON alike (it was a 500)', async () => {
      for (const format of ['json', 'ndjson']) {
        const { body } = await authed(t.server, 'read').get(`/logs?attr.a%00b=1&format=${format}`).expect(400);
        expect(body.message).toMatch(/attr\.a\\u0000b.*control characters/);
        await authed(t.server, 'read').get(`/logs?attr.a..b=1&format=${format}`).expect(400);
      }
      await authed(t.server, 'read').get('/stats?attr.a%00b=1').expect(400);
      await authed(t.server, 'read').get('/logs/stream?attr.a%00b=1').expect(400);
    });

    it('a 1 MB body that is not JSON, without a key, on /admin/keys gets 401, not 400: nothing is parsed', async () => {
      await anonymous().post('/admin/keys').set('Content-Type', 'application/json').send('{'.repeat(1024 * 1024)).expect(401);
    });

    it('a deflate stream of empty blocks past the limit gets 413 from its compressed size, inflating nothing more', async () => {
      // Stored blocks of length 0 (5 bytes each) inflate to nothing: only the compressed bytes can bound them.
      const emptyBlocks = Buffer.alloc(1.2 * 1024 * 1024);
      for (let i = 0; i + 5 <= emptyBlocks.length; i += 5) emptyBlocks.set([0x00, 0x00, 0x00, 0xff, 0xff], i);
      const body = Buffer.concat([Buffer.from([0x78, 0x9c]), emptyBlocks]);
      const response = await authed(t.server).post('/logs').set('Content-Type', 'text/plain').set('Content-Encoding', 'deflate').send(body).expect(413);
      expect(response.body.message).toMatch(/exceeds the limit of 1048576 bytes/);
    });

    // Last in the file: it spends this address's budget of failed attempts.
    it('unknown well-formed keys from one address get 429 past the limit, not a key lookup each', async () => {
      const statuses: number[] = [];
      const { body: stored } = await authed(t.server, 'admin').post('/admin/keys').send({ name: 'locked-out?', scope: 'read' }).expect(201);
      for (let i = 0; i < UNAUTHENTICATED_PER_MINUTE + 10; i++) {
        const unknownKey = `lsk_${(i + 1).toString(16).padStart(16, '0')}_${'s'.repeat(43)}`;
        statuses.push((await anonymous().get('/stats').set('X-API-Key', unknownKey)).status);
      }
      // The earlier tests' anonymous requests spent part of the budget: 401s, then only 429s.
      const firstRefused = statuses.indexOf(429);
      expect(firstRefused).toBeGreaterThan(UNAUTHENTICATED_PER_MINUTE - 5);
      expect(firstRefused).toBeLessThanOrEqual(UNAUTHENTICATED_PER_MINUTE);
      expect(new Set(statuses.slice(0, firstRefused))).toEqual(new Set([401]));
      expect(new Set(statuses.slice(firstRefused))).toEqual(new Set([429]));
      // Past the budget, made-up keys of the stored shape cost no lookup each, however many.
      const lookups = countCalls(t.app.get<Model<ApiKeyDoc>>(getModelToken(ApiKeyDoc.name)), 'findById');
      try {
        for (let i = 0; i < 20; i++) await anonymous().get('/stats').set('X-API-Key', `lsk_${(0xabc000 + i).toString(16).padStart(16, '0')}_${'s'.repeat(43)}`).expect(429);
        expect(lookups.calls).toBe(0);
        // A valid key from the same address still gets in: a bootstrap key, and a stored one never
        // looked up before (the review's lockout: it got 429 for the rest of the minute).
        await authed(t.server, 'read').get('/stats').expect(200);
        await anonymous().get('/stats').set('X-API-Key', stored.key).expect(200);
        expect(lookups.calls).toBe(1);
      } finally {
        lookups.restore();
      }
      // A malformed key from the blocked address still costs no lookup: 429.
      await anonymous().get('/stats').set('X-API-Key', 'not-a-key').expect(429);
    });
  });
});

describe('client addresses behind a proxy (TRUST_PROXY)', () => {
  let api: RoleProcess;
  afterAll(() => api?.stop());

  it('counts each forwarded client, and an IPv6 client by its /64, only for the proxies it trusts', async () => {
    api = await startRoleProcess('api', { TRUST_PROXY: '1', RATE_LIMIT_UNAUTHENTICATED_PER_MINUTE: '3', LOG_LEVEL: 'warn' });
    const from = async (client: string) => (await fetch(`${api.url}/stats`, { headers: { 'X-Forwarded-For': client, 'X-API-Key': 'not-a-key' } })).status;
    for (let i = 0; i < 3; i++) expect(await from('198.51.100.7')).toBe(401);
    expect(await from('198.51.100.7')).toBe(429);
    // Another client behind the same proxy has its own budget.
    expect(await from('198.51.100.8')).toBe(401);
    // Addresses of one /64 share one.
    for (let i = 1; i <= 3; i++) expect(await from(`2001:db8:1:2::${i}`)).toBe(401);
    expect(await from('2001:db8:1:2:ffff::9')).toBe(429);
    expect(await from('2001:db8:1:3::1')).toBe(401);
  });
});

