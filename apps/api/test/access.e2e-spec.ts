// API keys, scopes, rate limits and HTTP hardening, over HTTP against the real app.
import { resetEnvForTests } from '@app/config';
import { countStored, authed, startTestApp, testApiKey, type TestApp } from '@app/testing';
import request from 'supertest';

describe('access', () => {
  let t: TestApp;

  beforeAll(async () => {
    Object.assign(process.env, { RATE_LIMIT_READ_PER_MINUTE: '5', CORS_ORIGINS: 'https://logs.example.com' });
    resetEnvForTests();
    t = await startTestApp();
  });
  afterAll(() => t.close());

  describe('API keys', () => {
    it('401 with a JSON body when no key is sent, or an unknown one', async () => {
      const none = await request(t.server).post('/logs').send({ log_data: 'x' }).expect(401);
      expect(none.body).toEqual({ statusCode: 401, error: 'Unauthorized', message: expect.stringContaining('API key is required') });
      const unknown = await request(t.server).get('/task/x').set('X-API-Key', 'not-a-key-of-ours-at-all').expect(401);
      expect(unknown.body.message).toMatch(/not valid/);
      expect(JSON.stringify(unknown.body)).not.toContain('not-a-key-of-ours');
      expect(await countStored(t.db, 'pending_logs')).toBe(0);
    });

    it('403 for the wrong scope: ingest keys cannot read, read keys cannot ingest or administer', async () => {
      const stored = await authed(t.server, 'ingest').post('/logs').send({ log_data: 'scoped' }).expect(202);
      const forbidden = await authed(t.server, 'ingest').get(`/logs/${stored.body.log_id}`).expect(403);
      expect(forbidden.body).toEqual({ statusCode: 403, error: 'Forbidden', message: expect.stringContaining('needs scope read') });
      await authed(t.server, 'read').post('/logs').send({ log_data: 'x' }).expect(403);
      await authed(t.server, 'read').get('/admin/keys').expect(403);
      await authed(t.server, 'read').post('/redaction/rules').send({}).expect(403);
    });

    it('takes the key as Authorization: Bearer too', async () => {
      await request(t.server).get('/redaction/rules').set('Authorization', `Bearer ${testApiKey('read')}`).expect(200);
    });

    it('keeps /health and /docs open', async () => {
      await request(t.server).get('/health').expect(200);
      await request(t.server).get('/docs-json').expect(200);
    });

    it('admin creates a key shown once, lists it without the secret, and revokes it', async () => {
      const created = await authed(t.server).post('/admin/keys').send({ name: 'checkout', scope: 'ingest' }).expect(201);
      expect(created.body).toMatchObject({ name: 'checkout', scope: 'ingest', id: expect.stringMatching(/^[0-9a-f]{16}$/), key: expect.stringMatching(/^lsk_/) });
      const key: string = created.body.key;
      await request(t.server).post('/logs').set('X-API-Key', key).send({ log_data: 'from a created key' }).expect(202);

      const listed = await authed(t.server).get('/admin/keys').expect(200);
      expect(listed.body).toEqual([expect.objectContaining({ id: created.body.id, name: 'checkout', scope: 'ingest' })]);
      expect(JSON.stringify(listed.body)).not.toContain(key.slice(-20));
      const stored = await t.db.collection('api_keys').findOne({});
      expect(JSON.stringify(stored)).not.toContain(key.slice(-20));

      await authed(t.server).delete(`/admin/keys/${created.body.id}`).expect(200);
      await request(t.server).post('/logs').set('X-API-Key', key).send({ log_data: 'x' }).expect(401);
      await authed(t.server).delete('/admin/keys/0000000000000000').expect(404);
    });

    it('refuses a tampered secret for a real key id', async () => {
      const { body } = await authed(t.server).post('/admin/keys').send({ name: 'tamper', scope: 'read' }).expect(201);
      const tampered = body.key.slice(0, -1) + (body.key.endsWith('A') ? 'B' : 'A');
      await request(t.server).get('/redaction/rules').set('X-API-Key', tampered).expect(401);
      await request(t.server).get('/redaction/rules').set('X-API-Key', body.key).expect(200);
    });

    it('never echoes a secret in an error, even as an unknown property name', async () => {
      const token = 'gh' + 'p_' + 'A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8';
      const { body } = await authed(t.server).post('/admin/keys').send({ name: 'x', scope: 'read', [token]: 1 }).expect(400);
      expect(JSON.stringify(body)).not.toContain(token);
      expect(body.message).toEqual([expect.stringContaining('should not exist')]);
      const missing = await authed(t.server).get(`/detection/rules/${token}`).expect(404);
      expect(JSON.stringify(missing.body)).not.toContain(token);
    });

    it('shows a request without a valid key none of the input its error quotes', async () => {
      const slack = 'xo' + 'xb-' + '1-'.repeat(7000) + 'Ab3dE5fG7hJ9';
      const path = await request(t.server).get(`/${slack}`).expect(404);
      expect(path.body).toEqual({ statusCode: 404, error: 'Not Found', message: 'Cannot GET (not shown)' });
      // Authentication comes before the body and its headers are looked at: 401, quoting nothing.
      const encoding = await request(t.server).post('/logs').set('Content-Encoding', slack).set('Content-Type', 'text/plain').send('x').expect(401);
      expect(encoding.body.message).toBe('An API key is required: send it as X-API-Key, Authorization: Bearer <key>, or Basic auth with the key as password');
      const wrongKey = await request(t.server).post('/logs').set('X-API-Key', slack.slice(0, 100)).set('Content-Encoding', slack).send('x').expect(401);
      expect(JSON.stringify(wrongKey.body)).not.toContain('xo' + 'xb-');
    });

    it('quotes at most 200 characters of input to a key holder, redacted', async () => {
      const token = 'gh' + 'p_' + 'A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8';
      const { body } = await authed(t.server).get(`/task/${token}-${'x'.repeat(5000)}`).expect(404);
      expect(body.message).toBe(`No task with id [REDACTED:token]-${'x'.repeat(200 - token.length - 1)}…`);
    });

    it('400 for a key request with an operator object or an unknown scope', async () => {
      const operator = await authed(t.server).post('/admin/keys').send({ name: { $ne: null }, scope: 'read' }).expect(400);
      expect(operator.body.message).toEqual(expect.arrayContaining([expect.stringContaining('name must be a string')]));
      await authed(t.server).post('/admin/keys').send({ name: 'x', scope: 'root' }).expect(400);
    });
  });

  describe('rate limits', () => {
    it('429 with Retry-After past the per-key limit of the scope; other keys are not affected', async () => {
      const { body } = await authed(t.server).post('/admin/keys').send({ name: 'reader', scope: 'read' }).expect(201);
      const statuses: number[] = [];
      for (let i = 0; i < 7; i++) statuses.push((await request(t.server).get('/redaction/rules').set('X-API-Key', body.key)).status);
      expect(statuses).toEqual([200, 200, 200, 200, 200, 429, 429]);
      const limited = await request(t.server).get('/redaction/rules').set('X-API-Key', body.key).expect(429);
      expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
      expect(limited.body.message).toMatch(/Rate limit/);
      // Same IP, another key: its own budget.
      await authed(t.server, 'read').get('/redaction/rules').expect(200);
      // Ingest has its own, larger budget.
      await request(t.server).post('/logs').set('X-API-Key', testApiKey('ingest')).send({ log_data: 'still accepted' }).expect(202);
    });
  });

  describe('hardening', () => {
    it('sends helmet headers', async () => {
      const { headers } = await request(t.server).get('/health').expect(200);
      expect(headers['x-content-type-options']).toBe('nosniff');
      expect(headers['content-security-policy']).toContain("default-src 'self'");
      expect(headers['x-powered-by']).toBeUndefined();
    });

    it('405 with Allow for a method a documented path does not serve; TRACE refused everywhere', async () => {
      const put = await authed(t.server).put('/logs').send({}).expect(405);
      expect(put.headers.allow).toBe('GET, POST');
      expect(put.body).toEqual({ statusCode: 405, error: 'Method Not Allowed', message: expect.stringContaining('PUT') });
      await request(t.server).trace('/health').expect(405);
    });

    it('400, not 500, for OTLP JSON of the wrong shape (found by the fuzzer)', async () => {
      const { body } = await authed(t.server).post('/v1/logs').set('Content-Type', 'application/json').send({ resourceLogs: 136025 }).expect(400);
      expect(body.message).toMatch(/resourceLogs must be an array/);
    });

    it('allows CORS only from the configured origins', async () => {
      const allowed = await request(t.server).options('/logs').set('Origin', 'https://logs.example.com').set('Access-Control-Request-Method', 'POST');
      expect(allowed.headers['access-control-allow-origin']).toBe('https://logs.example.com');
      const other = await request(t.server).options('/logs').set('Origin', 'https://evil.example').set('Access-Control-Request-Method', 'POST');
      expect(other.headers['access-control-allow-origin']).toBeUndefined();
    });
  });
});
