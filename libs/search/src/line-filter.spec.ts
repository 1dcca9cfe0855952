// The line filter may let a record through that does not match (it is parsed and matched in
// full), but must never drop one that does: every record that matchesLogQuery accepts has its
// encoded line kept, over values chosen to break a naive substring test.
import { encodeRecords, inflateChunk, LogSource, LogStatus, type StoredLogRecord } from '@app/logs';
import { lineFilterOf } from './line-filter';
import { parseLogQuery } from './log-query';
import { matchesLogQuery } from './log-query.filter';

const now = new Date('2026-12-03T12:00:00Z');

const record = (i: number, message: string, attributes: Record<string, unknown> = {}): StoredLogRecord => ({
  id: `0000000000000000000000${String(i).padStart(2, '0')}`,
  taskId: 'task',
  status: LogStatus.Processed,
  source: LogSource.Native,
  receivedAt: now,
  timestamp: now,
  processedAt: now,
  content: { message, attributes },
  findings: [],
  rulesetVersion: 1,
});

/** Each record's line, as a chunk stores it. */
const linesOf = (records: StoredLogRecord[]) => inflateChunk(encodeRecords(records)).split('\n');

// Messages whose JSON form differs from their text: quotes, backslashes, control characters,
// a capital sigma after an escape (lower-cased by its neighbour), a dotted capital I (two code
// units lower-cased), emoji (surrogate pairs), and plain ones.
const MESSAGES = ['say "hi" to C:\\Temp', 'tab\there\nnew line', 'ΟΔΟΣ\nΣΟΦΙΑ', 'ΟΔΟΣ', 'ΝΟΤΕ\nΣ', 'İstanbul office', 'KELVIN scale', 'deploy 🚀 done', 'plain quasar miss', 'u0022 is a quote', '\u0001control'];
const TEXTS = ['"hi"', 'c:\\temp', '\t', 'here\nnew', 'οδοσ', 'οδος', 'σοφ', 'Σ\nΣ', '\nσ', 'i̇stanbul', 'İSTANBUL', 'kelvin', '🚀', 'quasar', 'QUASAR', '\\', 'u0022', '\u0001', 'absent'];

describe('lineFilterOf', () => {
  const records = MESSAGES.map((message, i) => record(i, message, { user: `u${i}`, code: i, ok: i % 2 === 0, note: message, tags: [`t${i}`, i] }));
  const lines = linesOf(records);

  it.each(TEXTS)('q=%j: every matching record keeps its line', (text) => {
    const query = parseLogQuery({ q: text }, { now });
    const keep = lineFilterOf(query);
    records.forEach((r, i) => {
      if (matchesLogQuery(r, query)) expect(keep?.(lines[i]) ?? true).toBe(true);
    });
  });

  it.each([['user', 'u3'], ['code', '4'], ['code', '4.0'], ['code', '-0'], ['ok', 'true'], ['ok', 'false'], ['note', 'say "hi" to C:\\Temp'], ['note', 'ΟΔΟΣ\nΣΟΦΙΑ'], ['note', 'deploy 🚀 done'], ['tags', 't5'], ['tags', '7']])(
    'attr.%s=%j: every matching record keeps its line',
    (path, value) => {
      const query = parseLogQuery({ [`attr.${path}`]: value }, { now });
      const keep = lineFilterOf(query);
      let matched = 0;
      records.forEach((r, i) => {
        if (!matchesLogQuery(r, query)) return;
        matched++;
        expect(keep?.(lines[i]) ?? true).toBe(true);
      });
      expect(matched).toBeGreaterThan(0);
    },
  );

  it('drops the lines that cannot match, so a search parses few of a chunk', () => {
    const chunk = Array.from({ length: 200 }, (_, i) => record(i % 100, i === 150 ? 'cache QUASAR miss' : `GET /orders/${i} 200`, { user: `u${i}` }));
    const chunkLines = linesOf(chunk);
    expect(chunkLines.filter(lineFilterOf(parseLogQuery({ q: 'quasar' }, { now }))!)).toHaveLength(1);
    expect(chunkLines.filter(lineFilterOf(parseLogQuery({ 'attr.user': 'u42' }, { now }))!)).toHaveLength(1);
    // Both: a line needs each.
    expect(chunkLines.filter(lineFilterOf(parseLogQuery({ q: 'quasar', 'attr.user': 'u42' }, { now }))!)).toHaveLength(0);
    expect(chunkLines.filter(lineFilterOf(parseLogQuery({ q: 'quasar', 'attr.user': 'u150' }, { now }))!)).toHaveLength(1);
  });

  it('tests nothing a query does not ask, and skips a value it cannot find as written', () => {
    expect(lineFilterOf(parseLogQuery({ level: 'error', service: 'auth' }, { now }))).toBeUndefined();
    // An emoji is a surrogate pair: lower-cased or not it stays one, but a half of one would be escaped alone.
    expect(lineFilterOf(parseLogQuery({ q: '\uD83D' }, { now }))).toBeUndefined();
    expect(lineFilterOf(parseLogQuery({ 'attr.note': '\uDE80' }, { now }))).toBeUndefined();
  });
});
