// bench/scale: does logsieve keep up as its store grows, and when it is busy? The same
// measurements in three phases of one run, each on its own database and processes:
//   empty   — a new store;
//   month   — a million processed logs spread over 30 days (written as the worker would);
//   busy    — the same month, and 200,000 logs sent now, without timestamps, into the current
//             hour as NDJSON batches as fast as they are taken (the busy hour's ingest rates);
//             then the reads timed at that density while ingest goes on at a steady pace
//             (BENCH_BUSY_PACE logs/s, default 500: nine times the hour's own average).
// Per phase: p50/p99 of every read path; single-record ingest at 32 in flight (logs/s
// processed, accept→processed p50/p99); 1,000-record NDJSON batches (logs/s processed); and
// the raw insertMany rate of the same store in the same run (the ceiling the ratios use), with
// raw insertOne at the same concurrency (the ceiling of one durable write per request).
import { randomBytes } from 'node:crypto';
import { MongoClient, ObjectId, type Db } from 'mongodb';
import type { ChunkEntry } from '../../libs/logs/src/chunk';
import { LogSource, LogStatus } from '../../libs/logs/src/log-record.schema';
import type { StoredLogRecord } from '../../libs/logs/src/log-record.types';
import { hourKey, logIdOf, newGroup, taskIdOf } from '../../libs/logs/src/placement';
import { startBareHttp } from '../bare-http';
import { BENCH_KEY, chunkStore, liveEntries, log, percentile, services, startRole } from '../shared';

const MONTH_LOGS = Number(process.env.BENCH_LOGS ?? 1_000_000);
const BUSY_LOGS = Number(process.env.BENCH_BUSY_LOGS ?? 200_000);
/** Logs a second sent while the busy hour's reads are timed, one batch a second. */
const BUSY_PACE = Number(process.env.BENCH_BUSY_PACE ?? 500);
const DAYS = 30;
const READS = Number(process.env.BENCH_READS ?? 30);
const SINGLE_REQUESTS = Number(process.env.BENCH_SINGLE ?? 5000);
const BATCHES = Number(process.env.BENCH_BATCHES ?? 20);
const CONCURRENCY = 32;
const HOUR = 3_600_000;
const LEVELS = ['info', 'info', 'info', 'warn', 'error', 'debug'];
const SERVICES = ['checkout', 'payments', 'auth', 'search', 'gateway'];
/** A word one log in 10,000 holds: what "a rare word" searches for. */
const RARE = 'quasar';
/** Which phases to run (all by default): `BENCH_PHASES=month` measures one. */
const PHASES = new Set((process.env.BENCH_PHASES ?? 'empty,month,busy').split(','));

const message = (i: number) => (i % 10_000 === 7 ? `cache ${RARE} miss for order ${i}` : i % 7 === 0 ? `upstream timeout after ${i % 900} ms` : `GET /api/v2/orders/${i}/items 200`);

/** One log as sent (no timestamp: it happened now). */
const sent = (i: number, service: string) => ({ level: LEVELS[i % LEVELS.length], service, message: `${message(i)} by user${i}@example.com`, attributes: { user: `u${i % 5000}`, request_id: i.toString(16) } });

/** A processed record as the worker stores it. */
function processedRecord(time: number, group: string, taskId: string, index: number, i: number): StoredLogRecord {
  const level = LEVELS[i % LEVELS.length];
  const service = SERVICES[i % SERVICES.length];
  return {
    id: logIdOf(group, index),
    taskId,
    status: LogStatus.Processed,
    source: LogSource.Native,
    receivedAt: new Date(time),
    timestamp: new Date(time),
    level,
    service,
    content: { message: message(i), level, service, attributes: { request_id: i.toString(16), user: `u${i % 5000}`, email: '[REDACTED:email]' } },
    findings: [{ rule: 'email', path: '$.attributes.email', count: 1 }],
    rulesetVersion: 1,
    processedAt: new Date(time + 20),
  };
}

