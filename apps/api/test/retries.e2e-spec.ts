// The retry and failure lifecycle over HTTP, on real Redis and the MongoDB-protocol server. The
// fault is injected where a real one would strike: the store refusing the worker's write of
// redacted records (as when MongoDB drops a connection). A transient fault shows RETRY and then
// SUCCESS; a lasting one ends, after the last attempt, with the logs `failed` and the task FAILURE.
import { resetEnvForTests } from '@app/config';
import { ChunkStore } from '@app/logs';
import { authed, startTestApp, waitFor, type TestApp } from '@app/testing';

type WriteChunk = ChunkStore['write'];

describe('retries and failure', () => {
  let t: TestApp;
  let store: ChunkStore;
  let realWrite: WriteChunk;
  let writes = 0;
  /**
   * Replaces the worker's write of redacted records (a chunk): `fail(n)` says whether its n-th
   * call (from 1) fails. Compaction's rewrites (which name what they replace) are let through.
   */
  const injectFault = (fail: (call: number) => boolean) => {
    writes = 0;
    store.write = (records, options) => (!options.replaces && fail(++writes) ? Promise.reject(storeDown()) : realWrite(records, options));
  };

  beforeAll(async () => {
    // Long enough a backoff to see RETRY between attempts; few attempts to reach FAILURE soon.
    Object.assign(process.env, { JOB_BACKOFF_MS: '1500', JOB_ATTEMPTS: '3' });
    resetEnvForTests();
    t = await startTestApp();
    store = t.app.get(ChunkStore);
    realWrite = store.write.bind(store);
  });
  afterAll(async () => {
    store.write = realWrite;
    for (const key of ['JOB_BACKOFF_MS', 'JOB_ATTEMPTS']) delete process.env[key];
    resetEnvForTests();
    await t.close();
  });

  const storeDown = () => Object.assign(new Error('connection to the store was lost'), { name: 'MongoNetworkError' });
  const statusOf = async (taskId: string) => (await authed(t.server, 'read').get(`/task/${taskId}`).expect(200)).body;

  it('a transient fault shows RETRY, then SUCCESS once the write goes through', async () => {
    injectFault((call) => call === 1);
    const { body } = await authed(t.server, 'ingest').post('/logs').send({ log_data: { email: 'retry@example.com' } }).expect(202);
    const seen = new Set<string>();
    const done = await waitFor(async () => {
      const task = await statusOf(body.task_id);
      seen.add(task.status);
      return task.status === 'SUCCESS' ? task : undefined;
    }, 15_000, 'the task to succeed after a retry');
    expect(seen.has('RETRY')).toBe(true);
    expect(done).toEqual({ task_id: body.task_id, status: 'SUCCESS', result: { logs_processed: 1, logs_failed: 0, redactions: { email: 1 } } });
    expect(writes).toBe(2);
  }, 30_000);

  it('a lasting fault: after the last attempt the logs are failed and the task FAILURE', async () => {
    injectFault(() => true);
    const { body } = await authed(t.server, 'ingest').post('/logs').send([{ message: 'one' }, { message: 'two' }]).expect(202);
    const task = await waitFor(async () => {
      const found = await statusOf(body.task_id);
      // FAILURE shows as soon as the job gives up; its result (with reasons) follows once written.
      return found.status === 'FAILURE' && found.result?.failure_reasons ? found : undefined;
    }, 20_000, 'the task to fail with its reasons');
    expect(writes).toBe(3);
    expect(task).toEqual({
      task_id: body.task_id,
      status: 'FAILURE',
      result: { logs_processed: 0, logs_failed: 2, redactions: {}, failure_reasons: ['gave up after 3 attempts (MongoNetworkError)'] },
    });
    for (const id of body.log_ids) {
      const { body: log } = await authed(t.server, 'read').get(`/logs/${id}`).expect(200);
      expect(log).toMatchObject({ status: 'failed', failure_reason: 'gave up after 3 attempts (MongoNetworkError)' });
      expect(log).not.toHaveProperty('log_data');
    }
  }, 30_000);
});
