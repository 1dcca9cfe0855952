// bench/scale: does logsieve keep up as its store grows? The same measurements twice in one
// run, on an empty store and then on a realistic one (a million processed logs spread over 30
// days, with their tasks, plus failed records waiting on the pending side): p50/p99 of every
// read path; single-record ingest at 32 in flight (requests/s accepted, logs/s processed,
// accept-to-processed p50/p99); 1,000-record NDJSON batches; and the raw insertMany rate of
// the same store (the ceiling). api and worker run as separate processes of the built image.
import { randomBytes } from 'node:crypto';
import { MongoClient, ObjectId, type Db } from 'mongodb';
import { logIdAt, partitionKey, taskIdAt } from '../../libs/logs/src/partitions';
import { BENCH_KEY, log, percentile, postLogs, services, startRole } from '../shared';

const TOTAL_LOGS = Number(process.env.BENCH_LOGS ?? 1_000_000);
const DAYS = 30;
const LOGS_PER_TASK = 10;
const FAILED_RECORDS = 5_000;
const READS = Number(process.env.BENCH_READS ?? 40);
const SINGLE_REQUESTS = Number(process.env.BENCH_SINGLE ?? 5000);
const BATCHES = Number(process.env.BENCH_BATCHES ?? 20);
const CONCURRENCY = 32;
const HOUR = 3_600_000;

const hourKey = (time: number) => partitionKey(new Date(time));
const idAt = (time: number) => new ObjectId(logIdAt(new Date(time)));
const uuidV7At = (time: number) => taskIdAt(new Date(time));
const LEVELS = ['info', 'info', 'info', 'warn', 'error', 'debug'];
const SERVICES = ['checkout', 'payments', 'auth', 'search', 'gateway'];

/** One processed record as the worker stores it. */
function processedDoc(time: number, taskId: string, i: number) {
  const level = LEVELS[i % LEVELS.length];
  const service = SERVICES[i % SERVICES.length];
  const message = i % 7 === 0 ? `upstream timeout after ${i % 900} ms` : `GET /api/v2/orders/${i}/items 200`;
  return {
    _id: idAt(time),
    taskId,
    jobId: taskId,
    status: 'processed',
    source: 'native',
    receivedAt: new Date(time),
    timestamp: new Date(time),
    level,
    service,
    content: { message, level, service, attributes: { request_id: i.toString(16), user: { id: i % 5000 }, email: '[REDACTED:email]' } },
    findings: [{ rule: 'email', path: '$.attributes.email', count: 1 }],
    rulesetVersion: 1,
    processedAt: new Date(time + 20),
  };
}

/** A million processed logs over 30 days, their tasks and results, and failed records on the pending side. */
async function loadStore(db: Db): Promise<void> {
  const now = Date.now();
  const start = now - DAYS * 24 * HOUR;
  const step = (now - start) / TOTAL_LOGS;
  let loaded = 0;
  const started = performance.now();
  for (let taskStart = 0; taskStart < TOTAL_LOGS; ) {
    const logs: Array<ReturnType<typeof processedDoc>> = [];
    const tasks: object[] = [];
    const results: object[] = [];
    // About 1,000 logs at a time, whole tasks only, each hour to its own collection.
    while (logs.length < 1000 && taskStart < TOTAL_LOGS) {
      const time = Math.floor(start + taskStart * step);
      const taskId = uuidV7At(time);
      for (let i = 0; i < LOGS_PER_TASK; i++) logs.push(processedDoc(Math.floor(start + (taskStart + i) * step), taskId, taskStart + i));
      tasks.push({ _id: taskId, jobId: taskId, logCount: LOGS_PER_TASK, receivedAt: new Date(time) });
      results.push({ _id: taskId, processed: LOGS_PER_TASK, failed: 0, redactionsByRule: { email: LOGS_PER_TASK }, failureReasons: [], finishedAt: new Date(time + 20) });
      taskStart += LOGS_PER_TASK;
    }
    await insertByHour(db, 'logs', logs, (d) => d.timestamp.getTime());
    await insertByHour(db, 'tasks', tasks, (d) => (d as { receivedAt: Date }).receivedAt.getTime());
    await insertByHour(db, 'task_results', results, (d) => (d as { finishedAt: Date }).finishedAt.getTime() - 20);
    loaded += logs.length;
    if (loaded % 50_000 < logs.length) {
      const rate = loaded / ((performance.now() - started) / 1000);
      log(`  loaded ${loaded.toLocaleString()} of ${TOTAL_LOGS.toLocaleString()} logs (${Math.round(rate)}/s, ${Math.round((TOTAL_LOGS - loaded) / rate)} s left)`);
    }
  }
  const failed = Array.from({ length: FAILED_RECORDS }, (_, i) => {
    const time = Math.floor(start + (i / FAILED_RECORDS) * (now - start - HOUR));
    const taskId = uuidV7At(time);
    return { _id: idAt(time), taskId, jobId: taskId, status: 'failed', source: 'native', receivedAt: new Date(time), timestamp: new Date(time), sealed: { kid: 'k', iv: 'iv', tag: 'tag', data: 'x' }, failure: { reason: 'bench', at: new Date(time) } };
  });
  await insertByHour(db, 'pending_logs', failed, (d) => d.timestamp.getTime());
  log(`  loaded ${TOTAL_LOGS.toLocaleString()} processed logs and ${FAILED_RECORDS.toLocaleString()} failed records in ${Math.round((performance.now() - started) / 1000)} s`);
}

