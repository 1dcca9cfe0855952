// Records as real loggers write them, sent as shippers send them: pino's and bunyan's default
// output (from the libraries themselves), ECS and GELF records, a body without Content-Type,
// NDJSON labelled as JSON, strict mode, and the built-in fraud rules reading the brief's own
// field names and ECS's.
import { authed, keyHeader, processedLog, startTestApp, waitFor, type TestApp } from '@app/testing';
import type { AddressInfo } from 'node:net';
import bunyan from 'bunyan';
import pino from 'pino';
import { Writable } from 'node:stream';

/** A stream that keeps the lines a logger writes. */
function lines(): { stream: Writable; written: string[] } {
  const written: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      written.push(...chunk.toString('utf8').split('\n').filter((line) => line.trim() !== ''));
      done();
    },
  });
  return { stream, written };
}

describe('records as loggers write them', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  const sendLine = async (line: string, contentType = 'application/json') => {
    const { body } = await authed(t.server, 'ingest').post('/logs').set('Content-Type', contentType).send(line).expect(202);
    return processedLog(t.server, body.log_id);
  };

  it("pino's default output: message, level and time as pino wrote them", async () => {
    const { stream, written } = lines();
    pino({}, stream).warn({ order: 1001 }, 'payment retried');
    await waitFor(() => written.length === 1, 2000, 'pino to write');
    const sent = JSON.parse(written[0]);
    const stored = await sendLine(written[0]);
    expect(stored).toMatchObject({ message: 'payment retried', level: 'warn', timestamp: new Date(sent.time).toISOString(), attributes: { order: 1001, level: 40, pid: process.pid } });
  });

  it("a bunyan record: its logger's name is the service", async () => {
    const { stream, written } = lines();
    bunyan.createLogger({ name: 'billing', streams: [{ stream, level: 'info' }] }).error({ invoice: 'INV-9' }, 'charge failed');
    await waitFor(() => written.length === 1, 2000, 'bunyan to write');
    const sent = JSON.parse(written[0]);
    const stored = await sendLine(written[0]);
    expect(stored).toMatchObject({ message: 'charge failed', level: 'error', service: 'billing', timestamp: sent.time, attributes: { invoice: 'INV-9', level: 50, v: 0 } });
  });

  it('an ECS record', async () => {
    const time = new Date(Math.floor((Date.now() - 1_800_000) / 1000) * 1000 + 250).toISOString();
    const record = { '@timestamp': time, 'log.level': 'warning', message: 'quota nearly used', 'ecs.version': '8.11.0', service: { name: 'quotas' }, labels: { tenant: 't-1' } };
    const stored = await sendLine(JSON.stringify(record));
    expect(stored).toMatchObject({ message: 'quota nearly used', level: 'warn', service: 'quotas', timestamp: time, attributes: { 'log.level': 'warning', labels: { tenant: 't-1' } } });
  });

  it('a GELF record', async () => {
    const record = { version: '1.1', host: 'edge-3', short_message: 'upstream timed out', timestamp: 1795944600.5, level: 3, _service: 'gateway', _route: '/v1/pay' };
    const stored = await sendLine(JSON.stringify(record));
    expect(stored).toMatchObject({ message: 'upstream timed out', level: 'error', service: 'gateway', timestamp: new Date(1795944600500).toISOString(), attributes: { host: 'edge-3', route: '/v1/pay', level: 3 } });
  });

  describe('a personal value in any field a shape maps is redacted, wherever the shape put it', () => {
    /** A distinct address per field, so a leak names the field it came from. */
    const email = (field: string) => `${field}.${Math.random().toString(36).slice(2, 8)}@example.com`;
    /** Not in the record, nor in what is derived from the copies kept for filtering: stats by service, a search, a filter by the raw value. */
    const expectRedacted = async (line: string, planted: string[]) => {
      const stored = await sendLine(line);
      const served = JSON.stringify(stored);
      expect(served).toContain('[REDACTED:email]');
      const stats = JSON.stringify((await authed(t.server, 'read').get('/stats?from=1h').expect(200)).body);
      const page = JSON.stringify((await authed(t.server, 'read').get('/logs?from=1h&limit=1000').expect(200)).body);
      for (const value of planted) {
        expect(served).not.toContain(value);
        expect(stats).not.toContain(value);
        expect(page).not.toContain(value);
        expect((await authed(t.server, 'read').get('/logs').query({ from: '1h', service: value }).expect(200)).body.items).toEqual([]);
      }
      return stored;
    };

    it('pino: name, hostname, message, fields', async () => {
      const planted = [email('name'), email('hostname'), email('msg'), email('field')];
      const { stream, written } = lines();
      pino({ name: planted[0], base: { hostname: planted[1] } }, stream).info({ contact: planted[3] }, `mail ${planted[2]}`);
      await waitFor(() => written.length === 1, 2000, 'pino to write');
      await expectRedacted(written[0], planted);
    });

    it('bunyan: name (the service), hostname, message, fields', async () => {
      const planted = [email('name'), email('hostname'), email('msg'), email('field')];
      const { stream, written } = lines();
      bunyan.createLogger({ name: planted[0], hostname: planted[1], streams: [{ stream, level: 'info' }] }).info({ contact: planted[3] }, `mail ${planted[2]}`);
      await waitFor(() => written.length === 1, 2000, 'bunyan to write');
      const stored = await expectRedacted(written[0], planted);
      expect(stored.service).toBe('[REDACTED:email]');
    });

    it('ECS: service.name, host.name, log.logger, message, labels', async () => {
      const planted = [email('service'), email('host'), email('logger'), email('msg'), email('label')];
      const record = { '@timestamp': new Date().toISOString(), 'log.level': 'info', 'service.name': planted[0], host: { name: planted[1] }, 'log.logger': planted[2], message: `mail ${planted[3]}`, labels: { contact: planted[4] } };
      const stored = await expectRedacted(JSON.stringify(record), planted);
      expect(stored.service).toBe('[REDACTED:email]');
    });

    it('GELF: _service, host, short_message, full_message, additional fields', async () => {
      const planted = [email('service'), email('host'), email('short'), email('full'), email('extra')];
      const record = { version: '1.1', _service: planted[0], host: planted[1], short_message: `mail ${planted[2]}`, full_message: `trace ${planted[3]}`, level: 6, _contact: planted[4] };
      const stored = await expectRedacted(JSON.stringify(record), planted);
      expect(stored.service).toBe('[REDACTED:email]');
    });

    it('native: service, message, attributes', async () => {
      const planted = [email('service'), email('msg'), email('attr')];
      const stored = await expectRedacted(JSON.stringify({ service: planted[0], message: `mail ${planted[1]}`, attributes: { contact: planted[2] } }), planted);
      expect(stored.service).toBe('[REDACTED:email]');
    });
  });

  it('a body without Content-Type is read as the JSON or NDJSON it is', async () => {
    // fetch sends bytes without a Content-Type (a string would get text/plain).
    const post = async (text: string) => {
      const response = await fetch(`http://127.0.0.1:${(t.server.address() as AddressInfo).port}/logs`, { method: 'POST', headers: keyHeader('ingest'), body: new TextEncoder().encode(text) });
      return { status: response.status, body: (await response.json()) as { accepted: number } };
    };
    expect(await post('{"message":"no type"}')).toMatchObject({ status: 202, body: { accepted: 1 } });
    expect(await post('{"msg":"one"}\n{"msg":"two"}\n')).toMatchObject({ status: 202, body: { accepted: 2 } });
    expect(await post('plain words')).toMatchObject({ status: 415 });
  });

  it('NDJSON labelled application/json is read as NDJSON', async () => {
    const { body } = await authed(t.server, 'ingest').post('/logs').set('Content-Type', 'application/json').send('{"message":"a"}\n{"message":"b"}\n{"message":"c"}').expect(202);
    expect(body).toMatchObject({ accepted: 3, rejected: 0 });
  });

  describe('strict mode, for shippers that read only the status code', () => {
    const batch = [{ message: 'fine' }, { message: 'bad level', level: '!!' }, { message: 'fine too' }];

    it.each([
      ['?strict=true', (r: ReturnType<typeof authed>) => r.post('/logs?strict=true')],
      ['the X-Logsieve-Strict header', (r: ReturnType<typeof authed>) => r.post('/logs').set('X-Logsieve-Strict', 'true')],
    ])('with %s one bad record refuses the request whole, naming it', async (_how, post) => {
      const response = await post(authed(t.server, 'ingest')).send(batch).expect(400);
      expect(response.body).toEqual({
        statusCode: 400,
        error: 'Bad Request',
        message: '1 of 3 records are invalid; in strict mode nothing was stored',
        errors: [{ index: 1, reason: expect.stringMatching(/^"level" must be/) }],
      });
    });

    it('without it, the valid records are stored and the 202 reports the other', async () => {
      const { body } = await authed(t.server, 'ingest').post('/logs').send(batch).expect(202);
      expect(body).toMatchObject({ accepted: 2, rejected: 1 });
    });
  });

  describe('built-in fraud rules read common field names', () => {
    const alertsFor = async (ruleId: string) => t.db.collection('alerts').find({ ruleId }).toArray();

    it("five failed logins in the brief's own shape raise the brute-force alert", async () => {
      const before = (await alertsFor('brute-force')).length;
      const records = Array.from({ length: 5 }, () => ({ log_data: { username: 'brief_user', activity: 'login_failed' } }));
      await authed(t.server, 'ingest').post('/logs').send(records).expect(202);
      await waitFor(async () => (await alertsFor('brute-force')).length === before + 1, 10_000, 'a brute-force alert');
    });

    it('five ECS authentication failures raise it too', async () => {
      const before = (await alertsFor('brute-force')).length;
      const failure = { '@timestamp': new Date().toISOString(), message: 'login failed', event: { category: ['authentication'], outcome: 'failure', action: 'user_login' }, user: { name: 'ecs_user' }, source: { ip: '203.0.113.50' } };
      await authed(t.server, 'ingest').post('/logs').send(Array(5).fill(failure)).expect(202);
      await waitFor(async () => (await alertsFor('brute-force')).length === before + 1, 10_000, 'a brute-force alert');
    });
  });
});