/** A million processed logs over 30 days, one compacted chunk per hour, written through the store's own code. */
async function loadMonth(db: Db): Promise<void> {
  const chunks = chunkStore(db);
  const now = Date.now();
  const start = now - DAYS * 24 * HOUR;
  const perHour = Math.ceil(MONTH_LOGS / (DAYS * 24));
  const started = performance.now();
  let loaded = 0;
  for (let hour = Math.floor(start / HOUR) * HOUR; hour < now - HOUR && loaded < MONTH_LOGS; hour += HOUR) {
    const records: StoredLogRecord[] = [];
    for (let n = 0; n < perHour; ) {
      const group = newGroup(new Date(hour + (n / perHour) * HOUR));
      const taskId = taskIdOf(group, 0);
      for (let index = 0; index < 10 && n < perHour; index++, n++) records.push(processedRecord(hour + (n / perHour) * HOUR, group.key, taskId, index, loaded + n));
    }
    for (let i = 0; i < records.length; i += 2000) await chunks.write(records.slice(i, i + 2000), { tier: 'chunks', hour: hourKey(new Date(hour)) });
    loaded += records.length;
    if (loaded % 100_000 < records.length) log(`  loaded ${loaded.toLocaleString()} of ${MONTH_LOGS.toLocaleString()} (${Math.round(loaded / ((performance.now() - started) / 1000))}/s)`);
  }
  log(`  loaded ${loaded.toLocaleString()} processed logs in ${Math.round((performance.now() - started) / 1000)} s`);
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
      while (!text.includes('event: ready') && !text.includes('event: gap')) {
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

/** Runs `task` with `limit` in flight until `total` are done; resolves to the seconds taken. */
async function pool(label: string, total: number, limit: number, task: (i: number) => Promise<void>): Promise<number> {
  let next = 0;
  const started = performance.now();
  const progress = setInterval(() => log(`  ${label}: ${next}/${total}`), 5000);
  await Promise.all(
    Array.from({ length: limit }, async () => {
      while (next < total) await task(next++);
    }),
  );
  clearInterval(progress);
  return (performance.now() - started) / 1000;
}

/** Waits until `expected` records of `service` are processed (from the catalog's counts), then reads when each was accepted and processed. */
async function processedTimes(db: Db, since: number, service: string, expected: number): Promise<Array<{ receivedAt: Date; processedAt: Date }>> {
  const sinceHour = hourKey(new Date(since));
  const ofService = (entry: ChunkEntry) => entry.services.find(([name]) => name === service)?.[1] ?? 0;
  const deadline = Date.now() + 900_000;
  for (;;) {
    const count = (await liveEntries(db, sinceHour)).reduce((sum, entry) => sum + ofService(entry), 0);
    if (count >= expected) break;
    if (Date.now() > deadline) throw new Error(`${service}: only ${count} of ${expected} processed after 15 minutes`);
    log(`  ${service}: ${count}/${expected} processed`);
    await new Promise((resolve) => setTimeout(resolve, 2000));
  }
  const times: Array<{ receivedAt: Date; processedAt: Date }> = [];
  for (const entry of (await liveEntries(db, sinceHour)).filter((e) => ofService(e) > 0)) {
    for (const record of (await chunkStore(db).read(entry)) ?? []) if (record.service === service) times.push({ receivedAt: record.receivedAt, processedAt: record.processedAt! });
  }
  return times;
}

/** The latest processing time (a loop: spreading 200,000 arguments overflows the stack). */
const latest = (times: ReadonlyArray<{ processedAt: Date }>) => times.reduce((max, t) => Math.max(max, t.processedAt.getTime()), 0);

interface Figures {
  reads: Map<string, number[]>;
  busyIngest?: { accepted: number; processed: number };
  /** Processed logs the current hour held when the reads began and when they ended. */
  density?: { before: number; after: number };
  singleProcessed: number;
  /** Single-record requests answered per second by a server that does nothing (same client). */
  bareHttp: number;
  latency: number[];
  batchProcessed: number;
  rawInsert: number;
  /** Single inserts a second with CONCURRENCY in flight: the ceiling of anything that waits for one durable write per request. */
  rawInsertOne: number;
}

const post = (base: string, type: string, body: string) =>
  fetch(`${base}/logs`, { method: 'POST', headers: { 'Content-Type': type, 'X-API-Key': BENCH_KEY }, body }).then(async (response) => {
    if (response.status !== 202) throw new Error(`ingest answered ${response.status}: ${await response.text()}`);
    return (await response.json()) as { log_id: string; task_id: string };
  });

/** NDJSON batches of 1,000 with `inFlight` at once; resolves to the seconds taken. */
const sendBatches = (base: string, service: string, count: number, inFlight: number) =>
  pool(`${service} batches`, count, inFlight, async (b) => {
    await post(base, 'application/x-ndjson', Array.from({ length: 1000 }, (_, i) => JSON.stringify(sent(b * 1000 + i, service))).join('\n'));
  });

async function measure(db: Db, base: string, label: string, busy: boolean): Promise<Figures> {
  const run = `bench-${label}-${randomBytes(3).toString('hex')}`;
  const known = await post(base, 'application/json', JSON.stringify(sent(0, run)));
  await processedTimes(db, Date.now() - HOUR, run, 1);
  const paths: ReadPath[] = [
    { name: 'GET /task/{id}', path: () => `/task/${known.task_id}` },
    { name: 'GET /logs/{id}', path: () => `/logs/${known.log_id}` },
    { name: 'GET /logs (newest page)', path: () => '/logs?limit=100' },
    { name: 'GET /logs?from=15m', path: () => '/logs?from=15m&limit=100' },
    { name: 'GET /logs?from=1h&level=error', path: () => '/logs?from=1h&level=error&limit=100' },
    { name: `GET /logs?from=1h&q=${RARE}`, path: () => `/logs?from=1h&q=${RARE}&limit=100` },
    { name: 'GET /logs?from=1h&attr.user=u4242', path: () => '/logs?from=1h&attr.user=u4242&limit=100' },
    { name: 'GET /stats?from=1h', path: () => '/stats?from=1h' },
    { name: 'GET /stats?from=7d', path: () => '/stats?from=7d&bucket=1h' },
    { name: 'live-tail resume (1 min back)', path: () => '/logs/stream', stream: true },
  ];

  let busyIngest: Figures['busyIngest'];
  let density: Figures['density'];
  if (busy) {
    const busyRun = `${run}-busy`;
    const started = Date.now();
    log(`  ${label}: ${BUSY_LOGS.toLocaleString()} logs into the current hour as fast as they are taken`);
    const seconds = await sendBatches(base, busyRun, BUSY_LOGS / 1000, 4);
    const times = await processedTimes(db, started, busyRun, BUSY_LOGS);
    busyIngest = { accepted: BUSY_LOGS / seconds, processed: BUSY_LOGS / ((latest(times) - started) / 1000) };
  }
  // While a busy hour's reads are timed, ingest goes on at a steady pace: every read is timed under ingest, at the goal's density.
  let reading = true;
  let more = 0;
  const hourHolds = async () => (await liveEntries(db, hourKey(new Date()))).reduce((sum, entry) => sum + entry.count, 0);
  const goingOn = busy
    ? (async () => {
        const batch = Math.max(1, Math.round(BUSY_PACE));
        for (let next = Date.now(); reading; more += batch, next += 1000) {
          await post(base, 'application/x-ndjson', Array.from({ length: batch }, (_, i) => JSON.stringify(sent(more + i, `${run}-more`))).join('\n'));
          await new Promise((resolve) => setTimeout(resolve, Math.max(0, next + 1000 - Date.now())));
        }
      })()
    : Promise.resolve();
  const before = busy ? await hourHolds() : 0;
  const reads = new Map<string, number[]>();
  for (const path of paths) {
    log(`  ${label}: ${path.name}`);
    reads.set(path.name, await timeRead(base, path));
  }
  reading = false;
  await goingOn;
  if (busy) density = { before, after: await hourHolds() };
  // What went on is processed before the next measurement starts.
  if (more > 0) await processedTimes(db, Date.now() - HOUR, `${run}-more`, more);

  log(`  ${label}: ${SINGLE_REQUESTS} single-record requests, ${CONCURRENCY} in flight`);
  const singleRun = `${run}-single`;
  const startedAt = Date.now();
  await pool('single', SINGLE_REQUESTS, CONCURRENCY, async (i) => {
    await post(base, 'application/json', JSON.stringify(sent(i, singleRun)));
  });
  const docs = await processedTimes(db, startedAt, singleRun, SINGLE_REQUESTS);
  const latency = docs.map((d) => d.processedAt.getTime() - d.receivedAt.getTime()).sort((a, b) => a - b);
  const singleProcessed = SINGLE_REQUESTS / ((latest(docs) - startedAt) / 1000);

  log(`  ${label}: the same requests to a bare HTTP server`);
  const bare = await startBareHttp(Number(new URL(base).port) + 2);
  const bareBase = `http://127.0.0.1:${Number(new URL(base).port) + 2}`;
  const bareSeconds = await pool('bare', SINGLE_REQUESTS, CONCURRENCY, async (i) => {
    await post(bareBase, 'application/json', JSON.stringify(sent(i, singleRun)));
  }).finally(() => bare.kill());
  const bareHttp = SINGLE_REQUESTS / bareSeconds;

  log(`  ${label}: ${BATCHES} NDJSON batches of 1,000`);
  const batchRun = `${run}-batch`;
  const batchStarted = Date.now();
  await sendBatches(base, batchRun, BATCHES, 2);
  const batchDocs = await processedTimes(db, batchStarted, batchRun, BATCHES * 1000);
  const batchProcessed = (BATCHES * 1000) / ((latest(batchDocs) - batchStarted) / 1000);

  log(`  ${label}: raw insertMany, 1,000 log-shaped documents a call`);
  const rawStarted = performance.now();
  const blob = randomBytes(300).toString('base64');
  for (let b = 0; b < BATCHES; b++) {
    const raw = Array.from({ length: 1000 }, () => ({ _id: new ObjectId(), taskId: run, status: 'pending', source: 'native', receivedAt: new Date(), timestamp: new Date(), sealed: { kid: 'k', iv: 'iv', tag: 'tag', data: blob } }));
    await db.collection(`raw_insert_${label}`).insertMany(raw, { ordered: true });
  }
  const rawInsert = (BATCHES * 1000) / ((performance.now() - rawStarted) / 1000);

  // What a request that waits for its own durable write can reach: one insert each, as many in flight as the single-record phase.
  log(`  ${label}: raw insertOne, ${CONCURRENCY} in flight`);
  const oneSeconds = await pool('insertOne', SINGLE_REQUESTS, CONCURRENCY, async () => {
    await db.collection(`raw_insert_one_${label}`).insertOne({ _id: new ObjectId(), taskId: run, status: 'pending', source: 'native', receivedAt: new Date(), timestamp: new Date(), sealed: { kid: 'k', iv: 'iv', tag: 'tag', data: blob } });
  });
  const rawInsertOne = SINGLE_REQUESTS / oneSeconds;
  return { reads, busyIngest, density, singleProcessed, bareHttp, latency, batchProcessed, rawInsert, rawInsertOne };
}

function table(phases: Array<[string, Figures]>): string {
  const ms = (v: number) => `${v.toFixed(1)} ms`;
  const rate = (v: number) => `${Math.round(v).toLocaleString()}/s`;
  const rows: string[][] = [['measurement', ...phases.map(([label]) => label)]];
  for (const name of phases[0][1].reads.keys()) {
    for (const p of [50, 99]) rows.push([`${name} p${p}`, ...phases.map(([, f]) => ms(percentile(f.reads.get(name)!, p)))]);
  }
  const add = (name: string, value: (f: Figures) => string) => rows.push([name, ...phases.map(([, f]) => value(f))]);
  add('busy hour: logs accepted', (f) => (f.busyIngest ? rate(f.busyIngest.accepted) : '-'));
  add('busy hour: logs processed', (f) => (f.busyIngest ? rate(f.busyIngest.processed) : '-'));
  add('busy hour: logs in the hour while reads ran', (f) => (f.density ? `${f.density.before.toLocaleString()} → ${f.density.after.toLocaleString()}` : '-'));
  add('single-record (32 in flight): logs processed', (f) => rate(f.singleProcessed));
  add('bare HTTP server, same requests: answered', (f) => rate(f.bareHttp));
  add('accept→processed p50', (f) => ms(percentile(f.latency, 50)));
  add('accept→processed p99', (f) => ms(percentile(f.latency, 99)));
  add('NDJSON batches: logs processed', (f) => rate(f.batchProcessed));
  add('raw insertMany (baseline, same store)', (f) => rate(f.rawInsert));
  add('NDJSON processed / raw insertMany', (f) => (f.batchProcessed / f.rawInsert).toFixed(2));
  add('single processed / raw insertMany', (f) => (f.singleProcessed / f.rawInsert).toFixed(2));
  add('single processed / bare HTTP answered', (f) => (f.singleProcessed / f.bareHttp).toFixed(2));
  add(`raw insertOne, ${CONCURRENCY} in flight (same store)`, (f) => rate(f.rawInsertOne));
  add('single processed / raw insertOne', (f) => (f.singleProcessed / f.rawInsertOne).toFixed(2));
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  return rows.map((r) => `| ${r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join(' | ')} |`).join('\n');
}

/** One phase: its own database and queue prefix, its own api and worker processes. */
async function phase(label: string, index: number, load: (db: Db) => Promise<void>, busy = false): Promise<Figures> {
  const { REDIS_URL, MONGO_URI } = services();
  const suffix = randomBytes(4).toString('hex');
  const uri = new URL(MONGO_URI);
  uri.pathname = `/logsieve_scale_${label}_${suffix}`;
  const client = await MongoClient.connect(uri.toString());
  const db = client.db();
  await load(db);
  // Ports of this run's own: a process left over from another run must not answer for it.
  const port = 20_000 + (process.pid % 5_000) * 2 + index * 10_000;
  const env = { MONGO_URI: uri.toString(), REDIS_URL, QUEUE_PREFIX: `{logsieve-scale-${suffix}}`, PORT: String(port), WORKER_PORT: String(port + 1), LOG_LEVEL: 'warn', NODE_ENV: 'test' };
  log(`${label} store: starting api and worker`);
  const api = await startRole('api', { ...env, API_KEYS: `admin:${BENCH_KEY}` });
  const worker = await startRole('worker', { ...env, API_KEYS: `admin:${BENCH_KEY}` });
  try {
    return await measure(db, `http://127.0.0.1:${port}`, label, busy);
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
  const phases: Array<[string, Figures]> = [];
  const loadedMonth = async (db: Db) => {
    log(`loading ${MONTH_LOGS.toLocaleString()} processed logs over ${DAYS} days:`);
    await loadMonth(db);
  };
  if (PHASES.has('empty')) phases.push(['empty', await phase('empty', 0, async () => undefined)]);
  if (PHASES.has('month')) phases.push([`${(MONTH_LOGS / 1e6).toFixed(1)} M over 30 days`, await phase('month', 1, loadedMonth)]);
  if (phases.length > 0) log(table(phases));
  if (PHASES.has('busy')) phases.push([`busy hour (+${(BUSY_LOGS / 1000).toFixed(0)} k now)`, await phase('busy', 2, loadedMonth, true)]);
  console.log(table(phases));
}

void main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
