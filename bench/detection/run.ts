// bench/detection: latency from ingest to alert under load, beside the ingest-to-processed
// latency of the same logs in the same run (the floor an alert raised in the processing step
// cannot beat). Background traffic of ordinary logs runs throughout; every burst is one
// user failing to log in 5 times (5 single requests at once), which the built-in brute-force
// rule must turn into exactly one alert. api and worker run as separate processes.
import { randomBytes } from 'node:crypto';
import { MongoClient } from 'mongodb';
import { countProcessed, log, percentile, processedDocs, postLogs, services, startRole } from '../shared';

const BURSTS = Number(process.env.BENCH_BURSTS ?? 100);
const BURST_EVERY_MS = Number(process.env.BENCH_BURST_EVERY_MS ?? 200);
/** Ordinary logs a second besides the bursts: load a single worker on FerretDB sustains. */
const BACKGROUND_PER_SECOND = Number(process.env.BENCH_BACKGROUND_PER_SECOND ?? 250);
const BACKGROUND_BATCH = 25;

const ordinary = (i: number) => ({ level: 'info', service: 'shop', message: `GET /orders/${i} 200`, attributes: { user: `shopper${i % 500}`, http: { status: 200 } } });
const failedLogin = (user: string) => ({ level: 'warn', service: 'auth', message: `login failed for ${user}`, attributes: { event: 'login_failed', user, source_ip: `203.0.113.${user.length}` } });

async function main(): Promise<void> {
  const { REDIS_URL, MONGO_URI } = services();
  const suffix = randomBytes(4).toString('hex');
  const dbUri = new URL(MONGO_URI);
  dbUri.pathname = `/logsieve_bench_${suffix}`;
  const port = 19000 + Math.floor(Math.random() * 1000);
  const env = { REDIS_URL, MONGO_URI: dbUri.toString(), QUEUE_PREFIX: `{logsieve-bench-${suffix}}`, PORT: String(port), WORKER_PORT: String(port + 1), LOG_LEVEL: 'warn', INGEST_HIGH_WATER_JOBS: '1000000', NODE_ENV: 'production', SEAL_KEY: randomBytes(32).toString('base64') };
  const client = await MongoClient.connect(dbUri.toString());
  const db = client.db();
  log('starting the api and a worker (separate processes)');
  const [api, worker] = await Promise.all([startRole('api', env), startRole('worker', env)]);
  const url = `http://127.0.0.1:${port}/logs`;
  try {
    let sent = 0;
    let background = true;
    const backgroundTraffic = (async () => {
      const every = (1000 * BACKGROUND_BATCH) / BACKGROUND_PER_SECOND;
      for (let b = 0; background; b++) {
        const started = performance.now();
        const accepted = await postLogs(url, 'application/x-ndjson', Array.from({ length: BACKGROUND_BATCH }, (_, i) => JSON.stringify(ordinary(b * BACKGROUND_BATCH + i))).join('\n'));
        sent += accepted;
        await new Promise((resolve) => setTimeout(resolve, Math.max(0, every - (performance.now() - started))));
      }
    })();
    log(`${BURSTS} bursts of 5 failed logins, one every ${BURST_EVERY_MS} ms, over ${BACKGROUND_PER_SECOND} ordinary logs/s`);
    const progress = setInterval(() => log(`  ${sent} logs sent`), 1000);
    const bursts: Array<Promise<unknown>> = [];
    for (let n = 0; n < BURSTS; n++) {
      const user = `victim-${n}`;
      bursts.push(
        Promise.all(Array.from({ length: 5 }, () => postLogs(url, 'application/json', JSON.stringify(failedLogin(user))))).then((accepted) => {
          sent += accepted.reduce((x, y) => x + y, 0);
        }),
      );
      await new Promise((resolve) => setTimeout(resolve, BURST_EVERY_MS));
    }
    await Promise.all(bursts);
    background = false;
    await backgroundTraffic;
    clearInterval(progress);

    log(`waiting for ${sent} logs to be processed`);
    for (;;) {
      const done = await countProcessed(db);
      log(`  processed ${done}/${sent}`);
      if (done >= sent) break;
      await new Promise((r) => setTimeout(r, 1000));
    }
    const alerts = await db.collection('alerts').find({ ruleId: 'brute-force' }).toArray();
    const logs = await processedDocs(db);
    const receivedAt = new Map(logs.map((doc) => [doc._id.toHexString(), doc.receivedAt.getTime()]));
    const toAlert = alerts.map((a) => a.createdAt.getTime() - receivedAt.get(a.triggerLogId)!).sort((x, y) => x - y);
    const toProcessed = logs.map((doc) => doc.processedAt.getTime() - doc.receivedAt.getTime()).sort((x, y) => x - y);

    console.log(`\n| measurement | p50 ms | p99 ms | count |\n|---|---:|---:|---:|`);
    console.log(`| ingest to processed, every log (baseline) | ${percentile(toProcessed, 50)} | ${percentile(toProcessed, 99)} | ${toProcessed.length} |`);
    console.log(`| ingest to alert (trigger log accepted → alert stored) | ${percentile(toAlert, 50)} | ${percentile(toAlert, 99)} | ${toAlert.length} |`);
    console.log(`\nalerts: ${alerts.length} for ${BURSTS} bursts (expected exactly one each)`);
  } finally {
    api.kill('SIGTERM');
    worker.kill('SIGTERM');
    await db.dropDatabase();
    await client.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
