// bench:protocols: what each shipper's protocol costs. The same records go in as NDJSON (the
// baseline, run first and last so drift shows), Loki JSON, Loki protobuf in Snappy,
// Elasticsearch bulk, Splunk HEC events and GELF lines, in 1,000-record requests, each phase
// timed from its first request to its last record processed (redacted and stored) by one
// worker. The api and the worker are separate processes of the built image.
import { randomBytes } from 'node:crypto';
import { compressSync } from 'snappy';
import { PushRequest } from '../../libs/ingest/src/protocols/loki-push.proto';
import { BENCH_KEY, benchStore, countProcessed, log, runBench, startRole as start } from '../shared';

const BATCHES = Number(process.env.BENCH_BATCHES ?? 10);
const BATCH_SIZE = 1000;

interface Item {
  millis: number;
  level: 'info' | 'warn';
  message: string;
  attributes: { request_id: string; user_id: number; plan: string; http_status: number };
}

function item(i: number): Item {
  const warn = i % 10 === 0;
  return {
    millis: Date.now(),
    level: warn ? 'warn' : 'info',
    message: warn ? `login failed for user${i}@example.com from 203.0.113.${i % 250}` : `GET /api/v2/orders/${i}/items 200 in ${i % 900} ms`,
    attributes: { request_id: randomBytes(8).toString('hex'), user_id: i, plan: 'pro', http_status: 200 },
  };
}

interface Protocol {
  name: string;
  path: string;
  contentType: string;
  /** What a success looks like. */
  status: number;
  body(items: Item[]): string | Buffer;
}

const lokiStreams = (items: Item[]) =>
  (['info', 'warn'] as const).map((level) => ({ level, entries: items.filter((it) => it.level === level) })).filter((s) => s.entries.length > 0);

const PROTOCOLS: Protocol[] = [
  {
    name: 'NDJSON (POST /logs)',
    path: '/logs',
    contentType: 'application/x-ndjson',
    status: 202,
    body: (items) => items.map((it) => JSON.stringify({ timestamp: new Date(it.millis).toISOString(), level: it.level, service: 'bench', message: it.message, attributes: it.attributes })).join('\n'),
  },
  {
    name: 'Loki push, JSON',
    path: '/loki/api/v1/push',
    contentType: 'application/json',
    status: 204,
    body: (items) =>
      JSON.stringify({
        streams: lokiStreams(items).map((s) => ({ stream: { service_name: 'bench', level: s.level }, values: s.entries.map((it) => [`${it.millis}000000`, it.message, { request_id: it.attributes.request_id, user_id: String(it.attributes.user_id) }]) })),
      }),
  },
  {
    name: 'Loki push, protobuf + Snappy',
    path: '/loki/api/v1/push',
    contentType: 'application/x-protobuf',
    status: 204,
    body: (items) =>
      compressSync(
        Buffer.from(
          PushRequest.encode(
            PushRequest.fromObject({
              streams: lokiStreams(items).map((s) => ({
                labels: `{service_name="bench", level="${s.level}"}`,
                entries: s.entries.map((it) => ({
                  timestamp: { seconds: Math.floor(it.millis / 1000), nanos: (it.millis % 1000) * 1e6 },
                  line: it.message,
                  structuredMetadata: [
                    { name: 'request_id', value: it.attributes.request_id },
                    { name: 'user_id', value: String(it.attributes.user_id) },
                  ],
                })),
              })),
            }),
          ).finish(),
        ),
      ),
  },
  {
    name: 'Elasticsearch bulk',
    path: '/_bulk',
    contentType: 'application/x-ndjson',
    status: 200,
    body: (items) =>
      items
        .map((it) => `{"create":{"_index":"logs-bench"}}\n${JSON.stringify({ '@timestamp': new Date(it.millis).toISOString(), message: it.message, 'log.level': it.level, 'service.name': 'bench', ...it.attributes })}`)
        .join('\n') + '\n',
  },
  {
    name: 'Splunk HEC events',
    path: '/services/collector/event',
    contentType: 'application/json',
    status: 200,
    body: (items) => items.map((it) => JSON.stringify({ time: it.millis / 1000, host: 'bench-host', sourcetype: '_json', event: { message: it.message, level: it.level, ...it.attributes }, fields: { service: 'bench' } })).join(''),
  },
  {
    name: 'GELF over HTTP, a message a line',
    path: '/gelf',
    contentType: 'application/json',
    status: 202,
    body: (items) =>
      items
        .map((it) => JSON.stringify({ version: '1.1', host: 'bench-host', short_message: it.message, timestamp: it.millis / 1000, level: it.level === 'warn' ? 4 : 6, _service: 'bench', ...Object.fromEntries(Object.entries(it.attributes).map(([k, v]) => [`_${k}`, v])) }))
        .join('\n'),
  },
];

async function main(): Promise<void> {
  const { db, port, env, close } = await benchStore();
  log('starting the api and a worker (separate processes)');
  const [api, worker] = await Promise.all([start('api', env), start('worker', env)]);
  const rows: Array<{ name: string; accepted: number; processed: number }> = [];
  let processedSoFar = 0;
  try {
    for (const protocol of [...PROTOCOLS, PROTOCOLS[0]]) {
      const bodies = Array.from({ length: BATCHES }, (_, b) => protocol.body(Array.from({ length: BATCH_SIZE }, (_, i) => item(b * BATCH_SIZE + i))));
      log(`${protocol.name}: ${BATCHES} requests of ${BATCH_SIZE} records, 2 in flight`);
      const started = performance.now();
      let next = 0;
      await Promise.all(
        [0, 1].map(async () => {
          while (next < bodies.length) {
            const body = bodies[next++];
            const response = await fetch(`http://127.0.0.1:${port}${protocol.path}`, { method: 'POST', headers: { 'Content-Type': protocol.contentType, Authorization: `Bearer ${BENCH_KEY}` }, body });
            const text = await response.text();
            if (response.status !== protocol.status || (protocol.path === '/_bulk' && JSON.parse(text).errors)) throw new Error(`${protocol.name} answered ${response.status}: ${text.slice(0, 300)}`);
          }
        }),
      );
      const acceptedSeconds = (performance.now() - started) / 1000;
      const target = processedSoFar + BATCHES * BATCH_SIZE;
      for (;;) {
        const done = await countProcessed(db);
        if (done >= target) break;
        log(`  processed ${done - processedSoFar}/${target - processedSoFar}`);
        await new Promise((r) => setTimeout(r, 250));
      }
      processedSoFar = target;
      const seconds = (performance.now() - started) / 1000;
      rows.push({ name: protocol.name, accepted: (BATCHES * BATCH_SIZE) / acceptedSeconds, processed: (BATCHES * BATCH_SIZE) / seconds });
    }
    const baseline = (rows[0].processed + rows[rows.length - 1].processed) / 2;
    console.log(`\n| protocol (${BATCHES} x ${BATCH_SIZE} records) | accepted logs/s | processed logs/s (first request to last processed) | ratio to NDJSON |\n|---|---:|---:|---:|`);
    rows.forEach((row, i) => console.log(`| ${row.name}${i === rows.length - 1 ? ', again' : ''} | ${Math.round(row.accepted)} | ${Math.round(row.processed)} | ${(row.processed / baseline).toFixed(2)} |`));
    console.log(`\nratio: processed logs/s over the mean of the two NDJSON runs (${Math.round(baseline)} logs/s)`);
  } finally {
    api.kill('SIGTERM');
    worker.kill('SIGTERM');
    await close();
  }
}

runBench(main);
