import { LogSource } from '@app/logs';
import { IngestError } from './ingest-error';
import { parseLogRequest } from './parse-log-request';
import { thrown } from './thrown.spec-helper';

const body = (value: unknown) => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value));
const anHourAgo = new Date(Math.floor((Date.now() - 3_600_000) / 1000) * 1000);
const failure = (fn: () => unknown) => thrown(fn, IngestError);

describe('parseLogRequest', () => {
  it('reads the seed shape with an object into attributes, lifting message, level and service', () => {
    const { logs, single } = parseLogRequest('application/json', body({ log_data: { username: 'john_doe', level: 'WARN', service: 'auth', message: 'hi' } }));
    expect(single).toBe(true);
    expect(logs).toEqual([
      {
        source: LogSource.Json,
        content: { attributes: { username: 'john_doe', level: 'WARN', service: 'auth', message: 'hi' }, message: 'hi', level: 'warn', service: 'auth' },
        timestamp: undefined,
      },
    ]);
  });

  it('reads the seed shape with a string, and a charset parameter', () => {
    expect(parseLogRequest('application/json; charset=utf-8', body({ log_data: 'a line' })).logs).toEqual([{ source: LogSource.Json, content: { message: 'a line' } }]);
  });

  it('reads a text/plain line (the seed silently dropped these)', () => {
    expect(parseLogRequest('text/plain', Buffer.from('disk full on /var\n')).logs).toEqual([{ source: LogSource.Text, content: { message: 'disk full on /var' } }]);
  });

  it('reads a native record, keeping unknown fields in attributes', () => {
    const [log] = parseLogRequest(
      'application/json',
      body({ timestamp: anHourAgo.toISOString(), level: 'Error', service: 'auth', message: 'm', attributes: { a: 1 }, trace_id: 'AB'.repeat(16), span_id: 'cd'.repeat(8), host: 'h1' }),
    ).logs;
    expect(log).toEqual({
      source: LogSource.Native,
      content: { message: 'm', attributes: { host: 'h1', a: 1 }, level: 'error', service: 'auth', trace_id: 'ab'.repeat(16), span_id: 'cd'.repeat(8) },
      timestamp: anHourAgo,
    });
  });

  it("keeps the client's timestamp when it is plausible", () => {
    const seconds = Math.floor(anHourAgo.getTime() / 1000);
    const [epoch] = parseLogRequest('application/json', body({ log_data: { ts: seconds } })).logs;
    expect(epoch.timestamp?.getTime()).toBe(seconds * 1000);
    const [nanos] = parseLogRequest('application/json', body(`{"message":"x","timestamp":${seconds * 1000 + 123}456789}`)).logs;
    expect(nanos.timestamp?.getTime()).toBe(seconds * 1000 + 123);
    const [bogus] = parseLogRequest('application/json', body({ log_data: { time: 'yesterday' } })).logs;
    expect(bogus.timestamp).toBeUndefined();
  });

  it('refuses, one by one with the reason, records timed outside the window the server takes', () => {
    const old = new Date(Date.now() - 169 * 3_600_000).toISOString();
    const ahead = new Date(Date.now() + 11 * 60_000).toISOString();
    const { logs, rejected } = parseLogRequest('application/json', body([{ message: 'old', timestamp: old }, { message: 'fine' }, { message: 'ahead', timestamp: ahead }, { message: 'a week less an hour', timestamp: new Date(Date.now() - 167 * 3_600_000).toISOString() }]));
    expect(logs.map((l) => l.content.message)).toEqual(['fine', 'a week less an hour']);
    expect(rejected).toEqual([
      { index: 0, reason: expect.stringMatching(/more than 168 hours old.*EVENT_TIME_MAX_AGE_HOURS/) },
      { index: 2, reason: expect.stringMatching(/more than 600 seconds ahead.*EVENT_TIME_MAX_AHEAD_SECONDS/) },
    ]);
    expect(() => parseLogRequest('application/json', body({ message: 'old', timestamp: old }))).toThrow(/more than 168 hours old/);
  });

  it('accepts the valid records of a JSON array and reports the others by index', () => {
    const { logs, rejected, single } = parseLogRequest('application/json', body([{ message: 'ok' }, { level: 'warn' }, 'nope', { log_data: 'seed' }, { message: 'x', level: 'not a level!' }]));
    expect(single).toBe(false);
    expect(logs.map((l) => l.content.message)).toEqual(['ok', 'seed']);
    expect(rejected).toEqual([
      { index: 1, reason: expect.stringMatching(/"log_data" is required/) },
      { index: 2, reason: 'a record must be a JSON object' },
      { index: 4, reason: '"level" must be a word of 1-16 letters or a level number (syslog 0-7, pino 10-60)' },
    ]);
  });

  it('reads NDJSON, a line that is not JSON rejected alone', () => {
    const { logs, rejected } = parseLogRequest('application/x-ndjson', Buffer.from('{"message":"a"}\n\n{"message":\n{"log_data":{"k":1}}\n'));
    expect(logs).toHaveLength(2);
    expect(rejected).toEqual([{ index: 1, reason: 'line is not valid JSON' }]);
  });

  it('refuses a batch over the record cap with 413', () => {
    const error = failure(() => parseLogRequest('application/json', body([{ message: 'a' }, { message: 'b' }, { message: 'c' }]), 2));
    expect(error.status).toBe(413);
    expect(error.message).toBe('The batch holds 3 records; the limit is 2');
  });

  it('refuses a batch with no valid record, listing why', () => {
    const error = failure(() => parseLogRequest('application/json', body([1, 2])));
    expect(error.status).toBe(400);
    expect(error.errors).toHaveLength(2);
  });

  it.each([
    ['invalid JSON', 'application/json', '{"log_data": {', 400, /not valid JSON \(error at position \d+\)/],
    ['a JSON number', 'application/json', '7', 400, /JSON object \(a record\), or an array/],
    ['missing log_data', 'application/json', '{"data": 1}', 400, /"log_data" is required/],
    ['log_data a number', 'application/json', '{"log_data": 5}', 400, /must be an object or a string/],
    ['log_data null', 'application/json', '{"log_data": null}', 400, /must be an object or a string/],
    ['log_data empty', 'application/json', '{"log_data": "  "}', 400, /must not be empty/],
    ['log_data with other fields', 'application/json', '{"log_data": "x", "secret-field-name": 1}', 400, /no other top-level fields/],
    ['an empty body', 'application/json', '', 400, /empty/],
    ['an empty array', 'application/json', '[]', 400, /no records/],
    ['a blank text body', 'text/plain', ' \n', 400, /empty/],
    ['a form body', 'application/x-www-form-urlencoded', 'a=b', 415, /application\/x-www-form-urlencoded is not supported; .*curl -d sends form data/],
    ['a form body with one JSON-ish line', 'application/x-www-form-urlencoded', '{"message": "x"', 415, /curl -d sends form data/],
    ['no content type', undefined, 'x', 415, /\(none\) is not supported/],
  ])('refuses %s', (_, type, payload, status, message) => {
    const error = failure(() => parseLogRequest(type, Buffer.from(payload)));
    expect(error.status).toBe(status);
    expect(error.message).toMatch(message);
  });

  it("reads curl -d's form-labelled body as the JSON or NDJSON it is", () => {
    const one = parseLogRequest('application/x-www-form-urlencoded', body({ message: 'from curl', level: 'warn' }));
    expect(one).toMatchObject({ single: true, logs: [{ source: LogSource.Native, content: { message: 'from curl', level: 'warn' } }] });
    const lines = parseLogRequest('application/x-www-form-urlencoded', body('{"message":"a"}\n{"message":"b"}\n'));
    expect(lines.logs.map((log) => log.content.message)).toEqual(['a', 'b']);
    expect(lines.single).toBe(false);
  });

  it('never echoes the body in an error', () => {
    const error = failure(() => parseLogRequest('application/json', Buffer.from('{"log_data": "hunter2-secret"')));
    expect(error.message).not.toContain('hunter2');
    const keyError = failure(() => parseLogRequest('application/json', Buffer.from('{"log_data": "x", "hunter2-key": 1}')));
    expect(keyError.message).not.toContain('hunter2');
  });
});

describe('record limits', () => {
  const body = (value: unknown) => Buffer.from(JSON.stringify(value));

  it('names the place too long without quoting a sensitive key', () => {
    const key = 'jane.doe' + '@example.com';
    const { rejected } = parseLogRequest('application/json', body([{ message: 'ok' }, { message: 'x', attributes: { [key]: 'y'.repeat(262_145) } }]));
    expect(rejected).toEqual([{ index: 1, reason: '$.attributes["[REDACTED:email]"] is 262145 characters long; a string may hold at most 262144' }]);
  });

  it('accepts a string of exactly the limit and nesting one level short of it', () => {
    let deep: unknown = 'leaf';
    for (let i = 0; i < 62; i++) deep = [deep];
    const { logs } = parseLogRequest('application/json', body({ message: 'm'.repeat(262_144), attributes: { deep } }));
    expect(logs).toHaveLength(1);
  });
});
