// The protocols log shippers speak, each driven by a stock client from npm where one exists:
// winston-loki (Loki push, protobuf in Snappy and JSON), @elastic/elasticsearch's
// helpers.bulk, splunk-logging (HEC), and a GELF HTTP post compressed as graypy does. Each
// record must be stored, mapped, redacted, and the client must have seen success.
import { Client as ElasticsearchClient } from '@elastic/elasticsearch';
import { authed, keyHeader, startTestApp, storedDocs, testApiKey, waitFor, type TestApp } from '@app/testing';
import request from 'supertest';
import winston from 'winston';
import LokiTransport from 'winston-loki';
import splunk from 'splunk-logging';
import type { AddressInfo } from 'node:net';
import { deflateSync, gzipSync } from 'node:zlib';

const { Logger: SplunkLogger } = splunk;
const email = (name: string) => `${name}@example.com`;
const card = ['4111', '1111', '1111', '1111'].join(' ');

describe('log shippers', () => {
  let t: TestApp;
  let base: string;
  beforeAll(async () => {
    t = await startTestApp();
    base = `http://127.0.0.1:${(t.server.address() as AddressInfo).port}`;
  });
  afterAll(() => t.close());

  /** The processed logs of a service, as GET /logs/{id} serves them. */
  const processedOf = (service: string, count: number) =>
    waitFor(async () => {
      const docs = await storedDocs(t.db, 'logs', { service });
      if (docs.length < count) return undefined;
      return Promise.all(docs.map(async (doc) => (await authed(t.server, 'read').get(`/logs/${doc._id.toHexString()}`).expect(200)).body));
    }, 15_000, `${count} processed log(s) of ${service}`);

  describe('Loki push', () => {
    it.each([
      ['protobuf in Snappy', false],
      ['JSON', true],
    ])('winston-loki sending %s, the key as the Basic password', async (encoding, json) => {
      const service = `loki-${json ? 'json' : 'proto'}`;
      const errors: unknown[] = [];
      const transport = new LokiTransport({
        host: base,
        basicAuth: `logsieve:${testApiKey('ingest')}`,
        labels: { service_name: service, env: 'test' },
        json,
        batching: false,
        onConnectionError: (error: unknown) => errors.push(error),
      });
      // winston-loki falls back to JSON when it cannot load snappy: make sure this sends what it says.
      expect((transport as unknown as { batcher: { contentType: string } }).batcher.contentType).toBe(json ? 'application/json' : 'application/x-protobuf');
      const logger = winston.createLogger({ transports: [transport] });
      logger.warn(`login failed for ${email('loki.user')}`);
      logger.error(`card ${card} declined`);

      const docs = await processedOf(service, 2);
      expect(errors).toEqual([]);
      const warn = docs.find((d) => d.level === 'warn');
      // winston-loki's line is the message and the meta as JSON.
      expect(warn).toMatchObject({ source: 'loki', service, message: 'login failed for [REDACTED:email] {"level":"warn"}', attributes: { env: 'test', service_name: service } });
      expect(docs.find((d) => d.level === 'error').message).toBe('card **** **** **** 1111 declined {"level":"error"}');
      expect(new Date(warn.timestamp).getTime()).toBeGreaterThan(Date.now() - 60_000);
      expect(JSON.stringify(docs)).not.toMatch(/loki\.user@example\.com|4111 1111 1111 1111/);
      logger.close();
    });

    it('answers 204 as Loki does, and bad bodies or entries with a line of text, never a 500', async () => {
      const entry = (line: string, ago = 1000) => [`${BigInt(Date.now() - ago) * 1_000_000n}`, line];
      await authed(t.server, 'ingest').post('/loki/api/v1/push').send({ streams: [{ stream: { app: 'loki-204' }, values: [entry('ok')] }] }).expect(204);

      const partial = await authed(t.server, 'ingest')
        .post('/loki/api/v1/push')
        .send({ streams: [{ stream: { app: 'loki-partial' }, values: [entry('kept'), entry('too old', 30 * 86_400_000)] }] })
        .expect(400);
      expect(partial.headers['content-type']).toMatch(/^text\/plain/);
      expect(partial.text).toMatch(/^1 of 2 entries were refused; the others are stored\nentry 1: .*hours old/);
      await processedOf('loki-partial', 1);

      const bad = await authed(t.server, 'ingest').post('/loki/api/v1/push').set('Content-Type', 'application/x-protobuf').send(Buffer.from('not snappy')).expect(400);
      expect(bad.text).toBe('Request body is not a valid Loki PushRequest (Snappy-compressed protobuf)\n');
      const anonymous = await request(t.server).post('/loki/api/v1/push').send({ streams: [] }).expect(401);
      expect(anonymous.text).toMatch(/^An API key is required/);
    });
  });

  describe('Elasticsearch bulk', () => {
    const client = () => new ElasticsearchClient({ node: base, auth: { username: 'filebeat', password: testApiKey('ingest') } });

    it('the official client reads the cluster identity and pings', async () => {
      const es = client();
      const info = await es.info();
      expect(info.version.number).toMatch(/^8\./);
      expect(await es.ping()).toBe(true);
      await es.close();
    });

    it("helpers.bulk stores and redacts ECS documents, and drops only the item that failed", async () => {
      const es = client();
      const dropped: Array<{ status: number; error: { type: string } | null; document: unknown }> = [];
      const now = new Date().toISOString();
      const stats = await es.helpers.bulk({
        datasource: [
          { '@timestamp': now, message: `password reset for ${email('es.user')}`, 'log.level': 'warn', 'service.name': 'es-app', user: { email: email('es.other') } },
          { '@timestamp': new Date(Date.now() - 30 * 86_400_000).toISOString(), message: 'far too old', 'service.name': 'es-app' },
          { '@timestamp': now, message: 'payment ok', log: { level: 'info' }, service: { name: 'es-app' } },
        ],
        onDocument: () => ({ create: { _index: 'logs-es-app' } }),
        onDrop: (doc) => dropped.push(doc as never),
        retries: 0,
      });
      expect(stats).toMatchObject({ total: 3, successful: 2, failed: 1 });
      expect(dropped).toEqual([expect.objectContaining({ status: 400, error: expect.objectContaining({ type: 'document_parsing_exception' }) })]);

      const docs = await processedOf('es-app', 2);
      const warn = docs.find((d) => d.level === 'warn');
      expect(warn).toMatchObject({ source: 'elasticsearch', message: 'password reset for [REDACTED:email]', attributes: { index: 'logs-es-app', user: { email: '[REDACTED:email]' } } });
      expect(docs.find((d) => d.level === 'info')).toMatchObject({ message: 'payment ok' });
      expect(JSON.stringify(docs)).not.toMatch(/es\.(user|other)@example\.com/);
      await es.close();
    });

    it("answers refusals in Elasticsearch's error shape with its product header", async () => {
      const malformed = await authed(t.server, 'ingest').post('/_bulk').set('Content-Type', 'application/x-ndjson').send('{"index":\n{}\n').expect(400);
      expect(malformed.headers['x-elastic-product']).toBe('Elasticsearch');
      expect(malformed.body).toEqual({ error: { root_cause: [expect.any(Object)], type: 'illegal_argument_exception', reason: expect.stringMatching(/Malformed action\/metadata line \[1\]/) }, status: 400 });
      const wrongKey = await request(t.server).post('/logs-x/_bulk').auth('filebeat', 'not-a-key').send('{"index":{}}\n{"message":"x"}\n').expect(401);
      expect(wrongKey.body.error.type).toBe('security_exception');
      const put = await authed(t.server, 'ingest').put('/logs-put/_bulk').set('Content-Type', 'application/x-ndjson').send('{"index":{}}\n{"message":"sent with PUT"}\n').expect(200);
      expect(put.body.items).toEqual([{ index: expect.objectContaining({ _index: 'logs-put', status: 201 }) }]);
      await authed(t.server, 'ingest').put('/_index_template/filebeat-8').send({ index_patterns: ['x'] }).expect(200, { acknowledged: true });
      await authed(t.server, 'ingest').get('/_ilm/policy/filebeat').expect(404);
    });

    it('serves the dashboard at / to a browser and the cluster identity to anything else', async () => {
      const identity = await request(t.server).get('/').expect(200);
      expect(identity.body).toMatchObject({ tagline: 'You Know, for Search', version: { number: expect.stringMatching(/^8\./) } });
      expect(identity.headers['x-elastic-product']).toBe('Elasticsearch');
      const browser = await request(t.server).get('/').set('Accept', 'text/html,application/xhtml+xml,*/*;q=0.8');
      expect(browser.headers['x-elastic-product']).toBeUndefined();
    });
  });

  describe('Splunk HEC', () => {
    it('splunk-logging sends events with Authorization: Splunk <key> and gets HEC success', async () => {
      const logger = new SplunkLogger({ token: testApiKey('ingest'), url: base });
      logger.error = (error) => {
        throw error;
      };
      const send = (message: unknown, severity: string) =>
        new Promise<{ status: number; body: unknown }>((resolve, reject) =>
          logger.send({ message, severity, metadata: { source: 'billing.js', sourcetype: '_json', host: 'web-1' } }, (error, response, body) =>
            error ? reject(error) : resolve({ status: response.statusCode, body }),
          ),
        );
      const answers = [await send({ message: `refund for ${email('hec.user')}`, service: 'hec-app' }, 'warn'), await send({ message: `card ${card} saved`, service: 'hec-app' }, 'info')];
      expect(answers).toEqual([
        { status: 200, body: { text: 'Success', code: 0 } },
        { status: 200, body: { text: 'Success', code: 0 } },
      ]);

      const docs = await processedOf('hec-app', 2);
      expect(docs.find((d) => d.level === 'warn')).toMatchObject({ source: 'splunk', message: 'refund for [REDACTED:email]', attributes: { host: 'web-1', source: 'billing.js', sourcetype: '_json' } });
      expect(docs.find((d) => d.level === 'info').message).toBe('card **** **** **** 1111 saved');
      expect(JSON.stringify(docs)).not.toMatch(/hec\.user@example\.com|4111 1111 1111 1111/);
    });

    it('takes raw lines with metadata from the query, and answers health', async () => {
      await request(t.server)
        .post('/services/collector/raw?sourcetype=access&host=lb-1')
        .set('Authorization', `Splunk ${testApiKey('ingest')}`)
        .send(`{"msg":"GET /cart","service":"hec-raw","client":"${email('raw.user')}"}\n`)
        .expect(200, { text: 'Success', code: 0 });
      const [doc] = await processedOf('hec-raw', 1);
      expect(doc).toMatchObject({ message: 'GET /cart', attributes: { sourcetype: 'access', host: 'lb-1', client: '[REDACTED:email]' } });
      await request(t.server).get('/services/collector/health').expect(200, { text: 'HEC is healthy', code: 17 });
    });

    it("refuses in HEC's codes: no token, a bad event with its number, no data", async () => {
      await request(t.server).post('/services/collector/event').send('{"event":"x"}').expect(401, { text: 'Token is required', code: 2 });
      await request(t.server).post('/services/collector/event').set('Authorization', 'Splunk not-a-key').send('{"event":"x"}').expect(401, { text: 'Invalid token', code: 4 });
      const hec = () => request(t.server).post('/services/collector/event').set('Authorization', `Splunk ${testApiKey('ingest')}`);
      await hec().send('{"event":"fine"}{"time":1}').expect(400, { text: 'Event field is required', code: 12, 'invalid-event-number': 1 });
      await hec().send('').expect(400, { text: 'No data', code: 5 });
      // The Splunk scheme is the HEC's: elsewhere it is no key at all.
      await request(t.server).post('/logs').set('Authorization', `Splunk ${testApiKey('ingest')}`).send({ message: 'x' }).expect(401);
    });
  });

  describe('GELF over HTTP', () => {
    const gelf = (service: string, shortMessage: string, level: number) => Buffer.from(JSON.stringify({ version: '1.1', host: 'gelf-host', short_message: shortMessage, level, _service: service, _user_email: email('gelf.user') }));

    it.each([
      ['gzip', gzipSync, 'gzip'],
      ["zlib labelled 'gzip,deflate' as graypy sends it", deflateSync, 'gzip,deflate'],
    ])('stores a %s message with 202, as Graylog answers', async (_, compress, encoding) => {
      const service = `gelf-${encoding.length}`;
      const response = await fetch(`${base}/gelf`, { method: 'POST', headers: { ...keyHeader('ingest'), 'Content-Type': 'application/json', 'Content-Encoding': encoding }, body: compress(gelf(service, `signup ${email('gelf.user')}`, 3)) });
      expect(response.status).toBe(202);
      const [doc] = await processedOf(service, 1);
      expect(doc).toMatchObject({ source: 'gelf', service, level: 'error', message: 'signup [REDACTED:email]', attributes: { host: 'gelf-host', user_email: '[REDACTED:email]' } });
    });

    it('refuses a message with no short_message, and corrupt compression, with 400', async () => {
      const missing = await authed(t.server, 'ingest').post('/gelf').send({ host: 'x' }).expect(400);
      expect(missing.body.message).toBe('a GELF message needs a non-empty "short_message"');
      await authed(t.server, 'ingest').post('/gelf').set('Content-Type', 'application/json').send(gzipSync(gelf('x', 'y', 1)).subarray(0, 12)).expect(400);
    });
  });

  it("reads curl -d's form-labelled JSON as JSON, and keeps the 415 with a hint for real form data", async () => {
    const { body } = await authed(t.server, 'ingest').post('/logs').type('form').send('{"message":"from curl","service":"curl-app"}').expect(202);
    expect(body.accepted).toBe(1);
    const refused = await authed(t.server, 'ingest').post('/logs').type('form').send('a=b').expect(415);
    expect(refused.body.message).toMatch(/curl -d sends form data/);
  });
});
