import { LogSource } from '@app/logs';
import { compressSync } from 'snappy';
import { IngestError } from '../ingest-error';
import { parseLokiPush, snappyLength } from './loki-push';
import { PushRequest } from './loki-push.proto';
import { thrown } from '../thrown.spec-helper';

const limits = { maxRecords: 100, maxBytes: 1024 * 1024 };
const json = (value: unknown) => Buffer.from(JSON.stringify(value));
const minuteAgo = Date.now() - 60_000;
const nanos = (millis: number) => `${BigInt(millis) * 1_000_000n + 123_456n}`;
const failure = (fn: () => unknown) => thrown(fn, IngestError);

function protobuf(streams: Array<{ labels: string; entries: Array<{ millis: number; line: string; metadata?: Record<string, string> }> }>): Buffer {
  const message = PushRequest.fromObject({
    streams: streams.map((stream) => ({
      labels: stream.labels,
      entries: stream.entries.map((entry) => ({
        timestamp: { seconds: Math.floor(entry.millis / 1000), nanos: (entry.millis % 1000) * 1_000_000 + 7 },
        line: entry.line,
        structuredMetadata: Object.entries(entry.metadata ?? {}).map(([name, value]) => ({ name, value })),
      })),
    })),
  });
  return compressSync(Buffer.from(PushRequest.encode(message).finish()));
}

