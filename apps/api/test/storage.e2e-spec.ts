// Storage as it grows: concurrent single-record requests share one store write and one job
// yet keep exact task statuses; records land by arrival whatever their time; reads touch only
// what exists and stop when their client leaves; a drained minute is dropped only when no
// write can reach it.
import { getQueueToken } from '@nestjs/bullmq';
import {
  AcceptedGroupStore,
  ChunkCatalog,
  ChunkStore,
  GroupResultStore,
  groupMinute,
  hourKey,
  jobIdOf,
  logIdOf,
  LogSource,
  LogStatus,
  newGroup,
  parseTaskId,
  StoreCollections,
  StoreKind,
  taskIdOf,
  type StoredLogRecord,
} from '@app/logs';
import { PendingReconcilerService } from '@app/processing';
import { QueueName } from '@app/queues';
import { LogSearchService, parseLogQuery, ReadAbortedError } from '@app/search';
import { authed, countCalls, keyHeader, processedLog, startRoleProcess, startTestApp, waitFor, type TestApp } from '@app/testing';
import type { Queue } from 'bullmq';

/** Records the store's collections the app reads and writes from now on (every access goes through StoreCollections). */
function watchCollections(t: TestApp) {
  const collections = t.app.get(StoreCollections);
  const read = new Set<string>();
  const written = new Set<string>();
  const { collection, noteWritten } = collections;
  collections.collection = ((kind: StoreKind, key: string) => {
    read.add(`${kind}_${key}`);
    return collection.call(collections, kind, key);
  }) as StoreCollections['collection'];
  collections.noteWritten = (kind, key) => {
    written.add(`${kind}_${key}`);
    noteWritten.call(collections, kind, key);
  };
  return {
    read: () => [...read],
    written: () => [...written],
    stop: () => Object.assign(collections, { collection, noteWritten }),
  };
}

