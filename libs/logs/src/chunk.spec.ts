import { attributeItem, bloomMayMatch, decodeRecords, encodeRecords, summariseChunk, trigramItem, trigrams } from './chunk';
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
});
