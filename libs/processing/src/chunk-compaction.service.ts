// Compaction: the small chunks a busy worker writes (heads) are merged, with the newest small
// merged chunk of their hour, into chunks of up to CHUNK_MAX_RECORDS, ordered by time. Run on
// a schedule once across workers; each hour under its rewrite lock. A head is merged once it
// has settled (its writer has moved on), so compaction never races a write it could miss.
import { Injectable, Logger } from '@nestjs/common';
import { loadEnv } from '@app/config';
import { ChunkRewriter, ChunkStore, HOUR_MS, hourKey, StoreCollections, StoreKind, type ChunkEntry, type StoredLogRecord } from '@app/logs';

/** A head is merged once it is this old. */
const SETTLE_MS = 2_000;

export interface CompactionReport {
  hours: number;
  merged: number;
  written: number;
}

@Injectable()
export class ChunkCompactionService {
  private readonly logger = new Logger(ChunkCompactionService.name);

  constructor(
    private readonly store: ChunkStore,
    private readonly rewriter: ChunkRewriter,
    private readonly collections: StoreCollections,
  ) {}

  async compact(now = new Date()): Promise<CompactionReport> {
    const report: CompactionReport = { hours: 0, merged: 0, written: 0 };
    const recent = [hourKey(new Date(now.getTime() - HOUR_MS)), hourKey(now)];
    // Hours with heads left (a worker or schedule was down), and the two newest.
    const hours = new Set([...(await this.collections.keys(StoreKind.Heads, { fresh: true })), ...recent]);
    for (const hour of [...hours].sort()) {
      const { merged, written } = await this.rewriter.inHour(hour, (entries) => this.compactHour(hour, entries, now));
      if (merged > 0) report.hours++;
      report.merged += merged;
      report.written += written;
    }
    if (report.merged > 0) this.logger.debug(`compaction merged ${report.merged} chunk(s) into ${report.written}`);
    return report;
  }

  private async compactHour(hour: string, entries: ChunkEntry[], now: Date): Promise<{ merged: number; written: number }> {
    const max = loadEnv().CHUNK_MAX_RECORDS;
    const heads = entries.filter((e) => e.tier === 'heads' && e.writtenAt.getTime() <= now.getTime() - SETTLE_MS);
    if (heads.length === 0) return { merged: 0, written: 0 };
    // The newest merged chunk of the hour, while it has room, grows rather than a new small one being made.
    const open = entries
      .filter((e) => e.tier === 'chunks' && e.count < max / 2)
      .sort((a, b) => b.writtenAt.getTime() - a.writtenAt.getTime())[0];
    const inputs = open ? [open, ...heads] : heads;
    const records: StoredLogRecord[] = [];
    const read: ChunkEntry[] = [];
    for (const entry of inputs) {
      const found = await this.store.read(entry);
      if (!found) continue;
      records.push(...found);
      read.push(entry);
    }
    const unique = [...new Map(records.map((r) => [r.id, r])).values()];
    const written = await this.rewriter.replace(hour, read, unique, max);
    return { merged: read.length, written: written.length };
  }
}
