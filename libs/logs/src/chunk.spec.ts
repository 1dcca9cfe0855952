import { deflateRawSync } from 'node:zlib';
import { attributeItem, bloomMayMatch, decodeRecords, encodeRecords, inflateChunk, summariseChunk, trigramItem, trigrams } from './chunk';
import { LogSource, LogStatus } from './log-record.schema';
import type { StoredLogRecord } from './log-record.types';
import { logIdOf, newGroup } from './placement';

const group = newGroup(new Date('2026-12-03T10:00:00Z'));
const record = (index: number, ts: string, fields: Partial<StoredLogRecord> = {}): StoredLogRecord => ({
  id: logIdOf(group.key, index),
  taskId: 't',
  status: LogStatus.Processed,
  source: LogSource.Native,
  receivedAt: new Date('2026-12-03T10:00:00Z'),
  timestamp: new Date(ts),
  processedAt: new Date('2026-12-03T10:00:01Z'),
  ...fields,
});

describe('chunks', () => {
  const records = [
    record(0, '2026-12-03T09:59:30Z', { level: 'info', service: 'auth', content: { message: 'Login OK for user', attributes: { user: { id: 42 }, tags: ['a', 'b'] } }, findings: [{ rule: 'email', path: '$.message', count: 2 }] }),
    record(1, '2026-12-03T10:00:10Z', { level: 'error', service: 'billing', content: { message: 'charge failed', attributes: { 'a.b': true } } }),
    record(2, '2026-12-03T10:01:10Z', { content: { message: 'no level' } }),
  ];

  it('encodes and decodes records whole, dates included', () => {
    expect(decodeRecords(encodeRecords(records))).toEqual(records);
  });

  it('writes a record a line, and parses only the lines a filter keeps', () => {
    const lines = inflateChunk(encodeRecords(records)).split('\n');
    expect(lines).toHaveLength(3);
    expect(JSON.parse(lines[1])).toMatchObject({ id: records[1].id, timestamp: records[1].timestamp.getTime() });
    expect(decodeRecords(encodeRecords(records), (line) => line.includes('charge'))).toEqual([records[1]]);
    expect(decodeRecords(encodeRecords([]))).toEqual([]);
  });

  it('still reads chunks written as one JSON array, whole whatever the filter', () => {
    const legacy = deflateRawSync(Buffer.from(JSON.stringify(inflateChunk(encodeRecords(records)).split('\n').map((line) => JSON.parse(line)))));
    expect(decodeRecords(legacy)).toEqual(records);
    expect(decodeRecords(legacy, () => false)).toEqual(records);
  });

  it('summarises time ranges and counts by level, service, rule and minute', () => {
    const { entry, keys } = summariseChunk(records, { id: 'c1', hour: '2026120310', tier: 'heads', bytes: 10, writtenAt: new Date() });
    expect(entry).toMatchObject({ count: 3, minTs: records[0].timestamp, maxTs: records[2].timestamp });
    expect(Object.fromEntries(entry.levels)).toEqual({ info: 1, error: 1, '': 1 });
    expect(Object.fromEntries(entry.services)).toEqual({ auth: 1, billing: 1 });
    expect(Object.fromEntries(entry.rules)).toEqual({ email: 2 });
    const minute = (iso: string) => Math.floor(Date.parse(iso) / 60_000);
    expect(entry.minutes).toEqual([
      [minute('2026-12-03T09:59:00Z'), 'info', 1],
      [minute('2026-12-03T10:00:00Z'), 'error', 1],
      [minute('2026-12-03T10:01:00Z'), '', 1],
    ]);
    expect(keys.groups).toEqual([group.key]);
  });

  it('blooms message trigrams (any case) and attribute pairs reached through objects', () => {
    const { keys } = summariseChunk(records, { id: 'c1', hour: '2026120310', tier: 'heads', bytes: 10, writtenAt: new Date() });
    const has = (...alternatives: string[]) => bloomMayMatch(keys, [alternatives]);
    expect(trigrams('LOGin').map(trigramItem).every((item) => has(item))).toBe(true);
    expect(has(attributeItem(['user', 'id'], '42'))).toBe(true);
    expect(has(attributeItem(['tags'], 'b'))).toBe(true);
    expect(has(attributeItem(['a.b'], 'true'))).toBe(true);
    expect(has(attributeItem(['user', 'id'], '43'))).toBe(false);
    expect(trigrams('zebra').map(trigramItem).every((item) => has(item))).toBe(false);
    expect(bloomMayMatch(keys, [])).toBe(true);
  });

  it('takes every trigram, lowercased, and keys an attribute pair by its whole path (the stored bloom format)', () => {
    expect(trigrams('AbCd')).toEqual(['abc', 'bcd']);
    expect(trigrams('ab')).toEqual([]);
    expect(attributeItem(['user', 'id'], '42')).toBe('auser\u0001id=42');
    expect(attributeItem(['a', 'b'], 'x')).not.toBe(attributeItem(['ab'], 'x'));
  });

  it('blooms attribute leaves at paths of up to eight names and values up to 256 characters; arrays give only their scalars', () => {
    const nested = (depth: number): Record<string, unknown> => (depth === 0 ? { leaf: 'v' } : { [`l${depth}`]: nested(depth - 1) });
    const path = (depth: number) => [...Array.from({ length: depth }, (_, i) => `l${depth - i}`), 'leaf'];
    const attributes = { deep6: nested(6), deep7: nested(7), long: 'x'.repeat(256), longer: 'y'.repeat(257), list: [null, 3, { inner: 'no' }] };
    const { keys } = summariseChunk([record(0, '2026-12-03T10:00:00Z', { content: { attributes } })], { id: 'c', hour: '2026120310', tier: 'heads', bytes: 1, writtenAt: new Date() });
    const has = (item: string) => bloomMayMatch(keys, [[item]]);
    expect(has(attributeItem(['deep6', ...path(6)], 'v'))).toBe(true); // a path of 8 names
    expect(has(attributeItem(['deep7', ...path(7)], 'v'))).toBe(false); // 9
    expect(has(attributeItem(['long'], 'x'.repeat(256)))).toBe(true);
    expect(has(attributeItem(['longer'], 'y'.repeat(257)))).toBe(false);
    expect(has(attributeItem(['list'], 'null'))).toBe(true);
    expect(has(attributeItem(['list'], '3'))).toBe(true);
    expect(has(attributeItem(['list'], '[object Object]'))).toBe(false);
    expect(has(attributeItem(['list', 'inner'], 'no'))).toBe(false);
    expect(has(attributeItem([], 'undefined'))).toBe(false);
  });

  it('keeps the range of processing times, and what a rewritten chunk replaces', () => {
    const processed = [
      record(0, '2026-12-03T10:00:00Z', { processedAt: new Date('2026-12-03T10:00:05Z') }),
      record(1, '2026-12-03T10:00:00Z', { processedAt: new Date('2026-12-03T10:00:02Z') }),
      record(2, '2026-12-03T10:00:00Z', { processedAt: undefined, receivedAt: new Date('2026-12-03T10:00:09Z') }),
    ];
    const meta = { id: 'c', hour: '2026120310', tier: 'chunks' as const, bytes: 1, writtenAt: new Date() };
    const { entry } = summariseChunk(processed, { ...meta, replaces: ['old-1', 'old-2'] });
    expect(entry.minProcessedAt).toEqual(new Date('2026-12-03T10:00:02Z'));
    expect(entry.maxProcessedAt).toEqual(new Date('2026-12-03T10:00:09Z'));
    expect(entry.replaces).toEqual(['old-1', 'old-2']);
    expect('replaces' in summariseChunk(processed, { ...meta, replaces: [] }).entry).toBe(false);
  });

  it('blooms a null attribute as text, nothing for a record without attributes, and takes ids of no group', () => {
    const odd = [record(0, '2026-12-03T10:00:00Z', { content: { attributes: { gone: null } } }), { ...record(1, '2026-12-03T10:00:00Z', { content: { message: 'bare' } }), id: 'legacy-id' }];
    const { entry, keys } = summariseChunk(odd, { id: 'c', hour: '2026120310', tier: 'heads', bytes: 1, writtenAt: new Date() });
    expect(bloomMayMatch(keys, [[attributeItem(['gone'], 'null')]])).toBe(true);
    expect(bloomMayMatch(keys, [[attributeItem([], 'undefined')]])).toBe(false);
    expect(keys.groups).toEqual([group.key]);
    expect(entry.count).toBe(2);
  });

  it('may match when there is no bloom; otherwise every list needs one of its items', () => {
    expect(bloomMayMatch(undefined, [['x']])).toBe(true);
    expect(bloomMayMatch({ id: 'c', groups: [] }, [['x']])).toBe(true);
    const { keys } = summariseChunk(records, { id: 'c1', hour: '2026120310', tier: 'heads', bytes: 10, writtenAt: new Date() });
    const present = attributeItem(['user', 'id'], '42');
    const absent = attributeItem(['user', 'id'], '43');
    expect(bloomMayMatch(keys, [[absent, present]])).toBe(true);
    expect(bloomMayMatch(keys, [[present], [absent]])).toBe(false);
  });
});