describe('parseLokiPush', () => {
  it('maps a JSON push: labels and structured metadata to attributes, service and level labels, nanosecond times', () => {
    const { logs, rejected } = parseLokiPush(
      'application/json',
      json({
        streams: [
          {
            stream: { service_name: 'checkout', level: 'WARN', env: 'prod' },
            values: [
              [nanos(minuteAgo), 'payment retry'],
              [nanos(minuteAgo + 1), 'second', { trace: 'abc' }],
            ],
          },
          { stream: { job: 'varlogs', detected_level: 'error' }, values: [[nanos(minuteAgo), 'disk full']] },
        ],
      }),
      limits,
    );
    expect(rejected).toEqual([]);
    expect(logs).toEqual([
      {
        source: LogSource.Loki,
        content: { message: 'payment retry', attributes: { service_name: 'checkout', level: 'WARN', env: 'prod' }, level: 'warn', service: 'checkout' },
        timestamp: new Date(minuteAgo),
      },
      {
        source: LogSource.Loki,
        content: { message: 'second', attributes: { service_name: 'checkout', level: 'WARN', env: 'prod', trace: 'abc' }, level: 'warn', service: 'checkout' },
        timestamp: new Date(minuteAgo + 1),
      },
      { source: LogSource.Loki, content: { message: 'disk full', attributes: { job: 'varlogs', detected_level: 'error' }, level: 'error', service: 'varlogs' }, timestamp: new Date(minuteAgo) },
    ]);
  });

  it('prefers service_name to job, and skips the unknown_service Loki fills in', () => {
    const parse = (stream: Record<string, string>) => parseLokiPush('application/json', json({ streams: [{ stream, values: [[nanos(minuteAgo), 'x']] }] }), limits).logs[0].content.service;
    expect(parse({ job: 'j', service_name: 's' })).toBe('s');
    expect(parse({ service_name: 'unknown_service', app: 'a' })).toBe('a');
    expect(parse({ service_name: 'unknown_service' })).toBeUndefined();
  });

  it('reads a line that is a JSON object as a record (pino through Loki), labels filling in', () => {
    const line = JSON.stringify({ level: 50, msg: 'boom', time: minuteAgo, user: 'jane' });
    const { logs } = parseLokiPush('application/json', json({ streams: [{ stream: { app: 'api' }, values: [[nanos(minuteAgo), line]] }] }), limits);
    expect(logs[0]).toEqual({
      source: LogSource.Loki,
      content: { message: 'boom', attributes: { level: 50, user: 'jane', app: 'api' }, level: 'error', service: 'api' },
      timestamp: new Date(minuteAgo),
    });
  });

  it('reads the legacy JSON shape (a label-set string and entries)', () => {
    const { logs } = parseLokiPush('application/json', json({ streams: [{ labels: '{app="legacy"}', entries: [{ ts: new Date(minuteAgo).toISOString(), line: 'old style' }] }] }), limits);
    expect(logs[0]).toMatchObject({ content: { message: 'old style', service: 'legacy' }, timestamp: new Date(minuteAgo) });
  });

  it('decodes protobuf in a Snappy block, as Promtail and Alloy send it', () => {
    const body = protobuf([{ labels: '{service_name="billing", level="info"}', entries: [{ millis: minuteAgo, line: 'invoice sent', metadata: { order: '42' } }] }]);
    const { logs } = parseLokiPush('application/x-protobuf', body, limits);
    expect(logs).toEqual([
      { source: LogSource.Loki, content: { message: 'invoice sent', attributes: { service_name: 'billing', level: 'info', order: '42' }, level: 'info', service: 'billing' }, timestamp: new Date(minuteAgo) },
    ]);
  });

  it('refuses entries alone: one too old, one with an empty line', () => {
    const old = Date.now() - 30 * 24 * 3_600_000;
    const { logs, rejected } = parseLokiPush('application/json', json({ streams: [{ stream: {}, values: [[nanos(old), 'ancient'], [nanos(minuteAgo), ''], [nanos(minuteAgo), 'fine']] }] }), limits);
    expect(logs.map((log) => log.content.message)).toEqual(['fine']);
    expect(rejected).toEqual([
      { index: 0, reason: expect.stringMatching(/hours old/) },
      { index: 1, reason: 'an entry needs a non-empty line' },
    ]);
  });

  it.each([
    ['not an object', 'application/json', Buffer.from('[1]'), 400, /object with a "streams" array/],
    ['a stream of non-string labels', 'application/json', json({ streams: [{ stream: { a: 1 }, values: [] }] }), 400, /object of string labels/],
    ['a value that is not a pair', 'application/json', json({ streams: [{ stream: {}, values: [['1']] }] }), 400, /\[timestamp, line\]/],
    ['metadata that is not strings', 'application/json', json({ streams: [{ stream: {}, values: [['1', 'x', { a: 1 }]] }] }), 400, /Structured metadata/],
    ['a stream with no values', 'application/json', json({ streams: [{ stream: {} }] }), 400, /needs a "values" array/],
    ['no entries', 'application/json', json({ streams: [] }), 400, /no entries/],
    ['a bad legacy label set', 'application/json', json({ streams: [{ labels: '{a=1}', entries: [] }] }), 400, /not a valid label set/],
    ['protobuf that is not Snappy', 'application/x-protobuf', Buffer.from([0xff, 0xff, 0xff, 0xff, 0xff, 0xff]), 400, /not Snappy-compressed/],
    ['Snappy that is not a PushRequest', 'application/x-protobuf', compressSync(Buffer.from([0x0a, 0xff, 0xff])), 400, /not a valid Loki PushRequest/],
    ['another content type', 'text/plain', Buffer.from('x'), 415, /text\/plain is not supported/],
  ])('refuses %s', (_, type, body, status, message) => {
    const error = failure(() => parseLokiPush(type, body, limits));
    expect(error.status).toBe(status);
    expect(error.message).toMatch(message);
  });

  it('refuses a Snappy block that declares more than the body limit, before inflating it', () => {
    const body = protobuf([{ labels: '{}', entries: [{ millis: minuteAgo, line: 'x'.repeat(5000) }] }]);
    expect(snappyLength(body)).toBeGreaterThan(5000);
    const error = failure(() => parseLokiPush('application/x-protobuf', body, { ...limits, maxBytes: 4096 }));
    expect(error.status).toBe(413);
  });

  it('refuses more entries than the batch limit', () => {
    const values = Array.from({ length: 4 }, () => [nanos(minuteAgo), 'x']);
    expect(failure(() => parseLokiPush('application/json', json({ streams: [{ stream: {}, values }] }), { ...limits, maxRecords: 3 })).status).toBe(413);
  });
});
