// Query parameters at their edges, one row each: every limit taken at itself and refused one
// past it with its message, statuses, unknown and repeated parameters, and time bounds at the
// ends of their range. Written from the mutants that survived `npm run test:mutation` on
// log-query.ts and time-bound.ts.
import { MAX_PAGE, parseLogQuery, QueryError, QueryStatus } from './log-query';
import { decodeCursor, encodeCursor } from './page-cursor';
import { parseTailEventId, tailEventId } from './tail-event-id';
import { parseDuration, parseTimeBound } from './time-bound';

const now = new Date('2026-12-03T12:00:00Z');
const parse = (params: Record<string, unknown>, extra: string[] = []) => parseLogQuery(params, { now, extra });
const many = (n: number, make: (i: number) => string) => Array.from({ length: n }, (_, i) => make(i));

describe('query limits: the limit taken, one past it refused with a message naming it', () => {
  it.each([
    ['level', { level: 'a'.repeat(16) }, { level: 'a'.repeat(17) }, /"level" must be a word of 1-16 letters/],
    ['level', { level: ['info', 'warn'] }, { level: ['info', 'warn1'] }, /"level"/],
    ['service', { service: 's'.repeat(128) }, { service: 's'.repeat(129) }, /"service" must be 1-128 characters/],
    ['service', { service: ['a', 'b'] }, { service: ['a', ''] }, /"service" must be 1-128/],
    ['q', { q: 'x' }, { q: '' }, /"q" must be 1-200 characters/],
    ['q', { q: 'x'.repeat(200) }, { q: 'x'.repeat(201) }, /"q" must be 1-200 characters/],
    ['limit', { limit: '1' }, { limit: '0' }, /"limit" must be a whole number from 1 to 1000/],
    ['limit', { limit: String(MAX_PAGE) }, { limit: String(MAX_PAGE + 1) }, /"limit"/],
    ['limit', { limit: '10' }, { limit: '2.5' }, /"limit"/],
    ['levels', { level: many(20, () => 'info') }, { level: many(21, () => 'info') }, /At most 20 values per filter/],
    ['services', { service: many(20, (i) => `s${i}`) }, { service: many(21, (i) => `s${i}`) }, /At most 20 values per filter/],
    ['attributes', { 'attr.user': many(20, (i) => `u${i}`) }, { 'attr.user': many(21, (i) => `u${i}`) }, /At most 20 values per filter/],
    ['attr path', { 'attr.a.b.c.d.e.f.g.h': 'x' }, { 'attr.a.b.c.d.e.f.g.h.i': 'x' }, /up to 8 dot-separated keys/],
    ['attr key', { [`attr.${'k'.repeat(64)}`]: 'x' }, { [`attr.${'k'.repeat(65)}`]: 'x' }, /1-64 characters/],
    ['from/to', { from: '2026-12-03T10:00:00Z', to: '2026-12-03T10:00:00Z' }, { from: '2026-12-03T10:00:01Z', to: '2026-12-03T10:00:00Z' }, /"from" must not be after "to"/],
  ])('%s: %j taken, %j refused', (_name, taken, refused, message) => {
    expect(() => parse(taken)).not.toThrow();
    expect(() => parse(refused)).toThrow(QueryError);
    expect(() => parse(refused)).toThrow(message);
  });

  it('keeps what it takes: levels lower-cased, services and attributes as sent', () => {
    expect(parse({ level: ['ERROR', 'Warn'], service: ['Checkout', 'x y'], 'attr.user.id': ['u1', 'u2'], limit: '7', q: 'Timed Out' })).toMatchObject({
      levels: ['error', 'warn'],
      services: ['Checkout', 'x y'],
      attributes: [
        { path: ['user', 'id'], value: 'u1' },
        { path: ['user', 'id'], value: 'u2' },
      ],
      limit: 7,
      text: 'Timed Out',
    });
  });
});

