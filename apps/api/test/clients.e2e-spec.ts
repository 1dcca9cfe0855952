// Real log shippers send to logsieve: the OpenTelemetry JS SDK with its OTLP/HTTP exporters
// (protobuf and JSON) to /v1/logs, and winston's HTTP transport to /logs. Their logs must be
// found processed and redacted.
import { SeverityNumber } from '@opentelemetry/api-logs';
import { OTLPLogExporter as OtlpJsonExporter } from '@opentelemetry/exporter-logs-otlp-http';
import { OTLPLogExporter as OtlpProtoExporter } from '@opentelemetry/exporter-logs-otlp-proto';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { LoggerProvider, SimpleLogRecordProcessor, type LogRecordExporter } from '@opentelemetry/sdk-logs';
import { storedDocs, authed, keyHeader, startTestApp, waitFor, type TestApp } from '@app/testing';
import winston from 'winston';
import type { AddressInfo } from 'node:net';

describe('real clients', () => {
  let t: TestApp;
  let base: string;
  beforeAll(async () => {
    t = await startTestApp();
    base = `http://127.0.0.1:${(t.server.address() as AddressInfo).port}`;
  });
  afterAll(() => t.close());

  /** Processed logs of a service, read back through the API (stored keys are escaped). */
  const processedWhere = (filter: { service: string }, count = 1) =>
    waitFor(async () => {
      const docs = await storedDocs(t.db, 'logs', filter);
      if (docs.length < count) return undefined;
      return Promise.all(docs.map(async (doc) => (await authed(t.server).get(`/logs/${doc._id.toHexString()}`).expect(200)).body));
    }, 10_000, `${count} processed log(s) of ${filter.service}`);

  it.each<[string, () => LogRecordExporter]>([
    ['protobuf', () => new OtlpProtoExporter({ url: `${base}/v1/logs`, headers: keyHeader('ingest') })],
    ['JSON', () => new OtlpJsonExporter({ url: `${base}/v1/logs`, headers: keyHeader('ingest') })],
  ])('the OpenTelemetry SDK exporting OTLP %s', async (encoding, exporter) => {
    // (Its attribute keys hold dots, which the store cannot take as they are: see storable-keys.)
    const service = `otel-${encoding.toLowerCase()}`;
    const provider = new LoggerProvider({
      resource: resourceFromAttributes({ 'service.name': service }),
      processors: [new SimpleLogRecordProcessor({ exporter: exporter() })],
    });
    const logger = provider.getLogger('clients-e2e', '1.0.0');
    logger.emit({ severityNumber: SeverityNumber.WARN, body: 'login failed for jane@example.com', attributes: { 'user.ip': '203.0.113.7', attempt: 3 } });
    logger.emit({ severityNumber: SeverityNumber.ERROR, severityText: 'ERROR', body: 'card 4111 1111 1111 1111 declined' });
    await provider.forceFlush();
    await provider.shutdown();

    const docs = await processedWhere({ service }, 2);
    const warn = docs.find((d) => d.level === 'warn')!;
    expect(warn).toMatchObject({
      source: 'otlp',
      message: 'login failed for [REDACTED:email]',
      service,
      attributes: { 'user.ip': '[REDACTED:ip]', attempt: 3, resource: { 'service.name': service }, scope: { name: 'clients-e2e', version: '1.0.0' } },
    });
    expect(docs.find((d) => d.level === 'error')!.message).toBe('card **** **** **** 1111 declined');
    expect(JSON.stringify(docs)).not.toMatch(/jane@example\.com|203\.0\.113\.7|4111 1111 1111 1111/);
  });

  it("answers OTLP with the spec's partialSuccess", async () => {
    const { body } = await authed(t.server)
      .post('/v1/logs')
      .send({
        resourceLogs: [{ scopeLogs: [{ logRecords: [{ body: { stringValue: 'fine' } }, { traceId: 'not-hex' }] }] }],
      })
      .expect(200);
    expect(body).toEqual({ partialSuccess: { rejectedLogRecords: '1', errorMessage: expect.stringContaining('record 1') } });
    await authed(t.server).post('/v1/logs').set('Content-Type', 'application/x-protobuf').send(Buffer.from([0xff, 0xff, 0xff])).expect(400);
    await authed(t.server).post('/v1/logs').set('Content-Type', 'text/plain').send('x').expect(415);
  });

  it("winston's HTTP transport", async () => {
    const logger = winston.createLogger({
      transports: [new winston.transports.Http({ host: '127.0.0.1', port: Number(new URL(base).port), path: '/logs', headers: keyHeader('ingest') })],
    });
    const flushed = new Promise((resolve) => logger.on('finish', resolve));
    logger.info('user signed up', { service: 'winston-app', email: 'new.user@example.com', plan: 'pro' });
    logger.warn('password reset requested', { service: 'winston-app', token: 'tok-' + 'a1B2c3D4e5F6g7H8' });
    logger.end();
    await flushed;

    const docs = await processedWhere({ service: 'winston-app' }, 2);
    const signup = docs.find((d) => d.level === 'info')!;
    expect(signup).toMatchObject({ message: 'user signed up', attributes: { email: '[REDACTED:email]', plan: 'pro' } });
    expect(docs.find((d) => d.level === 'warn')!.attributes.token).toBe('[REDACTED:secret]');
    expect(JSON.stringify(docs)).not.toMatch(/new\.user@example\.com|a1B2c3D4e5F6g7H8/);
  });
});
