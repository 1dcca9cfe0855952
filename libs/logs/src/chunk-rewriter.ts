// Rewrites chunks under their hour's lock: merging small ones (compaction), and removing
// records (erasure, retention). A rewrite writes the new chunks first, the last naming what it
// replaces, then deletes the old ones; readers trust the newest and skip repeated ids.
import { Injectable } from '@nestjs/common';
import type { ChunkEntry } from './chunk';
import { ChunkCatalog } from './chunk-catalog';
import { ChunkStore } from './chunk.store';
import { HourLocks } from './hour-locks';
import type { StoredLogRecord } from './log-record.types';

@Injectable()
export class ChunkRewriter {
  constructor(
    private readonly store: ChunkStore,
    private readonly catalog: ChunkCatalog,
    private readonly locks: HourLocks,
  ) {}

  /** Runs `work` with the hour's rewrite lock and its live entries as the store has them now. */
  async inHour<T>(hour: string, work: (entries: ChunkEntry[]) => Promise<T>): Promise<T> {
    try {
      return await this.locks.withLock(hour, async () => {
        const { live, dead } = await this.store.entries(hour);
        // A rewrite that stopped before deleting what it replaced: finish it.
        await this.store.remove(dead);
        return work(live);
      });
    } finally {
      this.catalog.invalidate(hour);
    }
  }

  /** Replaces `entries` (all of one hour, the lock held) by chunks of `records`, at most `maxRecords` each. */
  async replace(hour: string, entries: readonly ChunkEntry[], records: StoredLogRecord[], maxRecords: number): Promise<ChunkEntry[]> {
    const sorted = [...records].sort((a, b) => a.timestamp.getTime() - b.timestamp.getTime());
    const written: ChunkEntry[] = [];
    for (let i = 0; i < sorted.length; i += maxRecords) {
      const last = i + maxRecords >= sorted.length;
      written.push(await this.store.write(sorted.slice(i, i + maxRecords), { tier: 'chunks', hour, ...(last ? { replaces: entries.map((e) => e.id) } : {}) }));
    }
    await this.store.remove(entries);
    return written;
  }

  /** Removes the records matching `drop` from a chunk (the lock held); resolves to how many went. */
  async removeRecords(entry: ChunkEntry, drop: (record: StoredLogRecord) => boolean, maxRecords: number): Promise<number> {
    const records = await this.store.read(entry);
    if (!records) return 0;
    const kept = records.filter((record) => !drop(record));
    if (kept.length === records.length) return 0;
    await this.replace(entry.hour, [entry], kept, maxRecords);
    return records.length - kept.length;
  }
}
