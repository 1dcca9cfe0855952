// Batches and the native record shape over HTTP: JSON arrays, NDJSON, gzip, partial success.
import { countStored, storedDocs, authed, keyHeader, startTestApp, waitFor, type TestApp } from '@app/testing';
import { gzipSync } from 'node:zlib';

describe('batches and native records', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  const untilSuccess = (taskId: string) =>
    waitFor(async () => {
      const { body } = await authed(t.server).get(`/task/${taskId}`);
      return body.status === 'SUCCESS' ? body : undefined;
    }, 10_000, `task ${taskId}`);

  it('stores a native record with its fields, redacted, and keeps the client timestamp', async () => {
    const yesterday = new Date(Math.floor((Date.now() - 86_400_000) / 1000) * 1000).toISOString();
    const { body } = await authed(t.server)
      .post('/logs')
      .send({ timestamp: yesterday, level: 'WARN', service: 'auth', message: 'login failed for jane@example.com', attributes: { ip: '203.0.113.9' }, trace_id: 'a'.repeat(32) })
      .expect(202);
    await untilSuccess(body.task_id);
    const { body: record } = await authed(t.server).get(`/logs/${body.log_id}`).expect(200);
    expect(record).toMatchObject({
      source: 'native',
      timestamp: yesterday,
      level: 'warn',
      service: 'auth',
      message: 'login failed for [REDACTED:email]',
      attributes: { ip: '[REDACTED:ip]' },
      trace_id: 'a'.repeat(32),
    });
    expect(record).not.toHaveProperty('log_data');
    const [raw] = await storedDocs(t.db, 'logs', { taskId: body.task_id });
    expect(raw).toMatchObject({ level: 'warn', service: 'auth' });
  });

  it('accepts the valid records of a JSON array and reports the others by index (partial success)', async () => {
    const { body } = await authed(t.server)
      .post('/logs')
      .send([{ message: 'first' }, { level: 'info' }, { log_data: { email: 'x@example.com' } }, { message: 'bad level', level: '!!' }])
      .expect(202);
    expect(body).toMatchObject({ accepted: 2, rejected: 2, errors: [{ index: 1, reason: expect.any(String) }, { index: 3, reason: '"level" must be a word of 1-16 letters or a level number (syslog 0-7, pino 10-60)' }] });
    expect(body.log_ids).toHaveLength(2);
    const task = await untilSuccess(body.task_id);
    expect(task.result).toMatchObject({ logs_processed: 2, redactions: { email: 1 } });
  });

  it('takes 1,000 NDJSON records in one gzip request as one task', async () => {
    // (FerretDB never answered an update of 100 statements: records are now inserted processed.)
    const lines = Array.from({ length: 1000 }, (_, i) => JSON.stringify({ message: `event ${i} by user${i}@example.com`, service: 'bulk', level: 'info' }));
    const { body } = await authed(t.server)
      .post('/logs')
      .set('Content-Type', 'application/x-ndjson')
      .set('Content-Encoding', 'gzip')
      .serialize((bytes: Buffer) => bytes as unknown as string)
      .send(gzipSync(lines.join('\n')) as unknown as string)
      .expect(202);
    expect(body).toMatchObject({ accepted: 1000, rejected: 0 });
    const task = await untilSuccess(body.task_id);
    expect(task.result).toEqual({ logs_processed: 1000, logs_failed: 0, redactions: { email: 1000 } });
    expect(await countStored(t.db, 'logs', { taskId: body.task_id, status: 'processed' })).toBe(1000);
  }, 30_000);

  it('refuses a batch with no valid record with 400 and the reasons', async () => {
    const { body } = await authed(t.server).post('/logs').send([1, { nope: true }]).expect(400);
    expect(body).toEqual({ statusCode: 400, error: 'Bad Request', message: 'No record in the batch is valid', errors: [{ index: 0, reason: expect.any(String) }, { index: 1, reason: expect.any(String) }] });
  });
});
