// What keeps a read's memory and a slow or gone client bounded.
import { Writable } from 'node:stream';
import type { StoredLogRecord } from '@app/logs';
import { drainedOrClosed } from './drained';
import { withinBytes } from './log-search.service';
import { StreamsPerKey } from './streams-per-key';

describe('read bounds', () => {
  it('a page stops before its content passes the byte bound, keeping at least one record', () => {
    const record = (n: number, size: number) => ({ id: String(n), content: { message: 'x'.repeat(size) } }) as unknown as StoredLogRecord;
    const records = [record(1, 400), record(2, 400), record(3, 400)];
    expect(withinBytes(records, 1000).map((r) => r.id)).toEqual(['1', '2']);
    expect(withinBytes([record(1, 5000), record(2, 10)], 1000).map((r) => r.id)).toEqual(['1']);
    expect(withinBytes(records, 10_000)).toHaveLength(3);
  });

  it('a wait for drain ends when the client goes away instead', async () => {
    const stalled = new Writable({ highWaterMark: 4, write: () => undefined }); // never calls back: never drains
    expect(stalled.write('more than four bytes')).toBe(false);
    const waiting = drainedOrClosed(stalled);
    stalled.destroy();
    await expect(waiting).resolves.toBe(false);
  });

  it('gives each key its own streams, and takes them back once', () => {
    const streams = new StreamsPerKey(2);
    const a1 = streams.take('a');
    expect(streams.take('a')).toBeDefined();
    expect(streams.take('a')).toBeUndefined();
    expect(streams.take('b')).toBeDefined();
    a1!();
    a1!();
    expect(streams.take('a')).toBeDefined();
    expect(streams.take('a')).toBeUndefined();
  });
});
