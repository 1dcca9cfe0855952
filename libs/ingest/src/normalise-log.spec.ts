// One record as the API reads it: the seed's {"log_data": ...}, the native record, and the
// timestamps it accepts; each refusal names its field, and a record refused alone leaves the
// others of its batch.
import { normaliseNative, normaliseRecord, normaliseSeed, parseTimestamp, readEach, RecordError } from './normalise-log';

const HOUR = 3_600_000;

describe('parseTimestamp', () => {
  const at = Date.UTC(2026, 10, 3, 10, 0, 0, 123);

  it.each([
    ['epoch seconds', at / 1000],
    ['epoch milliseconds', at],
    ['epoch nanoseconds', at * 1e6],
    ['epoch milliseconds as digits', String(at)],
    ['epoch seconds as digits', String(Math.floor(at / 1000))],
    ['ISO 8601', new Date(at).toISOString()],
  ])('reads %s', (_what, value) => {
    const parsed = parseTimestamp(value);
    expect(parsed).toBeDefined();
    expect(Math.abs(parsed!.getTime() - at)).toBeLessThan(1000);
  });

  it('tells seconds, milliseconds and nanoseconds apart at their edges', () => {
    // 1e11 seconds would be the year 5138: at and past 1e11 a number is milliseconds.
    expect(parseTimestamp(99_999_999_999)).toBeUndefined();
    expect(parseTimestamp(100_000_000_000)).toBeUndefined(); // 1973 in milliseconds: before 2000
    expect(parseTimestamp(1_000_000_000_000)?.getTime()).toBe(1_000_000_000_000); // 2001, milliseconds
    expect(parseTimestamp(1e18)?.getTime()).toBe(1_000_000_000_000); // 2001, in nanoseconds
  });

  it('takes 2000-01-01 and up to a day ahead, nothing outside', () => {
    const earliest = Date.UTC(2000, 0, 1);
    expect(parseTimestamp(new Date(earliest).toISOString())?.getTime()).toBe(earliest);
    expect(parseTimestamp(new Date(earliest - 1).toISOString())).toBeUndefined();
    expect(parseTimestamp(new Date(Date.now() + 23 * HOUR).toISOString())).toBeDefined();
    expect(parseTimestamp(new Date(Date.now() + 25 * HOUR).toISOString())).toBeUndefined();
  });

  it.each([[''], ['  '], ['yesterday'], ['12ab'], [null], [true], [{}], [Number.NaN], [Number.POSITIVE_INFINITY]])('refuses %j', (value) => {
    expect(parseTimestamp(value)).toBeUndefined();
  });
});

describe('the seed shape', () => {
  it('reads a line as the message, and refuses an empty one', () => {
    expect(normaliseSeed('disk full')).toEqual({ source: 'json', content: { message: 'disk full' } });
    expect(() => normaliseSeed('  ')).toThrow(new RecordError('Field "log_data" must not be empty'));
  });

  it('reads message, level, service and time from an object, and keeps it whole as attributes', () => {
    const logData = { message: 'm', level: 'WARNING', service: 'billing', ts: '2026-11-03T10:00:00Z', user: 'u1' };
    expect(normaliseSeed(logData)).toEqual({ source: 'json', content: { attributes: logData, message: 'm', level: 'warn', service: 'billing' }, timestamp: new Date('2026-11-03T10:00:00Z') });
  });

  it('leaves out what it cannot use, rather than refusing', () => {
    const logData = { message: 7, level: 'not a level!', service: 's'.repeat(129), time: 'soon' };
    expect(normaliseSeed(logData)).toEqual({ source: 'json', content: { attributes: logData }, timestamp: undefined });
    expect(normaliseSeed({ service: 's'.repeat(128) }).content.service).toHaveLength(128);
  });

  it.each([[7], [null], [['a']]])('refuses log_data %j', (logData) => {
    expect(() => normaliseSeed(logData)).toThrow(new RecordError('Field "log_data" must be an object or a string'));
  });

  it('takes no other top-level field beside log_data', () => {
    expect(() => normaliseRecord({ log_data: 'x', level: 'info' })).toThrow(new RecordError('a {"log_data": ...} record takes no other top-level fields'));
  });
});

