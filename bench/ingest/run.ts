// bench/ingest: accepted logs/s (single-record requests and 1,000-record NDJSON batches),
// processed logs/s and accept-to-processed latency, beside the raw insertMany rate of the
// same store measured in the same run (the ceiling ingest cannot beat). The api and the
// worker run as separate processes of the built image, on the services of scripts/services.sh.
import { randomBytes } from 'node:crypto';
import { ObjectId } from 'mongodb';
import { benchStore, countProcessed, log, percentile, processedDocs, postLogs as post, runBench, startRole as start } from '../shared';

const SINGLE_REQUESTS = Number(process.env.BENCH_SINGLE ?? 3000);
const BATCHES = Number(process.env.BENCH_BATCHES ?? 40);
const BATCH_SIZE = 1000;
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 32);

function record(i: number): Record<string, unknown> {
  return {
    timestamp: new Date().toISOString(),
    level: i % 10 === 0 ? 'warn' : 'info',
    service: 'bench',
    message: i % 10 === 0 ? `login failed for user${i}@example.com from 203.0.113.${i % 250}` : `GET /api/v2/orders/${i}/items 200 in ${i % 900} ms`,
    attributes: { request_id: randomBytes(8).toString('hex'), user: { id: i, plan: 'pro' }, http: { method: 'GET', status: 200 } },
  };
}

/** Runs `tasks` with at most `limit` in flight, reporting progress every second. */
async function pool(label: string, total: number, limit: number, task: (i: number) => Promise<number>): Promise<{ seconds: number; logs: number }> {
  let next = 0;
  let logs = 0;
  const started = performance.now();
  const progress = setInterval(() => log(`  ${label}: ${next}/${total} requests, ${logs} logs accepted`), 1000);
  await Promise.all(
    Array.from({ length: limit }, async () => {
      while (next < total) {
        const accepted = await task(next++); // (not `logs += await ...`: that reads logs before the await)
        logs += accepted;
      }
    }),
  );
  clearInterval(progress);
  return { seconds: (performance.now() - started) / 1000, logs };
}

async function main(): Promise<void> {
  const { db, port, env, close } = await benchStore();
  log('baseline: raw insertMany of pending-shaped documents, 1,000 a call');
  const blob = randomBytes(300).toString('base64');
  const rawTotal = BATCHES * BATCH_SIZE;
  let rawStarted = performance.now();
  for (let b = 0; b < BATCHES; b++) {
    const docs = Array.from({ length: BATCH_SIZE }, () => ({ _id: new ObjectId(), taskId: 'raw-baseline', status: 'pending', source: 'native', receivedAt: new Date(), timestamp: new Date(), sealed: { kid: 'k', iv: 'iv', tag: 'tag', data: blob } }));
    await db.collection('raw_insert').insertMany(docs, { ordered: true });
  }
  const rawRate = rawTotal / ((performance.now() - rawStarted) / 1000);
  rawStarted = 0;
  log(`  ${Math.round(rawRate)} docs/s`);

  log('starting the api and a worker (separate processes)');
  const [api, worker] = await Promise.all([start('api', env), start('worker', env)]);
  const url = `http://127.0.0.1:${port}/logs`;
  try {
    log(`single-record requests: ${SINGLE_REQUESTS}, ${CONCURRENCY} in flight`);
    const single = await pool('single', SINGLE_REQUESTS, CONCURRENCY, (i) => post(url, 'application/json', JSON.stringify(record(i))));
    log(`NDJSON batches: ${BATCHES} x ${BATCH_SIZE}, 2 in flight`);
    const batch = await pool('batches', BATCHES, 2, (b) =>
      post(url, 'application/x-ndjson', Array.from({ length: BATCH_SIZE }, (_, i) => JSON.stringify(record(b * BATCH_SIZE + i))).join('\n')),
    );

    const total = single.logs + batch.logs;
    log(`waiting for the worker to process ${total} logs`);
    for (;;) {
      const done = await countProcessed(db);
      log(`  processed ${done}/${total}`);
      if (done >= total) break;
      await new Promise((r) => setTimeout(r, 1000));
    }
    const times = await processedDocs(db);
    const latencies = times.map((t) => t.processedAt.getTime() - t.receivedAt.getTime()).sort((a, b) => a - b);
    const first = Math.min(...times.map((t) => t.receivedAt.getTime()));
    const last = Math.max(...times.map((t) => t.processedAt.getTime()));
    const processedRate = total / ((last - first) / 1000);

    const singleRate = single.logs / single.seconds;
    const batchRate = batch.logs / batch.seconds;
    const rows: Array<[string, string, string]> = [
      ['raw insertMany, 1,000 a call (baseline)', `${Math.round(rawRate)}`, '1.00'],
      [`ingest, single-record requests (${CONCURRENCY} in flight)`, `${Math.round(singleRate)}`, (singleRate / rawRate).toFixed(2)],
      ['ingest, 1,000-record NDJSON batches', `${Math.round(batchRate)}`, (batchRate / rawRate).toFixed(2)],
      ['processed (redacted and stored), one worker', `${Math.round(processedRate)}`, (processedRate / rawRate).toFixed(2)],
    ];
    console.log(`\n| measurement | logs/s | ratio to raw insertMany |\n|---|---:|---:|`);
    for (const [what, rate, ratio] of rows) console.log(`| ${what} | ${rate} | ${ratio} |`);
    console.log(`\naccept to processed: p50 ${percentile(latencies, 50)} ms, p99 ${percentile(latencies, 99)} ms over ${latencies.length} logs`);
  } finally {
    api.kill('SIGTERM');
    worker.kill('SIGTERM');
    await close();
  }
}

runBench(main);
