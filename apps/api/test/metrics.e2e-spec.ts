// What operators read: GET /metrics after real traffic (the counters move by what was sent,
// admin keys only, no label carries anything a client sent), and the processes' own logs
// (JSON lines; a request id in each response).
import { authed, countStored, startRoleProcess, startTestApp, waitFor, type TestApp } from '@app/testing';
import request from 'supertest';

/** Prometheus text as {`name{labels}`: value}. */
function parse(text: string): Map<string, number> {
  const samples = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const at = line.lastIndexOf(' ');
    samples.set(line.slice(0, at), Number(line.slice(at + 1)));
  }
  return samples;
}

describe('metrics', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  const scrape = async () => parse((await authed(t.server, 'admin').get('/metrics').expect(200).expect('Content-Type', /text\/plain/)).text);
  const delta = (before: Map<string, number>, after: Map<string, number>, sample: string) => (after.get(sample) ?? 0) - (before.get(sample) ?? 0);

  it('needs an admin key', async () => {
    await authed(t.server, 'read').get('/metrics').expect(403);
    await request(t.server).get('/metrics').expect(401);
  });

  it('counts ingest, processing, redactions, alerts and requests as traffic flows, with no client data in a label', async () => {
    const before = await scrape();
    const marker = 'metrics-svc-7f3a';
    const email = 'metrics.person' + '@example.com';
    const logsBefore = await countStored(t.db, 'logs');
    await authed(t.server, 'ingest').post('/logs').send([{ service: marker, message: `mail ${email}` }, { service: marker, message: 'bad', level: '!!' }]).expect(202);
    const failedLogins = Array.from({ length: 5 }, () => ({ service: marker, message: 'login failed', attributes: { event: 'login_failed', user: `${marker}-user` } }));
    await authed(t.server, 'ingest').post('/logs').send(failedLogins).expect(202);
    await waitFor(async () => (await countStored(t.db, 'logs')) === logsBefore + 6, 15_000, 'six records processed');
    await authed(t.server, 'read').get(`/logs/000000000000000000000000`).expect(404);
    await waitFor(async () => delta(before, await scrape(), 'logsieve_alerts_total{rule="brute-force"}') === 1, 5000, 'the alert counted');
    const after = await scrape();

    expect(delta(before, after, 'logsieve_ingest_records_total{outcome="accepted"}')).toBe(6);
    expect(delta(before, after, 'logsieve_ingest_records_total{outcome="rejected"}')).toBe(1);
    expect(delta(before, after, 'logsieve_records_processed_total{outcome="processed"}')).toBe(6);
    expect(delta(before, after, 'logsieve_redactions_total{rule="email"}')).toBe(1);
    expect(delta(before, after, 'logsieve_accept_to_processed_seconds_count')).toBe(6);
    expect(delta(before, after, 'logsieve_http_requests_total{method="POST",route="/logs",status="202"}')).toBe(2);
    expect(delta(before, after, 'logsieve_http_requests_total{method="GET",route="/logs/:log_id",status="404"}')).toBe(1);
    expect(delta(before, after, 'logsieve_ingest_body_bytes_total')).toBeGreaterThan(200);
    expect(after.get('logsieve_queue_jobs{queue="redact-logs",state="waiting"}')).toBeGreaterThanOrEqual(0);
    expect([...after.keys()].some((name) => name.startsWith('logsieve_nodejs_eventloop_lag_seconds'))).toBe(true);

    // Labels: only names logsieve defines. Nothing the clients sent shows up anywhere.
    const text = (await authed(t.server, 'admin').get('/metrics').expect(200)).text;
    for (const sent of [marker, email, 'metrics.person', '000000000000000000000000']) expect(text).not.toContain(sent);
    const labelValues = [...after.keys()].flatMap((sample) => [...sample.matchAll(/="([^"]*)"/g)].map((m) => m[1]));
    const unexpected = labelValues.filter((value) => !/^([A-Z][A-Za-z]*|\/[a-z0-9/_:.-]*|unmatched|[a-z][a-z0-9_.-]*|\d{3}|[\d.e+]+|\+Inf|v\d+\.\d+\.\d+)$/.test(value));
    expect(unexpected).toEqual([]);
  }, 30_000);

  it('a path no route matched is counted as `unmatched`, never as its own label', async () => {
    const person = 'unmatched.person' + '@example.com';
    const before = await scrape();
    await request(t.server).get(`/no-such/${person}`).expect(404);
    await authed(t.server, 'read').get(`/no-such/${person}`).expect(404);
    const after = await scrape();
    const requests = [...after.keys()].filter((sample) => sample.startsWith('logsieve_http_requests_total{') && delta(before, after, sample) !== 0);
    // Exactly these: the two requests, and the first scrape (counted once it was answered).
    expect(Object.fromEntries(requests.map((sample) => [sample, delta(before, after, sample)]))).toEqual({
      'logsieve_http_requests_total{method="GET",route="unmatched",status="404"}': 2,
      'logsieve_http_requests_total{method="GET",route="/metrics",status="200"}': 1,
    });
    expect((await authed(t.server, 'admin').get('/metrics').expect(200)).text).not.toContain('unmatched.person');
  });

  it('the worker role serves its own metrics on WORKER_PORT', async () => {
    const worker = await startRoleProcess('worker', { LOG_LEVEL: 'warn' });
    try {
      const response = await fetch(`${worker.url}/metrics`, { headers: { 'X-API-Key': process.env.API_KEYS!.split(',')[0].split(':')[1] } });
      expect(response.status).toBe(200);
      const text = await response.text();
      expect(text).toContain('logsieve_records_processed_total');
      expect(text).toContain('logsieve_queue_jobs{queue="redact-logs",state="active"}');
    } finally {
      await worker.stop();
    }
  }, 30_000);

  it('the worker listens where WORKER_HOST says, and nowhere else', async () => {
    const worker = await startRoleProcess('worker', { LOG_LEVEL: 'warn', WORKER_HOST: '127.0.0.2' });
    try {
      expect((await fetch(`http://127.0.0.2:${worker.port}/metrics`)).status).toBe(200);
      await expect(fetch(`http://127.0.0.1:${worker.port}/metrics`)).rejects.toThrow();
    } finally {
      await worker.stop();
    }
  }, 30_000);

  it('logs JSON lines, and answers with the request id it was given or made (log lines of a request carry it: app-logger.spec)', async () => {
    const api = await startRoleProcess('api', { LOG_LEVEL: 'log', LOG_FORMAT: 'json' });
    try {
      const given = await fetch(`${api.url}/health`, { headers: { 'X-Request-Id': 'trace-abc.123' } });
      expect(given.headers.get('x-request-id')).toBe('trace-abc.123');
      const made = await fetch(`${api.url}/health`, { headers: { 'X-Request-Id': 'not a token; <script>' } });
      expect(made.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
      await api.stop();
      const lines = api
        .output()
        .split('\n')
        .filter((line) => line.startsWith('{'));
      expect(lines.length).toBeGreaterThan(3);
      const parsed = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
      expect(parsed.every((line) => typeof line.time === 'string' && typeof line.level === 'string' && typeof line.msg === 'string' && line.role === 'api')).toBe(true);
      expect(parsed.some((line) => line.context === 'Shutdown')).toBe(true);
    } finally {
      await api.stop();
    }
  }, 30_000);
});