describe('statuses, unknown and repeated parameters', () => {
  it.each([[QueryStatus.Processed], [QueryStatus.Failed], [QueryStatus.Pending]])('takes status=%s', (status) => expect(parse({ status }).status).toBe(status));

  it('refuses another status, naming the three', () => {
    expect(() => parse({ status: 'done' })).toThrow('"status" must be processed, failed or pending');
  });

  it.each([['q', { q: 'x' }], ['level', { level: 'error' }], ['service', { service: 's' }], ['attr', { 'attr.user': 'u' }]])('refuses content filters (%s) on records not yet redacted', (_name, filter) => {
    expect(() => parse({ status: 'pending', ...filter })).toThrow(/Only processed logs can be filtered by content/);
    expect(() => parse({ status: 'failed', ...filter })).toThrow(/Only processed logs/);
    expect(() => parse({ status: 'processed', ...filter })).not.toThrow();
  });

  it('takes a pending query with only times', () => {
    expect(parse({ status: 'pending', from: '1h' })).toMatchObject({ status: QueryStatus.Pending, from: new Date(now.getTime() - 3_600_000) });
  });

  it.each([['from'], ['to'], ['status'], ['q'], ['limit'], ['cursor']])('refuses "%s" given twice', (name) => {
    expect(() => parse({ [name]: ['1h', '2h'] })).toThrow(`"${name}" may be given once`);
  });

  it('refuses an unknown parameter by name, and takes the caller\'s own', () => {
    expect(() => parse({ bucket: '1m' })).toThrow(/Unknown query parameter "bucket"; filters are from, to, level/);
    expect(parse({ bucket: '1m' }, ['bucket'])).toMatchObject({ levels: [], limit: 100 });
  });

  it('reads a cursor this API made, and refuses another', () => {
    const after = { timestamp: new Date('2026-12-03T11:00:00Z'), id: 'a'.repeat(24) };
    expect(parse({ cursor: encodeCursor(after) }).after).toEqual(after);
    expect(() => parse({ cursor: 'not-a-cursor' })).toThrow('"cursor" is not a cursor this API returned');
  });
});

describe('time bounds at their ends', () => {
  it.each([
    ['1970-01-01T00:00:00Z', 0],
    ['1969-12-31T23:59:59Z', null],
    ['9999-12-31T23:59:59Z', Date.parse('9999-12-31T23:59:59Z')],
    ['90s', now.getTime() - 90_000],
    ['15m', now.getTime() - 900_000],
    ['2h', now.getTime() - 7_200_000],
    ['7d', now.getTime() - 7 * 86_400_000],
    ['1w', now.getTime() - 604_800_000],
    ['now', now.getTime()],
    ['1y', null],
    ['-5m', null],
    ['1234567m', null],
  ])('%s → %s', (value, expected) => expect(parseTimeBound(value, now)?.getTime() ?? null).toBe(expected));

  it.each([['90s', 90_000], ['1m', 60_000], ['5m', 300_000], ['1h', 3_600_000], ['1d', 86_400_000], ['2w', 1_209_600_000], ['h', null], ['5 m', null]])('duration %s → %s', (value, expected) =>
    expect(parseDuration(value)).toBe(expected),
  );
});

describe('tail event ids and page cursors', () => {
  const position = { processedAt: new Date(1_796_000_000_123), id: '0123456789abcdef01234567' };

  it('round-trips a tail position, and refuses anything else', () => {
    expect(tailEventId(position)).toBe('1796000000123-0123456789abcdef01234567');
    expect(parseTailEventId(tailEventId(position))).toEqual(position);
    expect(parseTailEventId('0-000000000000000000000000')).toEqual({ processedAt: new Date(0), id: '0'.repeat(24) });
    for (const bad of [undefined, '', '1796000000123', '1796000000123-0123456789ABCDEF01234567', '1796000000123-0123456789abcdef0123456', '1234567890123456-0123456789abcdef01234567', ' 1-0123456789abcdef01234567', '1-0123456789abcdef01234567x']) {
      expect(parseTailEventId(bad)).toBeNull();
    }
  });

  it('round-trips a cursor, and refuses a forged or malformed one', () => {
    const cursor = { timestamp: new Date(1_796_000_000_123), id: '0123456789abcdef01234567' };
    expect(decodeCursor(encodeCursor(cursor))).toEqual(cursor);
    const forge = (text: string) => Buffer.from(text).toString('base64url');
    for (const bad of [forge('1796000000123_0123456789ABCDEF01234567'), forge('1796000000123-0123456789abcdef01234567'), forge('1234567890123456_0123456789abcdef01234567'), forge('1_0123456789abcdef01234567x'), 'not base64url!', 'a'.repeat(81), '']) {
      expect(decodeCursor(bad)).toBeNull();
    }
  });
});
