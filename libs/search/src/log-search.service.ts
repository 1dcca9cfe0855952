// Reads stored logs for search, export, stats and tail resume, hour by hour: a read touches
// only the partitions its time range covers, newest first, and stops once it has its page.
// Processed records only carry content; failed and pending ones are read without their
// sealed content.
import { Injectable } from '@nestjs/common';
import { findByIds, PartitionedCollections, partitionKey, partitionsBetween, PartitionKind, PARTITION_MS, toStored, type LogRecord, type StoredLogRecord } from '@app/logs';
import { StatsCounter, type LogStats, type StatsRow } from './bucket-counts';
import { QueryStatus, type LogQuery } from './log-query';
import { matchesLogQuery, toMongoFilter } from './log-query.filter';
import type { PageCursor } from './page-cursor';
import type { TailPosition } from './tail-event-id';

const NEWEST_FIRST = { timestamp: -1, _id: -1 } as const;
const WITHOUT_SEALED = { sealed: 0 } as const;
/** Most records one /stats call reads; past it the answer says `truncated`. */
export const STATS_MAX_RECORDS = 200_000;
const STATS_BATCH = 2_000;
/** A page of search results stops short of this many bytes of content (a record alone may pass it); `next` goes on from there. */
export const MAX_PAGE_BYTES = 8 * 1024 * 1024;
/** A tail resume further behind than this many records, or this long, is told to search instead. */
export const RESUME_MAX_RECORDS = 2_000;
export const RESUME_MAX_AGE_MS = 3_600_000;
/** Records of concurrent jobs can be published out of processing-time order by this much. */
const RESUME_SLACK_MS = 2_000;
/** A search without `from` covers the last day. */
export const DEFAULT_SEARCH_MS = 24 * 3_600_000;
/** A search without `to` reaches this far past now (clocks of senders run ahead). */
export const FUTURE_SKEW_MS = 3_600_000;
/** Tail resume reads records timestamped up to this long before they were processed. */
export const RESUME_LOOKBACK_MS = 3_600_000;

/** A record a resumed tail missed: its id and the hour partition holding it. */
export interface MissedRecord {
  id: string;
  hour: string;
}

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
    const records = withinBytes(docs.slice(0, query.limit).map(toStored), MAX_PAGE_BYTES);
    const last = records.at(-1);
    const more = docs.length > records.length;
    return more && last ? { records, next: { timestamp: last.timestamp, id: last.id }, range } : { records, range };
  }

  /** Every match, newest first, read hour by hour from cursors: for NDJSON exports of any size. */
  async *export(query: LogQuery): AsyncGenerator<StoredLogRecord> {
    for (const { collection, filter } of await this.hours(query, this.rangeOf(query))) {
      for await (const doc of collection.find(filter, { projection: WITHOUT_SEALED }).sort(NEWEST_FIRST).batchSize(500)) yield toStored(doc as unknown as LogRecord);
    }
  }

  /** Counts from cursors, a batch at a time: memory holds the counters, never the rows. */
  async stats(query: LogQuery, from: Date, to: Date, bucketMs: number): Promise<LogStats & { records: number; truncated: boolean }> {
    const counter = new StatsCounter(from, to, bucketMs);
    let truncated = false;
    const projection = { timestamp: 1, level: 1, service: 1, 'findings.rule': 1, 'findings.count': 1 };
    for (const { collection, filter } of await this.hours({ ...query, status: QueryStatus.Processed }, { from, to })) {
      const wanted = STATS_MAX_RECORDS + 1 - counter.rows;
      if (wanted <= 0) break;
      for await (const row of collection.find(filter, { projection }).limit(wanted).batchSize(STATS_BATCH)) {
        if (counter.rows === STATS_MAX_RECORDS) {
          truncated = true;
          break;
        }
        counter.add(row as unknown as StatsRow);
      }
    }
    return { ...counter.result(), records: counter.rows, truncated };
  }

  /**
   * Where the records a tail positioned at `after` may have missed are, oldest first: ids and
   * hours only, so this holds no content. Reads from a little before `after` (RESUME_SLACK_MS),
   * so a record is repeated rather than skipped. Null when the tail is too far behind to
   * replay: a position older than RESUME_MAX_AGE_MS, or more than RESUME_MAX_RECORDS since.
   */
  async missedSince(after: TailPosition, now = new Date()): Promise<MissedRecord[] | null> {
    if (after.processedAt.getTime() < now.getTime() - RESUME_MAX_AGE_MS) return null;
    const since = new Date(after.processedAt.getTime() - RESUME_SLACK_MS);
    const hours = await this.existingOrRecent(PartitionKind.Processed, partitionsBetween(new Date(since.getTime() - RESUME_LOOKBACK_MS), new Date(now.getTime() + FUTURE_SKEW_MS)));
    const missed: Array<MissedRecord & { processedAt: Date }> = [];
    for (const key of hours) {
      const found = await this.partitions
        .read(PartitionKind.Processed, key)
        .find({ processedAt: { $gte: since } }, { projection: { _id: 1, processedAt: 1 } })
        .limit(RESUME_MAX_RECORDS + 1 - missed.length)
        .toArray();
      for (const doc of found) if (doc._id.toHexString() !== after.id) missed.push({ id: doc._id.toHexString(), hour: key, processedAt: doc.processedAt as Date });
      if (missed.length > RESUME_MAX_RECORDS) return null;
    }
    missed.sort((a, b) => a.processedAt.getTime() - b.processedAt.getTime() || a.id.localeCompare(b.id));
    return missed.map(({ id, hour }) => ({ id, hour }));
  }

  /** One page of missed records (see missedSince), in the order given, those matching `query`. */
  async missedRecords(page: readonly MissedRecord[], query: LogQuery): Promise<StoredLogRecord[]> {
    const byHour = new Map<string, string[]>();
    for (const { id, hour } of page) byHour.set(hour, [...(byHour.get(hour) ?? []), id]);
    const found = new Map<string, StoredLogRecord>();
    for (const [hour, ids] of byHour) {
      for (const doc of await findByIds(this.partitions.read(PartitionKind.Processed, hour), ids, WITHOUT_SEALED)) found.set(doc._id.toHexString(), toStored(doc));
    }
    return page.flatMap(({ id }) => {
      const record = found.get(id);
      return record && matchesLogQuery(record, query) ? [record] : [];
    });
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

/** The leading records whose content fits in `maxBytes` (at least one), measured as the JSON they are sent as. */
export function withinBytes(records: StoredLogRecord[], maxBytes: number): StoredLogRecord[] {
  let bytes = 0;
  for (let i = 0; i < records.length; i++) {
    bytes += Buffer.byteLength(JSON.stringify(records[i].content ?? null));
    if (bytes > maxBytes && i > 0) return records.slice(0, i);
  }
  return records;
}