describe('storage', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  const processed = (logId: string) => processedLog(t.server, logId);

  it('groups concurrent single-record requests into shared jobs, each task still exact', async () => {
    const requests = 24;
    const answers = await Promise.all(
      Array.from({ length: requests }, (_, i) => authed(t.server, 'ingest').post('/logs').send({ log_data: { n: i, email: `user${i}@example.com` } })),
    );
    expect(answers.map((a) => a.status)).toEqual(Array(requests).fill(202));
    const taskIds = answers.map((a) => a.body.task_id as string);
    expect(new Set(taskIds).size).toBe(requests);

    // Right after the 202s, every task's job is in Redis: ingest queued it, not the reconciler.
    const queue = t.app.get<Queue>(getQueueToken(QueueName.RedactLogs));
    const jobIds = taskIds.map((id) => jobIdOf(parseTaskId(id)!.group));
    for (const jobId of new Set(jobIds)) expect(await queue.getJob(jobId)).toBeDefined();
    // Requests that arrived together shared a store write and a job.
    expect(new Set(jobIds).size).toBeLessThan(requests);

    for (const id of taskIds) {
      const { body } = await waitFor(async () => {
        const response = await authed(t.server).get(`/task/${id}`);
        return response.body.status === 'SUCCESS' ? response : undefined;
      }, 10_000, `task ${id}`);
      expect(body).toEqual({ task_id: id, status: 'SUCCESS', result: { logs_processed: 1, logs_failed: 0, redactions: { email: 1 } } });
    }
  });

  it('lands by arrival: records timestamped across a week of hours go to the same few collections, and search finds each by its time', async () => {
    const touched = watchCollections(t);
    const hours = 160; // the window takes 168 hours back
    const now = Date.now();
    const records = Array.from({ length: hours }, (_, i) => ({ timestamp: new Date(now - i * 3_600_000 - 60_000).toISOString(), service: 'storage-spread', message: `hour ${i}` }));
    const { body } = await authed(t.server, 'ingest').post('/logs').send([...records, { timestamp: new Date(now - 400 * 3_600_000).toISOString(), service: 'storage-spread', message: 'too old' }]).expect(202);
    expect(body).toMatchObject({ accepted: hours, rejected: 1, errors: [{ index: hours, reason: expect.stringMatching(/more than 168 hours old/) }] });
    for (const id of body.log_ids) await processed(id);
    // One group document in, one result, one chunk's three documents: never a collection per hour of the records.
    expect(touched.written().length).toBeLessThanOrEqual(8);
    expect(new Set(body.log_ids.map((id: string) => id.slice(0, 20))).size).toBe(1);

    const old = await authed(t.server).get(`/logs?service=storage-spread&from=${new Date(now - 100.5 * 3_600_000).toISOString()}&to=${new Date(now - 99.5 * 3_600_000).toISOString()}`).expect(200);
    expect(old.body.items.map((i: { message: string }) => i.message)).toEqual(['hour 100']);
    const recent = await authed(t.server).get('/logs?service=storage-spread').expect(200);
    expect(recent.body.items).toHaveLength(24);
    touched.stop();
  });

  it('answers from=1970 and to=9999 reading only hours that exist, never enumerating the range', async () => {
    await authed(t.server, 'ingest').post('/logs').send({ service: 'storage-range', message: 'now' }).expect(202);
    await waitFor(async () => (await authed(t.server).get('/logs?service=storage-range').expect(200)).body.items.length === 1, 10_000, 'the record');
    const touched = watchCollections(t);
    const { body } = await authed(t.server).get('/logs?service=storage-range&from=1970-01-01&to=9999-12-31').expect(200);
    expect(body.items.map((i: { message: string }) => i.message)).toEqual(['now']);
    const stats = await authed(t.server).get('/stats?from=1970-01-01&to=9999-12-31&bucket=1000w').expect(200);
    expect(stats.body.by_service['storage-range']).toBe(1);
    const catalogHours = (await t.app.get(StoreCollections).keys(StoreKind.Catalog, { fresh: true })).length;
    // Per existing hour: its catalog, keys and data at most; the two newest hours besides.
    expect(touched.read().length).toBeLessThanOrEqual(3 * (catalogHours + 2));
    touched.stop();
  });

  it('stops a read whose client left before it opens another chunk', async () => {
    await authed(t.server, 'ingest').post('/logs').send({ service: 'storage-abort', message: 'one' }).expect(202);
    await waitFor(async () => (await authed(t.server).get('/logs?service=storage-abort').expect(200)).body.items.length === 1, 10_000, 'the record');
    const opened = countCalls(t.app.get(ChunkCatalog), 'records');
    const gone = new AbortController();
    gone.abort();
    try {
      await expect(t.app.get(LogSearchService).page(parseLogQuery({ service: 'storage-abort' }), { signal: gone.signal })).rejects.toThrow(ReadAbortedError);
      expect(opened.calls).toBe(0);
      // The same read with its client still there opens the chunk and finds the record.
      expect((await t.app.get(LogSearchService).page(parseLogQuery({ service: 'storage-abort' }))).records).toHaveLength(1);
      expect(opened.calls).toBeGreaterThan(0);
    } finally {
      opened.restore();
    }
  });

  it("sees another process's rewrite of an older hour within a second, and re-reads no unchanged hour", async () => {
    const time = new Date(Date.now() - 3 * 3_600_000);
    const hour = hourKey(time);
    const record = (message: string): StoredLogRecord => {
      const group = newGroup(time);
      return { id: logIdOf(group.key, 0), taskId: taskIdOf(group, 0), status: LogStatus.Processed, source: LogSource.Native, receivedAt: time, timestamp: time, level: 'info', service: 'storage-versions', content: { message }, findings: [], rulesetVersion: 1, processedAt: time };
    };
    const writer = t.app.get(ChunkStore);
    const first = await writer.write([record('before')], { tier: 'chunks', hour });
    // Another process: its own catalog over its own store.
    const readerStore = new ChunkStore(t.app.get(StoreCollections));
    const reader = new ChunkCatalog(readerStore);
    const catalogReads = countCalls(readerStore, 'catalog');
    const ids = async () => (await reader.entries(hour)).filter((e) => e.services.some(([name]) => name === 'storage-versions')).map((e) => e.id);
    expect(await ids()).toEqual([first.id]);
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    expect(await ids()).toEqual([first.id]);
    expect(catalogReads.calls).toBe(1);

    const second = await writer.write([record('after')], { tier: 'chunks', hour, replaces: [first.id] });
    await writer.remove([first]);
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    expect(await ids()).toEqual([second.id]);
    expect(catalogReads.calls).toBe(2);
  });

  it('an api process sees chunks another process writes in an older hour, and their rewrite, within its staleness window (10 s here)', async () => {
    const api = await startRoleProcess('api', { LOG_LEVEL: 'warn' });
    try {
      const time = new Date(Date.now() - 5 * 3_600_000);
      const hour = hourKey(time);
      const group = newGroup(time);
      const record = (message: string): StoredLogRecord => ({ id: logIdOf(group.key, 0), taskId: taskIdOf(group, 0), status: LogStatus.Processed, source: LogSource.Native, receivedAt: time, timestamp: time, level: 'info', service: 'storage-elsewhere', content: { message }, findings: [], rulesetVersion: 1, processedAt: time });
      const messages = async () => ((await (await fetch(`${api.url}/logs?service=storage-elsewhere&from=24h`, { headers: keyHeader('read') })).json()) as { items: Array<{ message: string }> }).items.map((item) => item.message);
      expect(await messages()).toEqual([]);
      // A chunk in an hour the api has not listed yet: found once its listing is renewed.
      const writer = t.app.get(ChunkStore);
      const first = await writer.write([record('before the rewrite')], { tier: 'chunks', hour });
      await waitFor(async () => (await messages()).length === 1, 10_000, 'the new hour listed');
      // The api now holds the hour's entries and the chunk's records; a rewrite elsewhere must reach it.
      await writer.write([record('after the rewrite')], { tier: 'chunks', hour, replaces: [first.id] });
      await writer.remove([first]);
      await waitFor(async () => (await messages()).join() === 'after the rewrite', 10_000, 'the rewrite seen');
    } finally {
      await api.stop();
    }
  });

  it('drops a drained minute only when no write can reach it: a back-dated record sent during the drop is kept', async () => {
    // An old minute holding one finished group: what the reconciler drops.
    const opened = new Date(Date.now() - 20 * 60_000);
    const group = newGroup(opened);
    const taskId = taskIdOf(group, 0);
    const groups = t.app.get(AcceptedGroupStore);
    await groups.insert({ key: group.key, receivedAt: opened, tasks: [{ id: taskId, count: 1 }], records: [{ index: 0, taskId, source: LogSource.Json, timestamp: opened, sealed: { kid: 'x', iv: 'x', tag: 'x', data: 'x' } }] });
    await t.app.get(GroupResultStore).insert({ key: group.key, finishedAt: new Date(), tasks: [{ id: taskId, processed: 1, failed: 0, redactionsByRule: {}, failureReasons: [], finishedAt: new Date() }], failed: [], chunks: [] });
    // Between the reconciler's read of that minute and its drop, a record timestamped in that minute is sent.
    const { inMinute } = groups;
    let sent: { log_ids: string[] } | undefined;
    groups.inMinute = async (minute) => {
      const found = await inMinute.call(groups, minute);
      if (minute === groupMinute(group.key) && !sent) sent = (await authed(t.server, 'ingest').post('/logs').send({ timestamp: opened.toISOString(), service: 'storage-race', message: 'sent during the drop' }).expect(202)).body;
      return found;
    };
    const report = await t.app.get(PendingReconcilerService).reconcile().finally(() => (groups.inMinute = inMinute));
    expect(report.minutesDropped).toBeGreaterThanOrEqual(1);
    expect(await groups.minutes()).not.toContain(groupMinute(group.key));
    const kept = await processed(sent!.log_ids[0]);
    expect(kept).toMatchObject({ message: 'sent during the drop', timestamp: opened.toISOString() });
  });

  it('404 for a task id no request was given, UUIDv7 or not', async () => {
    await authed(t.server).get(`/task/${taskIdOf(newGroup(), 0)}`).expect(404);
    await authed(t.server).get('/task/7ed11703-f781-4662-a2ed-ff73c644ef14').expect(404);
  });
});