describe('the native record', () => {
  const traceId = 'AB'.repeat(16);
  const spanId = 'cd'.repeat(8);

  it('reads every field, lower-cases ids and keeps unknown fields as attributes', () => {
    expect(normaliseNative({ message: 'm', level: 'error', service: 'auth', trace_id: traceId, span_id: spanId, timestamp: '2026-11-03T10:00:00Z', attributes: { a: 1 }, region: 'eu' })).toEqual({
      source: 'native',
      content: { message: 'm', level: 'error', service: 'auth', trace_id: traceId.toLowerCase(), span_id: spanId, attributes: { region: 'eu', a: 1 } },
      timestamp: new Date('2026-11-03T10:00:00Z'),
    });
  });

  it.each([
    [{ message: 5 }, '"message" must be a string'],
    [{ message: 'm', attributes: ['a'] }, '"attributes" must be an object'],
    [{ message: 'm', attributes: null }, '"attributes" must be an object'],
    [{ message: 'm', level: 'not a level!' }, '"level" must be a word of 1-16 letters or a level number (syslog 0-7, pino 10-60)'],
    [{ message: 'm', service: '' }, '"service" must be a string of 1-128 characters'],
    [{ message: 'm', service: 's'.repeat(129) }, '"service" must be a string of 1-128 characters'],
    [{ message: 'm', service: 7 }, '"service" must be a string of 1-128 characters'],
    [{ message: 'm', trace_id: 'ab'.repeat(15) }, '"trace_id" must be 32 hex digits'],
    [{ message: 'm', trace_id: `x${'a'.repeat(31)}` }, '"trace_id" must be 32 hex digits'],
    [{ message: 'm', trace_id: 5 }, '"trace_id" must be 32 hex digits'],
    [{ message: 'm', span_id: 'ab'.repeat(7) }, '"span_id" must be 16 hex digits'],
    [{ message: 'm', span_id: `${'a'.repeat(16)}0` }, '"span_id" must be 16 hex digits'],
    [{ message: 'm', timestamp: 'soon' }, '"timestamp" must be an ISO 8601 date or epoch time after 2000 and not in the future'],
    [{ message: '  ' }, 'a record needs a non-empty "message" or "attributes"'],
    [{ message: '', attributes: {} }, 'a record needs a non-empty "message" or "attributes"'],
  ])('refuses %j', (record, reason) => {
    expect(() => normaliseNative(record)).toThrow(new RecordError(reason));
  });

  it('takes a record of attributes alone, or of a message alone, and a service of 128 characters', () => {
    expect(normaliseNative({ attributes: { a: 1 } }).content).toEqual({ attributes: { a: 1 } });
    expect(normaliseNative({ message: 'm' }).content).toEqual({ message: 'm' });
    expect(normaliseNative({ message: 'm', service: 's'.repeat(128) }).content.service).toHaveLength(128);
    // An unknown field is content too: a record of one is not empty.
    expect(normaliseNative({ message: '', region: 'eu' }).content).toEqual({ message: '', attributes: { region: 'eu' } });
  });

  it('needs a message or attributes (or a known logger shape) to be read as native', () => {
    expect(() => normaliseRecord({ level: 'info' })).toThrow(/Field "log_data" is required/);
    expect(() => normaliseRecord('a line')).toThrow(new RecordError('a record must be a JSON object'));
  });
});

describe('readEach', () => {
  it('refuses a record alone, by its index, and rethrows anything else', () => {
    const read = (line: string) => {
      if (line === '') throw new RecordError('an empty line is refused');
      return normaliseSeed(line);
    };
    expect(readEach(['a', '', 'b'], read)).toEqual({ logs: [normaliseSeed('a'), normaliseSeed('b')], rejected: [{ index: 1, reason: 'an empty line is refused' }] });
    expect(() =>
      readEach(['a'], () => {
        throw new TypeError('a bug');
      }),
    ).toThrow(TypeError);
  });
});
