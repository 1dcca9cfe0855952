import { LogSource } from '@app/logs';
import { IngestError } from '../ingest-error';
import { HecError, hecErrorBody, hecMetadataOf, parseHecEvents, parseHecRaw } from './splunk-hec';
import { thrown } from '../thrown.spec-helper';

const events = (...values: unknown[]) => Buffer.from(values.map((v) => (typeof v === 'string' ? v : JSON.stringify(v))).join(''));
const minuteAgoSeconds = Math.floor(Date.now() / 1000) - 60;
const hecFailure = (fn: () => unknown) => thrown(fn, HecError);

describe('parseHecEvents', () => {
  it('reads events written back to back: metadata and fields kept, fractional epoch seconds, object and string events', () => {
    const { logs } = parseHecEvents(
      events(
        { time: minuteAgoSeconds + 0.25, host: 'web-1', source: 'app.log', sourcetype: 'json', index: 'main', event: { message: 'payment retry', level: 'warn', user: 'jane' }, fields: { service: 'checkout', region: 'eu' } },
        { time: String(minuteAgoSeconds), event: 'a plain line', fields: { level: 'error' } },
        { event: 42 },
      ),
      100,
    );
    expect(logs).toEqual([
      {
        source: LogSource.Splunk,
        content: {
          message: 'payment retry',
          attributes: { level: 'warn', user: 'jane', host: 'web-1', source: 'app.log', sourcetype: 'json', index: 'main', service: 'checkout', region: 'eu' },
          level: 'warn',
          service: 'checkout',
        },
        timestamp: new Date((minuteAgoSeconds + 0.25) * 1000),
      },
      { source: LogSource.Splunk, content: { message: 'a plain line', attributes: { level: 'error' }, level: 'error' }, timestamp: new Date(minuteAgoSeconds * 1000) },
      { source: LogSource.Splunk, content: { message: '42' }, timestamp: undefined },
    ]);
  });

  it("reads Docker's splunk driver events (inline format: line, source, tag)", () => {
    const { logs } = parseHecEvents(events({ event: { line: 'GET /health 200', source: 'stdout', tag: 'web' }, time: `${minuteAgoSeconds}.123456`, host: 'docker-host' }), 100);
    expect(logs[0]).toMatchObject({ content: { message: 'GET /health 200', attributes: { source: 'stdout', tag: 'web', host: 'docker-host' } }, timestamp: new Date(minuteAgoSeconds * 1000 + 123) });
  });

  it.each([
    ['an empty body', '  ', 5, undefined, 'No data'],
    ['no event field', events({ event: 'ok' }, { time: 1 }), 12, 1, 'Event field is required'],
    ['a blank event', events({ event: ' ' }), 13, 0, 'Event field cannot be blank'],
    ['fields that are not an object', events({ event: 'x', fields: [1] }), 6, 0, /"fields" must be an object/],
    ['a time that is not epoch seconds', events({ event: 'x', time: 'yesterday' }), 6, 0, /"time" must be epoch seconds/],
    ['an event that is not JSON', '{"event":"ok"}{"event":', 6, 1, /not closed/],
    ['an event that is not an object', '{"event":"ok"} 7', 6, 1, /expected an object/],
    ['an event too old to take', events({ event: 'ok' }, { event: 'old', time: minuteAgoSeconds - 30 * 86_400 }), 6, 1, /hours old/],
  ])('refuses %s whole, naming the event', (_, body, code, number, text) => {
    const error = hecFailure(() => parseHecEvents(Buffer.from(body), 100));
    expect(error.code).toBe(code);
    expect(error.invalidEventNumber).toBe(number);
    expect(error.message).toMatch(text);
    expect(error.status).toBe(400);
  });

  it('refuses more events than the batch limit', () => {
    expect(() => parseHecEvents(events({ event: 'a' }, { event: 'b' }), 1)).toThrow(IngestError);
  });
});

describe('parseHecRaw', () => {
  it('stores each line with the metadata the query names', () => {
    const { logs } = parseHecRaw(Buffer.from('first line\r\n\n{"msg":"json line","level":30}\n'), hecMetadataOf({ sourcetype: 'app', host: 'h', channel: 'c', index: '' }), 100);
    expect(logs).toEqual([
      { source: LogSource.Splunk, content: { message: 'first line', attributes: { sourcetype: 'app', host: 'h' } }, timestamp: undefined },
      { source: LogSource.Splunk, content: { message: 'json line', attributes: { level: 30, sourcetype: 'app', host: 'h' }, level: 'info' }, timestamp: undefined },
    ]);
  });

  it('refuses an empty body with code 5', () => {
    expect(hecFailure(() => parseHecRaw(Buffer.from('\n'), {}, 100)).code).toBe(5);
  });
});

describe('hecErrorBody', () => {
  it("answers in HEC's codes", () => {
    expect(hecErrorBody(400, 'Event field is required', new HecError('Event field is required', 12, 3))).toEqual({ text: 'Event field is required', code: 12, 'invalid-event-number': 3 });
    expect(hecErrorBody(401, 'An API key is required: ...', undefined)).toEqual({ text: 'Token is required', code: 2 });
    expect(hecErrorBody(401, 'The API key is not valid or has been revoked', undefined)).toEqual({ text: 'Invalid token', code: 4 });
    expect(hecErrorBody(429, 'backlog', undefined)).toEqual({ text: 'Server is busy', code: 9, reason: 'backlog' });
    expect(hecErrorBody(503, 'store down', undefined)).toMatchObject({ code: 9 });
    expect(hecErrorBody(500, 'x', undefined)).toEqual({ text: 'Internal server error', code: 8 });
    expect(hecErrorBody(413, 'too large', undefined)).toEqual({ text: 'too large', code: 6 });
  });
});

describe("parseHecEvents with Splunk's logging libraries' envelope", () => {
  it('reads {message: {...}, severity} as the payload with severity as its level', () => {
    const { logs } = parseHecEvents(events({ event: { message: { message: 'refund', service: 'billing', order: 7 }, severity: 'warn' }, host: 'h' }), 100);
    expect(logs[0]).toEqual({ source: LogSource.Splunk, content: { message: 'refund', attributes: { service: 'billing', order: 7, host: 'h' }, level: 'warn', service: 'billing' }, timestamp: undefined });
  });

  it('leaves an event with other fields beside message as it is', () => {
    const { logs } = parseHecEvents(events({ event: { message: { a: 1 }, severity: 'warn', extra: true } }), 100);
    expect(logs[0].content).toEqual({ attributes: { message: { a: 1 }, severity: 'warn', extra: true }, level: 'warn' });
  });
});
