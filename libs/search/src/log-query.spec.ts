import { countStats } from './bucket-counts';
import { parseLogQuery, QueryError } from './log-query';
import { matchesLogQuery } from './log-query.filter';
import { decodeCursor, encodeCursor } from './page-cursor';
import { parseTimeBound } from './time-bound';

const now = new Date('2026-11-29T12:00:00Z');

describe('parseLogQuery', () => {
  it('reads every filter', () => {
    const query = parseLogQuery({ from: '15m', to: 'now', level: ['ERROR', 'warn'], service: 'auth', q: 'a.c', 'attr.user.id': '7', limit: '10' }, { now });
    expect(query).toMatchObject({ from: new Date('2026-11-29T11:45:00Z'), to: now, levels: ['error', 'warn'], services: ['auth'], text: 'a.c', limit: 10, attributes: [{ path: ['user', 'id'], value: '7' }] });
  });

  it.each([
    [{ level: { $ne: 'x' } }, /plain value/],
    [{ 'attr.a': ['x', { $gt: '' }] }, /plain value/],
    [{ 'level[$ne]': 'x' }, /Unknown query parameter/],
    [{ q: ['a', 'b'] }, /once/],
    [{ limit: '2.5' }, /limit/],
    [{ 'attr.a\u0000b': '1' }, /attr\.a\\u0000b.*control characters/],
    [{ 'attr.a..b': '1' }, /1-64 characters/],
    [{ 'attr.': '1' }, /1-64 characters/],
    [{ [`attr.${'k'.repeat(65)}`]: '1' }, /1-64 characters/],
  ])('refuses %j', (params, message) => {
    expect(() => parseLogQuery(params, { now })).toThrow(QueryError);
    expect(() => parseLogQuery(params, { now })).toThrow(message);
  });

  it('matches q literally, whatever it holds', () => {
    const record = (message: string) => ({ timestamp: now, content: { message } });
    expect(matchesLogQuery(record('xA.C*y'), parseLogQuery({ q: 'a.c*' }, { now }))).toBe(true);
    expect(matchesLogQuery(record('abc'), parseLogQuery({ q: 'a.c*' }, { now }))).toBe(false);
  });
});

describe('matchesLogQuery agrees with the filters', () => {
  const record = { timestamp: now, level: 'error', service: 'auth', content: { message: 'Login FAILED', attributes: { http: { status: 401 }, tags: ['a', 'b'] } } };
  it.each([
    [{ level: 'error' }, true],
    [{ level: 'info' }, false],
    [{ q: 'failed' }, true],
    [{ q: 'fail.d' }, false],
    [{ 'attr.http.status': '401' }, true],
    [{ 'attr.http.status': '402' }, false],
    [{ 'attr.tags': 'b' }, true],
    [{ from: '1m' }, true],
  ])('%j → %s', (params, expected) => expect(matchesLogQuery(record, parseLogQuery(params, { now: new Date(now.getTime() + 1000) }))).toBe(expected));
});

describe('time bounds and cursors', () => {
  it('parses ISO and relative times, refuses others', () => {
    expect(parseTimeBound('2h', now)).toEqual(new Date('2026-11-29T10:00:00Z'));
    expect(parseTimeBound('2026-11-29T10:00:00Z', now)).toEqual(new Date('2026-11-29T10:00:00Z'));
    expect(parseTimeBound('yesterday', now)).toBeNull();
    expect(parseTimeBound('2026-13-45', now)).toBeNull();
    // Found by the fuzzer: 999999 weeks back is year -17000, which is no ISO 8601 time.
    expect(parseTimeBound('999999w', now)).toBeNull();
  });

  it('round-trips a cursor and refuses forged ones', () => {
    const cursor = { timestamp: now, id: '64f64e0e924b81b597ca24f1' };
    expect(decodeCursor(encodeCursor(cursor))).toEqual(cursor);
    expect(decodeCursor(Buffer.from('1_{"$gt":1}').toString('base64url'))).toBeNull();
  });
});

describe('countStats', () => {
  it('buckets by level, counts services and rules, keeps empty buckets', () => {
    const at = (m: number) => new Date(now.getTime() + m * 60_000);
    const stats = countStats(
      [
        { timestamp: at(0), level: 'info', service: 'a', findings: [{ rule: 'email', count: 2 }] },
        { timestamp: at(0.5), level: 'error', service: 'a' },
        { timestamp: at(2), level: 'info', service: 'b', findings: [{ rule: 'email', count: 1 }, { rule: 'iban', count: 1 }] },
      ],
      at(0),
      at(2.5),
      60_000,
    );
    expect(stats.buckets.map((b) => [b.total, b.byLevel])).toEqual([[2, { info: 1, error: 1 }], [0, {}], [1, { info: 1 }]]);
    expect(stats.byService).toEqual({ a: 2, b: 1 });
    expect(stats.topRedactionRules).toEqual([{ rule: 'email', count: 3 }, { rule: 'iban', count: 1 }]);
  });

  it('counts levels and services named like Object.prototype members as plain words', () => {
    const stats = countStats(
      ['constructor', 'constructor', '__proto__', 'toString'].map((word) => ({ timestamp: now, level: word, service: word })),
      now,
      now,
      60_000,
    );
    expect(JSON.stringify(stats.byLevel)).toBe('{"constructor":2,"__proto__":1,"toString":1}');
    expect(JSON.stringify(stats.byService)).toBe('{"constructor":2,"__proto__":1,"toString":1}');
  });
});
