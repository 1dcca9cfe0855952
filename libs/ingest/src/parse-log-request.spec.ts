import { LogSource } from '@app/logs';
import { IngestError } from './ingest-error';
import { parseLogRequest } from './parse-log-request';

const json = (value: unknown) => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value));
const failure = (fn: () => unknown): IngestError => {
  try {
    fn();
  } catch (error) {
    if (error instanceof IngestError) return error;
    throw error;
  }
  throw new Error('expected an IngestError');
};

describe('parseLogRequest', () => {
  it('reads the seed shape with an object', () => {
    const [log] = parseLogRequest('application/json', json({ log_data: { username: 'john_doe' } }));
    expect(log).toEqual({ source: LogSource.Json, logData: { username: 'john_doe' }, timestamp: undefined });
  });

  it('reads the seed shape with a string, and a charset parameter', () => {
    expect(parseLogRequest('application/json; charset=utf-8', json({ log_data: 'a line' }))).toEqual([
      { source: LogSource.Json, logData: 'a line', timestamp: undefined },
    ]);
  });

  it('reads a text/plain line (the seed silently dropped these)', () => {
    expect(parseLogRequest('text/plain', Buffer.from('disk full on /var\n'))).toEqual([{ source: LogSource.Text, logData: 'disk full on /var' }]);
  });

  it("keeps the client's timestamp when it is plausible", () => {
    const [log] = parseLogRequest('application/json', json({ log_data: { timestamp: '2026-11-01T10:00:00Z' } }));
    expect(log.timestamp?.toISOString()).toBe('2026-11-01T10:00:00.000Z');
    const [epoch] = parseLogRequest('application/json', json({ log_data: { ts: 1_790_000_000 } }));
    expect(epoch.timestamp?.getTime()).toBe(1_790_000_000_000);
    const [bogus] = parseLogRequest('application/json', json({ log_data: { time: 'yesterday' } }));
    expect(bogus.timestamp).toBeUndefined();
  });

  it.each([
    ['invalid JSON', 'application/json', '{"log_data": {', 400, /not valid JSON \(error at position \d+\)/],
    ['a JSON array', 'application/json', '[1]', 400, /JSON object with a "log_data" field/],
    ['missing log_data', 'application/json', '{"data": 1}', 400, /"log_data" is required/],
    ['log_data a number', 'application/json', '{"log_data": 5}', 400, /must be an object or a string/],
    ['log_data null', 'application/json', '{"log_data": null}', 400, /must be an object or a string/],
    ['log_data empty', 'application/json', '{"log_data": "  "}', 400, /must not be empty/],
    ['an empty body', 'application/json', '', 400, /empty/],
    ['a blank text body', 'text/plain', ' \n', 400, /empty/],
    ['a form body', 'application/x-www-form-urlencoded', 'a=b', 415, /application\/x-www-form-urlencoded is not supported/],
    ['no content type', undefined, 'x', 415, /\(none\) is not supported/],
  ])('refuses %s', (_, type, body, status, message) => {
    const error = failure(() => parseLogRequest(type, Buffer.from(body)));
    expect(error.status).toBe(status);
    expect(error.message).toMatch(message);
  });

  it('never echoes the body in an error', () => {
    const error = failure(() => parseLogRequest('application/json', Buffer.from('{"log_data": "hunter2-secret"')));
    expect(error.message).not.toContain('hunter2');
  });
});