async function insertByHour<T extends object>(db: Db, kind: string, docs: T[], timeOf: (doc: T) => number): Promise<void> {
  const byHour = new Map<string, T[]>();
  for (const doc of docs) {
    const key = hourKey(timeOf(doc));
    byHour.set(key, [...(byHour.get(key) ?? []), doc]);
  }
  for (const [key, group] of byHour) await db.collection(`${kind}_${key}`).insertMany(group as never[], { ordered: false });
}

interface ReadPath {
  name: string;
  path: () => string;
  /** For the live tail: read the stream until the `ready` event. */
  stream?: boolean;
}

async function timeRead(base: string, path: ReadPath): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < READS; i++) {
    const started = performance.now();
    const controller = new AbortController();
    const response = await fetch(`${base}${path.path()}`, {
      headers: { 'X-API-Key': BENCH_KEY, ...(path.stream ? { 'Last-Event-ID': `${Date.now() - 60_000}-${new ObjectId().toHexString()}` } : {}) },
      signal: controller.signal,
    });
    if (response.status !== 200) throw new Error(`${path.name} answered ${response.status}: ${await response.text()}`);
    if (path.stream) {
      const reader = response.body!.getReader();
      let text = '';
      while (!text.includes('event: ready')) {
        const { value, done } = await reader.read();
        if (done) break;
        text += Buffer.from(value).toString();
      }
      controller.abort();
    } else {
      await response.arrayBuffer();
    }
    times.push(performance.now() - started);
  }
  return times.sort((a, b) => a - b);
}

/** Runs `task` with `limit` in flight until `total` are done. */
async function pool(label: string, total: number, limit: number, task: (i: number) => Promise<void>): Promise<number> {
  let next = 0;
  const started = performance.now();
  const progress = setInterval(() => log(`  ${label}: ${next}/${total}`), 2000);
  await Promise.all(Array.from({ length: limit }, async () => {
    while (next < total) await task(next++);
  }));
  clearInterval(progress);
  return (performance.now() - started) / 1000;
}

/**
 * Waits until `expected` records of `service` are processed, counting in the hours they are in
 * (a count by one field: FerretDB evaluates a long $in per document, too slow to poll), then
 * reads when each was accepted and processed.
 */
