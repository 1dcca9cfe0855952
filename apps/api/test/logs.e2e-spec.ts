// The seed's HTTP contract end-to-end: the booted app (api and worker in one process, as
// `npm run stack` runs it) over HTTP, on real Redis and the MongoDB-protocol server.
import { AcceptedGroupStore, jobIdOf, logIdOf, LogSource, newGroup, parseTaskId, taskIdOf } from '@app/logs';
import { getQueueToken } from '@nestjs/bullmq';
import { QueueName } from '@app/queues';
import { storedRecord, authed, keyHeader, countStoredLogs, queuedJobOf, startTestApp, waitFor, type TestApp } from '@app/testing';
import type { Queue } from 'bullmq';
import type { AddressInfo } from 'node:net';
import { Types } from 'mongoose';
import { deflateSync, gzipSync } from 'node:zlib';

const SEED_EXAMPLE = { log_data: { username: 'john_doe', email: 'john@example.com', activity: 'login_attempt' } };

describe('logsieve HTTP contract', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  const taskOf = (taskId: string) => authed(t.server).get(`/task/${taskId}`);
  const untilSuccess = (taskId: string) =>
    waitFor(async () => {
      const { body } = await taskOf(taskId);
      return body.status === 'SUCCESS' ? body : undefined;
    }, 10_000, `task ${taskId} to succeed`);
  const rawRecord = (id: string) => storedRecord(t.db, 'logs', id);

  describe('POST /logs with the seed example', () => {
    it('answers 202 with ids, queues its job, reaches SUCCESS and stores no email anywhere', async () => {
      const response = await authed(t.server).post('/logs').send(SEED_EXAMPLE).expect(202);
      expect(response.body).toEqual({
        status: 'Log stored and processing',
        log_id: expect.stringMatching(/^[0-9a-f]{24}$/),
        task_id: expect.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/),
        accepted: 1,
        log_ids: [response.body.log_id],
        rejected: 0,
      });
      // Queued by POST /logs itself, before the worker could take it (the reconciler is slowed down in tests).
      await expect(queuedJobOf(t, response.body.task_id)).resolves.toMatchObject({ id: expect.stringMatching(/^g[0-9a-f]{20}$/), logIds: [response.body.log_id] });

      const task = await untilSuccess(response.body.task_id);
      expect(task).toEqual({
        task_id: response.body.task_id,
        status: 'SUCCESS',
        result: { logs_processed: 1, logs_failed: 0, redactions: { email: 1 } },
      });

      const stored = await rawRecord(response.body.log_id);
      expect(stored).toMatchObject({ status: 'processed', content: { attributes: { username: 'john_doe', email: '[REDACTED:email]', activity: 'login_attempt' } } });
      expect(stored).not.toHaveProperty('sealed');
      expect(JSON.stringify(stored)).not.toContain('john@example.com');
      expect(JSON.stringify(task)).not.toContain('john@example.com');

      const { body: record } = await authed(t.server).get(`/logs/${response.body.log_id}`).expect(200);
      expect(record).toMatchObject({
        log_id: response.body.log_id,
        task_id: response.body.task_id,
        status: 'processed',
        log_data: { email: '[REDACTED:email]' },
        findings: [{ rule: 'email', path: '$.attributes.email', count: 1 }],
      });
      expect(JSON.stringify(record)).not.toContain('john@example.com');
    });

  });

  describe('text/plain (the seed dropped these with null ids)', () => {
    it('stores the line, redacts it and reaches SUCCESS', async () => {
      const line = 'login failed for jane@example.org from +44 20 7946 0958';
      const { body } = await authed(t.server).post('/logs').set('Content-Type', 'text/plain').send(line).expect(202);
      expect(body.log_id).toMatch(/^[0-9a-f]{24}$/);
      const task = await untilSuccess(body.task_id);
      expect(task.result.redactions).toEqual({ email: 1, phone: 1 });
      const { body: record } = await authed(t.server).get(`/logs/${body.log_id}`).expect(200);
      expect(record).toMatchObject({ source: 'text', log_data: 'login failed for [REDACTED:email] from [REDACTED:phone]' });
    });
  });

  it.each([
    ['gzip', gzipSync],
    ['deflate', deflateSync],
  ])('accepts a %s-encoded body and stores what it held', async (encoding, compress) => {
    const line = `${encoding} line from ${'zipped' + '@example.com'}`;
    const { body } = await authed(t.server)
      .post('/logs')
      .set('Content-Type', 'application/json')
      .set('Content-Encoding', encoding)
      .serialize((bytes: Buffer) => bytes as unknown as string) // superagent would JSON-encode the Buffer
      .send(compress(JSON.stringify({ log_data: line })) as unknown as string)
      .expect(202);
    await untilSuccess(body.task_id);
    const { body: record } = await authed(t.server).get(`/logs/${body.log_id}`).expect(200);
    expect(record.log_data).toBe(`${encoding} line from [REDACTED:email]`);
  });

  describe('bad input gets an exact 4xx with a JSON body naming the problem', () => {
    const secret = 'hunter2-' + 'not-a-real-secret';
    it.each([
      ['invalid JSON', 400, 'application/json', `{"log_data": "${secret}"`, /not valid JSON/],
      ['missing log_data', 400, 'application/json', JSON.stringify({ data: secret }), /"log_data" is required/],
      ['log_data of the wrong type', 400, 'application/json', '{"log_data": 42}', /must be an object or a string/],
      ['log_data as an array', 400, 'application/json', '{"log_data": [1]}', /must be an object or a string/],
      ['an empty JSON body', 400, 'application/json', '', /empty/],
      ['an empty text body', 400, 'text/plain', '', /empty/],
      ['a form body', 415, 'application/x-www-form-urlencoded', `password=${secret}`, /not supported/],
      ['XML', 415, 'application/xml', '<log/>', /not supported/],
    ])('%s → %i', async (_, status, type, payload, message) => {
      const response = await authed(t.server).post('/logs').set('Content-Type', type).send(payload);
      expect(response.status).toBe(status);
      expect(response.headers['content-type']).toMatch(/application\/json/);
      expect(response.body).toEqual({ statusCode: status, error: expect.any(String), message: expect.stringMatching(message) });
      expect(response.text).not.toContain(secret);
    });

    it('413 over the size limit', async () => {
      const big = JSON.stringify({ log_data: 'x'.repeat(1024 * 1024 + 1) });
      const response = await authed(t.server).post('/logs').set('Content-Type', 'application/json').send(big).expect(413);
      expect(response.body).toEqual({ statusCode: 413, error: 'Payload Too Large', message: expect.stringMatching(/exceeds the limit of 1048576 bytes/) });
    });

    it('413 past MAX_BATCH_RECORDS records, storing none', async () => {
      const before = await countStoredLogs(t.db);
      const ndjson = Array.from({ length: 10_001 }, () => '{"message":"m"}').join('\n');
      const response = await authed(t.server).post('/logs').set('Content-Type', 'application/x-ndjson').send(ndjson).expect(413);
      expect(response.body.message).toBe('The batch holds 10001 records; the limit is 10000');
      expect(await countStoredLogs(t.db)).toBe(before);
    });

    it('413 for a gzip bomb: the limit applies after decompression', async () => {
      const bomb = gzipSync(Buffer.alloc(8 * 1024 * 1024, 'a'));
      expect(bomb.length).toBeLessThan(64 * 1024);
      await authed(t.server).post('/logs').set('Content-Type', 'text/plain').set('Content-Encoding', 'gzip').send(bomb).expect(413);
    });

    it('400 for a body that is not the gzip it claims to be', async () => {
      const response = await authed(t.server).post('/logs').set('Content-Type', 'text/plain').set('Content-Encoding', 'gzip').send('plain').expect(400);
      expect(response.body.message).toMatch(/not valid compressed data/);
    });

    it('415 for an unknown Content-Encoding', async () => {
      await authed(t.server).post('/logs').set('Content-Type', 'text/plain').set('Content-Encoding', 'br').send('x').expect(415);
    });

    it('stores nothing for a refused request', async () => {
      const count = () => countStoredLogs(t.db);
      const before = await count();
      await authed(t.server).post('/logs').set('Content-Type', 'application/json').send('{"nope":1}').expect(400);
      expect(await count()).toBe(before);
    });
  });

  describe('GET /task/{task_id}', () => {
    it('404 for an unknown task (the seed said PENDING)', async () => {
      const { body } = await taskOf('1b41b21d-dc5f-4ac9-9da4-6353b2de70a7').expect(404);
      expect(body).toEqual({ statusCode: 404, error: 'Not Found', message: expect.stringContaining('No task') });
    });

    it('still reports SUCCESS, from MongoDB, after the job is removed from Redis', async () => {
      const { body } = await authed(t.server).post('/logs').send(SEED_EXAMPLE).expect(202);
      const before = await untilSuccess(body.task_id);
      const queue = t.app.get<Queue>(getQueueToken(QueueName.RedactLogs));
      // The job is the task's commit group's, which its id names.
      const jobId = jobIdOf(parseTaskId(body.task_id)!.group);
      // SUCCESS is written before the job completes: removing it earlier races the worker's lock.
      await waitFor(async () => (await (await queue.getJob(jobId))?.getState()) === 'completed', 10_000, 'the job completed');
      await (await queue.getJob(jobId))!.remove();
      expect(await queue.getJob(jobId)).toBeUndefined();
      const { body: after } = await taskOf(body.task_id).expect(200);
      expect(after).toEqual(before);
    });
  });

  describe('GET /logs/{log_id}', () => {
    it('400 for a malformed id', async () => {
      const { body } = await authed(t.server).get('/logs/not-an-id').expect(400);
      expect(body.message).toMatch(/24 hexadecimal/);
    });

    it('404 for an unknown id', async () => {
      await authed(t.server).get(`/logs/${new Types.ObjectId().toHexString()}`).expect(404);
    });

    it('shows a pending record without content', async () => {
      // A group accepted but never queued (as while Redis is away): written below the API.
      const group = newGroup();
      const taskId = taskIdOf(group, 0);
      await t.app.get(AcceptedGroupStore).insert({
        key: group.key,
        receivedAt: group.openedAt,
        tasks: [{ id: taskId, count: 1 }],
        records: [{ index: 0, taskId, source: LogSource.Json, timestamp: group.openedAt, sealed: { kid: 'x', iv: 'x', tag: 'x', data: 'x' } }],
      });
      const id = logIdOf(group.key, 0);
      const { body } = await authed(t.server).get(`/logs/${id}`).expect(200);
      expect(Object.keys(body).sort()).toEqual(['log_id', 'received_at', 'source', 'status', 'task_id', 'timestamp']);
      expect(body).toMatchObject({ log_id: id, task_id: taskId, status: 'pending' });
      await authed(t.server).get(`/logs/${logIdOf(group.key, 1)}`).expect(404);
      await t.app.get(AcceptedGroupStore).deleteUnacknowledged(group.key);
    });
  });

  describe('docs', () => {
    it('documents every endpoint at /docs-json, with examples', async () => {
      const { body } = await authed(t.server).get('/docs-json').expect(200);
      expect(Object.keys(body.paths)).toEqual(
        expect.arrayContaining(['/health', '/health/ready', '/logs', '/logs/{log_id}', '/redaction/preview', '/redaction/rules', '/redaction/rules/{id}', '/task/{task_id}', '/v1/logs', '/admin/keys']),
      );
      for (const [path, operations] of Object.entries<Record<string, { summary?: string; responses: object }>>(body.paths)) {
        for (const [method, operation] of Object.entries(operations)) {
          expect({ path, method, summary: Boolean(operation.summary), responses: Object.keys(operation.responses).length > 0 }).toEqual({ path, method, summary: true, responses: true });
          // Every operation outside the health checks (ours and HEC's) needs a key and says what happens without one.
          if (!path.startsWith('/health') && !path.startsWith('/services/collector/health')) expect({ path, method, codes: Object.keys(operation.responses) }).toEqual({ path, method, codes: expect.arrayContaining(['401', '403']) });
        }
      }
      const post = body.paths['/logs'].post;
      expect(Object.keys(post.responses).sort()).toEqual(['202', '400', '401', '403', '409', '413', '415', '422', '429', '431', '503']);
      expect(Object.keys(post.requestBody.content).sort()).toEqual(['application/json', 'application/x-ndjson', 'text/plain']);
      expect(Object.keys(body.paths['/task/{task_id}'].get.responses).sort()).toEqual(['200', '401', '403', '404', '429', '431']);
      expect(Object.keys(body.paths['/logs/{log_id}'].get.responses).sort()).toEqual(['200', '400', '401', '403', '404', '429', '431']);
      expect(body.components.schemas.IngestResponseDto.properties.task_id.example).toBeDefined();
    });

    it('answers a search URL past the server\'s header limit with the documented 431 (a fuzzer found it undocumented)', async () => {
      const { port } = t.server.address() as AddressInfo;
      const response = await fetch(`http://127.0.0.1:${port}/logs?${'service=x&'.repeat(2000)}`, { headers: keyHeader('read') });
      expect(response.status).toBe(431);
      const { body } = await authed(t.server).get('/docs-json').expect(200);
      expect(body.paths['/logs'].get.responses['431']).toBeDefined();
    });

    it('serves Swagger UI at /docs', async () => {
      const response = await authed(t.server).get('/docs').expect(200);
      expect(response.text).toContain('swagger-ui');
    });
  });

  it('answers /health and /health/ready', async () => {
    expect((await authed(t.server).get('/health').expect(200)).body).toEqual({ status: 'ok', role: 'all' });
    const { body } = await authed(t.server).get('/health/ready').expect(200);
    expect(body.info).toMatchObject({ mongodb: { status: 'up' }, redis: { status: 'up' } });
  });
});
