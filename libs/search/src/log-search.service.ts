// Reads stored logs for search, export, stats and tail resume, hour by hour: a read touches
// only the partitions its time range covers, newest first, and stops once it has its page.
// Processed records only carry content; failed and pending ones are read without their
// sealed content.
import { Injectable } from '@nestjs/common';
import { PartitionedCollections, partitionKey, partitionsBetween, PartitionKind, PARTITION_MS, toStored, type LogRecord, type StoredLogRecord } from '@app/logs';
import { countStats, type LogStats, type StatsRow } from './bucket-counts';
import { QueryStatus, type LogQuery } from './log-query';
import { matchesLogQuery, toMongoFilter } from './log-query.filter';
import type { PageCursor } from './page-cursor';
import type { TailPosition } from './tail-event-id';

const NEWEST_FIRST = { timestamp: -1, _id: -1 } as const;
const WITHOUT_SEALED = { sealed: 0 } as const;
/** Most records one /stats call reads; past it the answer says `truncated`. */
export const STATS_MAX_RECORDS = 200_000;
/** A tail resume further behind than this is told to search instead. */
export const RESUME_MAX_RECORDS = 10_000;
/** Records of concurrent jobs can be published out of processing-time order by this much. */
const RESUME_SLACK_MS = 2_000;
/** A search without `from` covers the last day. */
export const DEFAULT_SEARCH_MS = 24 * 3_600_000;
/** A search without `to` reaches this far past now (clocks of senders run ahead). */
export const FUTURE_SKEW_MS = 3_600_000;
/** Tail resume reads records timestamped up to this long before they were processed. */
export const RESUME_LOOKBACK_MS = 3_600_000;

export interface SearchedRange {
  from: Date;
  to: Date;
}

export interface LogPage {
  records: StoredLogRecord[];
  next?: PageCursor;
  /** The time range searched, defaults filled in. */
  range: SearchedRange;
}

@Injectable()
export class LogSearchService {
  constructor(private readonly partitions: PartitionedCollections) {}

  /** The range a query searches: its own bounds, or the last day up to a little past now. */
  rangeOf(query: LogQuery, now = new Date()): SearchedRange {
    return {
      from: query.from ?? new Date(now.getTime() - DEFAULT_SEARCH_MS),
      to: query.to ?? new Date(now.getTime() + FUTURE_SKEW_MS),
    };
  }

  async page(query: LogQuery): Promise<LogPage> {
    const range = this.rangeOf(query);
    const docs: LogRecord[] = [];
    for (const { collection, filter } of await this.hours(query, range)) {
      const wanted = query.limit + 1 - docs.length;
      if (wanted <= 0) break;
      docs.push(...((await collection.find(filter, { projection: WITHOUT_SEALED }).sort(NEWEST_FIRST).limit(wanted).toArray()) as unknown as LogRecord[]));
    }
    const records = docs.slice(0, query.limit).map(toStored);
    const last = records.at(-1);
    return docs.length > query.limit && last ? { records, next: { timestamp: last.timestamp, id: last.id }, range } : { records, range };
  }

  /** Every match, newest first, read hour by hour from cursors: for NDJSON exports of any size. */
  async *export(query: LogQuery): AsyncGenerator<StoredLogRecord> {
    for (const { collection, filter } of await this.hours(query, this.rangeOf(query))) {
      for await (const doc of collection.find(filter, { projection: WITHOUT_SEALED }).sort(NEWEST_FIRST).batchSize(500)) yield toStored(doc as unknown as LogRecord);
    }
  }

  async stats(query: LogQuery, from: Date, to: Date, bucketMs: number): Promise<LogStats & { records: number; truncated: boolean }> {
    const rows: StatsRow[] = [];
    for (const { collection, filter } of await this.hours({ ...query, status: QueryStatus.Processed }, { from, to })) {
      const wanted = STATS_MAX_RECORDS + 1 - rows.length;
      if (wanted <= 0) break;
      const projection = { timestamp: 1, level: 1, service: 1, 'findings.rule': 1, 'findings.count': 1 };
      rows.push(...((await collection.find(filter, { projection }).limit(wanted).toArray()) as unknown as StatsRow[]));
    }
    const truncated = rows.length > STATS_MAX_RECORDS;
    const counted = rows.slice(0, STATS_MAX_RECORDS);
    return { ...countStats(counted, from, to, bucketMs), records: counted.length, truncated };
  }

  /**
   * Processed records matching `query` that a tail positioned at `after` may have missed,
   * oldest first. Reads from a little before `after` (see RESUME_SLACK_MS), so a record is
   * repeated rather than skipped, in the hours that records processed since can belong to;
   * null when more than RESUME_MAX_RECORDS are behind.
   */
  async processedSince(after: TailPosition, query: LogQuery, now = new Date()): Promise<StoredLogRecord[] | null> {
    const since = new Date(after.processedAt.getTime() - RESUME_SLACK_MS);
    const hours = await this.existingOrRecent(PartitionKind.Processed, partitionsBetween(new Date(since.getTime() - RESUME_LOOKBACK_MS), new Date(now.getTime() + FUTURE_SKEW_MS)));
    const docs: LogRecord[] = [];
    for (const key of hours) {
      const found = (await this.partitions
        .read(PartitionKind.Processed, key)
        .find({ processedAt: { $gte: since } }, { projection: WITHOUT_SEALED })
        .limit(RESUME_MAX_RECORDS + 1 - docs.length)
        .toArray()) as unknown as LogRecord[];
      docs.push(...found);
      if (docs.length > RESUME_MAX_RECORDS) return null;
    }
    docs.sort((a, b) => a.processedAt!.getTime() - b.processedAt!.getTime() || a._id.toHexString().localeCompare(b._id.toHexString()));
    return docs.map(toStored).filter((record) => record.id !== after.id && matchesLogQuery(record, query));
  }

  /** The hours a query reads, newest first, each with its collection and filter. */
  private async hours(query: LogQuery, range: SearchedRange) {
    const kind = query.status === QueryStatus.Processed ? PartitionKind.Processed : PartitionKind.Pending;
    const filter = toMongoFilter({ ...query, from: range.from, to: query.to });
    if (kind === PartitionKind.Pending) filter.status = query.status;
    const newest = query.after && query.after.timestamp < range.to ? query.after.timestamp : range.to;
    const keys = await this.existingOrRecent(kind, partitionsBetween(range.from, newest));
    return keys.map((key) => ({ collection: this.partitions.read(kind, key), filter }));
  }

  /** Of these hours, those that hold something, plus the last two (just made elsewhere, perhaps). */
  private async existingOrRecent(kind: PartitionKind, keys: string[], now = new Date()): Promise<string[]> {
    const existing = await this.partitions.existing(kind);
    const recent = partitionKey(new Date(now.getTime() - 2 * PARTITION_MS));
    return keys.filter((key) => key >= recent || existing.has(key));
  }
}