async function processedTimes(db: Db, hours: string[], service: string, expected: number): Promise<Array<{ receivedAt: Date; processedAt: Date }>> {
  const deadline = Date.now() + 600_000;
  for (;;) {
    let count = 0;
    for (const key of hours) count += await db.collection(`logs_${key}`).countDocuments({ service });
    if (count >= expected) break;
    if (Date.now() > deadline) throw new Error(`${service}: only ${count} of ${expected} processed after 10 minutes`);
    log(`  ${service}: ${count}/${expected} processed`);
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
  const docs: Array<{ receivedAt: Date; processedAt: Date }> = [];
  for (const key of hours) docs.push(...((await db.collection(`logs_${key}`).find({ service }, { projection: { receivedAt: 1, processedAt: 1 } }).toArray()) as never[]));
  return docs;
}

/** The hours between two times, as partition keys. */
const hoursBetween = (from: number, to: number) => {
  const keys: string[] = [];
  for (let hour = Math.floor(from / HOUR); hour <= Math.floor(to / HOUR); hour++) keys.push(hourKey(hour * HOUR));
  return keys;
};

const single = (i: number, run: string) => ({ timestamp: new Date().toISOString(), level: 'info', service: run, message: `GET /api/v2/orders/${i}/items by user${i}@example.com` });

interface Figures {
  reads: Map<string, number[]>;
  singleAccepted: number;
  singleProcessed: number;
  latency: number[];
  batchProcessed: number;
  rawInsert: number;
}

async function measure(db: Db, base: string, label: string): Promise<Figures> {
  const run = `bench-${label}-${randomBytes(3).toString('hex')}`;
  // Something to read by id, from this hour.
  const seed = await postLogs(`${base}/logs`, 'application/json', JSON.stringify(single(0, run)));
  const seedBody = (await (await fetch(`${base}/logs?service=${run}&limit=1&from=5m`, { headers: { 'X-API-Key': BENCH_KEY } })).json()) as { items: Array<{ log_id: string; task_id: string }> };
  const known = seedBody.items[0] ?? (await waitForFirst(base, run));
  void seed;
  const paths: ReadPath[] = [
    { name: 'GET /task/{id}', path: () => `/task/${known.task_id}` },
    { name: 'GET /logs/{id}', path: () => `/logs/${known.log_id}` },
    { name: 'GET /logs (first page, last hour)', path: () => '/logs?from=1h&limit=100' },
    { name: 'GET /logs (default range)', path: () => '/logs?limit=100' },
    { name: 'GET /logs?level=error (last hour)', path: () => '/logs?from=1h&level=error&limit=100' },
    { name: 'GET /logs?q=timeout (last hour)', path: () => '/logs?from=1h&q=timeout&limit=100' },
    { name: 'GET /stats?from=1h', path: () => '/stats?from=1h' },
    { name: 'live-tail resume (1 min back)', path: () => '/logs/stream', stream: true },
  ];
  const reads = new Map<string, number[]>();
  for (const path of paths) {
    log(`  ${label}: ${path.name}`);
    reads.set(path.name, await timeRead(base, path));
  }

  log(`  ${label}: ${SINGLE_REQUESTS} single-record requests, ${CONCURRENCY} in flight`);
  const singleRun = `${run}-single`;
  const startedAt = Date.now();
  const acceptSeconds = await pool('single', SINGLE_REQUESTS, CONCURRENCY, async (i) => {
    const response = await fetch(`${base}/logs`, { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-API-Key': BENCH_KEY }, body: JSON.stringify(single(i, singleRun)) });
    if (response.status !== 202) throw new Error(`ingest answered ${response.status}`);
  });
  const docs = await processedTimes(db, hoursBetween(startedAt, Date.now()), singleRun, SINGLE_REQUESTS);
  const lastProcessed = Math.max(...docs.map((d) => d.processedAt.getTime()));
  const latency = docs.map((d) => d.processedAt.getTime() - d.receivedAt.getTime()).sort((a, b) => a - b);
  const singleProcessed = SINGLE_REQUESTS / ((lastProcessed - startedAt) / 1000);

  log(`  ${label}: ${BATCHES} NDJSON batches of 1,000`);
  const batchRun = `${run}-batch`;
  const batchStarted = Date.now();
  for (let b = 0; b < BATCHES; b++) {
    const body = Array.from({ length: 1000 }, (_, i) => JSON.stringify(single(b * 1000 + i, batchRun))).join('\n');
    const response = await fetch(`${base}/logs`, { method: 'POST', headers: { 'Content-Type': 'application/x-ndjson', 'X-API-Key': BENCH_KEY }, body });
    if (response.status !== 202) throw new Error(`batch answered ${response.status}`);
  }
  const batchDocs = await processedTimes(db, hoursBetween(batchStarted, Date.now()), batchRun, BATCHES * 1000);
  const batchProcessed = (BATCHES * 1000) / ((Math.max(...batchDocs.map((d) => d.processedAt.getTime())) - batchStarted) / 1000);

  log(`  ${label}: raw insertMany, 1,000 a call`);
  const rawStarted = performance.now();
  const blob = randomBytes(300).toString('base64');
  for (let b = 0; b < BATCHES; b++) {
    const raw = Array.from({ length: 1000 }, () => ({ _id: new ObjectId(), taskId: run, status: 'pending', source: 'native', receivedAt: new Date(), timestamp: new Date(), sealed: { kid: 'k', iv: 'iv', tag: 'tag', data: blob } }));
    await db.collection(`raw_insert_${label}`).insertMany(raw, { ordered: true });
  }
  const rawInsert = (BATCHES * 1000) / ((performance.now() - rawStarted) / 1000);
  return { reads, singleAccepted: SINGLE_REQUESTS / acceptSeconds, singleProcessed, latency, batchProcessed, rawInsert };
}

async function waitForFirst(base: string, run: string): Promise<{ log_id: string; task_id: string }> {
  for (let i = 0; i < 100; i++) {
    const body = (await (await fetch(`${base}/logs?service=${run}&limit=1&from=5m`, { headers: { 'X-API-Key': BENCH_KEY } })).json()) as { items: Array<{ log_id: string; task_id: string }> };
    if (body.items[0]) return body.items[0];
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('the first log was never processed');
}

function table(empty: Figures, loaded: Figures): string {
  const ms = (v: number) => `${v.toFixed(1)} ms`;
  const rows: string[][] = [['measurement', 'empty store', `${(TOTAL_LOGS / 1e6).toFixed(1)} M logs`, 'loaded / empty']];
  for (const [name, times] of empty.reads) {
    const other = loaded.reads.get(name)!;
    rows.push([`${name} p50`, ms(percentile(times, 50)), ms(percentile(other, 50)), (percentile(other, 50) / percentile(times, 50)).toFixed(2)]);
    rows.push([`${name} p99`, ms(percentile(times, 99)), ms(percentile(other, 99)), (percentile(other, 99) / percentile(times, 99)).toFixed(2)]);
  }
  const rate = (v: number) => `${Math.round(v).toLocaleString()}/s`;
  const add = (name: string, a: number, b: number, format: (v: number) => string) => rows.push([name, format(a), format(b), (b / a).toFixed(2)]);
  add('single-record requests accepted', empty.singleAccepted, loaded.singleAccepted, rate);
  add('single-record logs processed', empty.singleProcessed, loaded.singleProcessed, rate);
  add('accept→processed p50', percentile(empty.latency, 50), percentile(loaded.latency, 50), ms);
  add('accept→processed p99', percentile(empty.latency, 99), percentile(loaded.latency, 99), ms);
  add('NDJSON batches, logs processed', empty.batchProcessed, loaded.batchProcessed, rate);
  add('raw insertMany (baseline)', empty.rawInsert, loaded.rawInsert, rate);
  add('batch processed / raw insertMany', empty.batchProcessed / empty.rawInsert, loaded.batchProcessed / loaded.rawInsert, (v) => v.toFixed(2));
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  return rows.map((r) => `| ${r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join(' | ')} |`).join('\n');
}

/** One phase: its own database and queue prefix, its own api and worker processes. */
async function phase(label: string, load: (db: Db) => Promise<void>): Promise<Figures> {
  const { REDIS_URL, MONGO_URI } = services();
  const suffix = randomBytes(4).toString('hex');
  const uri = new URL(MONGO_URI);
  uri.pathname = `/logsieve_scale_${label}_${suffix}`;
  const client = await MongoClient.connect(uri.toString());
  const db = client.db();
  await load(db);
  // Ports of this run's own: a process left over from another run must not answer for it.
  const port = 20_000 + (process.pid % 10_000) * 2 + (label === 'empty' ? 0 : 1) * 2 * 10_000;
  const env = { MONGO_URI: uri.toString(), REDIS_URL, QUEUE_PREFIX: `{logsieve-scale-${suffix}}`, PORT: String(port), WORKER_PORT: String(port + 1), LOG_LEVEL: 'warn', NODE_ENV: 'test' };
  log(`${label} store: starting api and worker`);
  const api = await startRole('api', { ...env, API_KEYS: `admin:${BENCH_KEY}` });
  const worker = await startRole('worker', { ...env, API_KEYS: `admin:${BENCH_KEY}` });
  try {
    return await measure(db, `http://127.0.0.1:${port}`, label);
  } finally {
    const exited = (child: typeof api) => new Promise((resolve) => child.once('exit', resolve));
    const done = Promise.all([exited(api), exited(worker)]);
    api.kill('SIGTERM');
    worker.kill('SIGTERM');
    await done;
    await db.dropDatabase().catch(() => undefined);
    await client.close();
  }
}

async function main(): Promise<void> {
  const empty = await phase('empty', async () => undefined);
  const loaded = await phase('loaded', async (db) => {
    log(`loading ${TOTAL_LOGS.toLocaleString()} processed logs over ${DAYS} days:`);
    await loadStore(db);
  });
  console.log(table(empty, loaded));
}

void main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
