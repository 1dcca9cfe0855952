// What the end-to-end benches share: the services, the built roles as child processes, and
// percentiles. Each bench runs on its own database and queue prefix.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { MongoClient, type Db, type Document } from 'mongodb';
import { ChunkStore } from '../libs/logs/src/chunk.store';
import type { ChunkEntry } from '../libs/logs/src/chunk';
import { StoreCollections } from '../libs/logs/src/store-collections';

export const ROOT = join(__dirname, '../..');
/** An ingest key for the bench's own processes. */
export const BENCH_KEY = `bench-ingest-${process.pid}-key-0000`;

export const log = (message: string) => process.stderr.write(`${message}\n`);

export function services(): { REDIS_URL: string; MONGO_URI: string } {
  const out = execFileSync('bash', [join(ROOT, 'scripts/services.sh'), 'up'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  return Object.fromEntries(out.trim().split('\n').map((line) => line.split(/=(.*)/s).slice(0, 2))) as { REDIS_URL: string; MONGO_URI: string };
}

/** Starts a role of the built image and resolves once it answers /health. `BENCH_PROFILE=dir` writes each role's CPU profile there on exit. */
export function startRole(role: string, env: Record<string, string>): Promise<ChildProcess> {
  const profile = process.env.BENCH_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE}`, `--cpu-prof-name=${role}-${Date.now()}.cpuprofile`] : [];
  const child = spawn(process.execPath, [...profile, join(ROOT, 'dist/apps/logsieve/src/main.js')], {
    env: { ...process.env, API_KEYS: `ingest:${BENCH_KEY}`, RATE_LIMIT_INGEST_PER_MINUTE: '10000000', RATE_LIMIT_READ_PER_MINUTE: '10000000', ...env, APP_ROLE: role },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const port = role === 'worker' ? env.WORKER_PORT : env.PORT;
  return new Promise((resolve, reject) => {
    const deadline = Date.now() + 30_000;
    const poll = async () => {
      if (child.exitCode !== null) return reject(new Error(`${role} exited`));
      if (await fetch(`http://127.0.0.1:${port}/health`).then((r) => r.ok, () => false)) return resolve(child);
      if (Date.now() > deadline) return reject(new Error(`${role} did not start`));
      setTimeout(poll, 200);
    };
    void poll();
  });
}

export async function postLogs(url: string, type: string, body: string): Promise<number> {
  const response = await fetch(url, { method: 'POST', headers: { 'Content-Type': type, 'X-API-Key': BENCH_KEY }, body });
  if (response.status !== 202) throw new Error(`ingest answered ${response.status}: ${await response.text()}`);
  return ((await response.json()) as { accepted: number }).accepted;
}

export const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];

/** The store's own reader of chunks, over a driver Db. */
export const chunkStore = (db: Db) => new ChunkStore(new StoreCollections({ db } as never));

/** The live catalog entries of the hours from `sinceHour` on (all by default): what processed logs there are, by chunk. */
export async function liveEntries(db: Db, sinceHour = ''): Promise<ChunkEntry[]> {
  const chunks = chunkStore(db);
  const out: ChunkEntry[] = [];
  for (const hour of await chunks.hours({ fresh: true })) if (hour >= sinceHour) out.push(...(await chunks.catalog(hour)));
  return out;
}

/** Processed logs: the sum of the live chunks' counts (nothing decoded). */
export async function countProcessed(db: Db): Promise<number> {
  return (await liveEntries(db)).reduce((sum, e) => sum + e.count, 0);
}

/** Every processed record, decoded from its chunk. */
export async function processedDocs(db: Db): Promise<Document[]> {
  const docs: Document[] = [];
  for (const entry of await liveEntries(db)) docs.push(...((await chunkStore(db).read(entry)) ?? []));
  return docs;
}

/** A bench's own database and queue prefix on the local services, and the env its roles run with. */
export async function benchStore(): Promise<{ db: Db; port: number; env: Record<string, string>; close(): Promise<void> }> {
  const { REDIS_URL, MONGO_URI } = services();
  const suffix = randomBytes(4).toString('hex');
  const uri = new URL(MONGO_URI);
  uri.pathname = `/logsieve_bench_${suffix}`;
  const client = await MongoClient.connect(uri.toString());
  const db = client.db();
  const port = 18000 + Math.floor(Math.random() * 1000);
  const env = { REDIS_URL, MONGO_URI: uri.toString(), QUEUE_PREFIX: `{logsieve-bench-${suffix}}`, PORT: String(port), WORKER_PORT: String(port + 1), LOG_LEVEL: 'warn', INGEST_HIGH_WATER_JOBS: '1000000', NODE_ENV: 'production', SEAL_KEY: randomBytes(32).toString('base64') };
  return {
    db,
    port,
    env,
    close: async () => {
      await db.dropDatabase();
      await client.close();
    },
  };
}

/** Runs a bench's main, failing the process on an error. */
export function runBench(main: () => Promise<void>): void {
  main().catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
