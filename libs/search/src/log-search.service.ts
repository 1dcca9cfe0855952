// Reads stored logs for search, export, stats and tail resume. Processed logs live in chunks
// (libs/logs): a read lists the catalog entries of the hours of arrival its range can reach,
// keeps those whose time range, counts and bloom allow its filters, and opens them newest
// first, stopping once no unopened chunk can change its page. So a read costs what it returns
// plus the chunks it had to open, at any density, and never a walk over empty hours. Pending
// and failed records (status and times only) are read from their groups.
import { Injectable } from '@nestjs/common';
import {
  AcceptedGroupStore,
  ChunkCatalog,
  GroupResultStore,
  hourKey,
  logIdOf,
  LogStatus,
  type AcceptedGroup,
  type ChunkEntry,
  type StoredLogRecord,
} from '@app/logs';
import { StatsCounter, type LogStats } from './bucket-counts';
import { arrivalHours, arrivalWindow, chunksMayMatch, newestFirst } from './chunk-selection';
import { QueryStatus, type LogQuery } from './log-query';
import { lineFilterOf } from './line-filter';
import { matchesLogQuery, olderThanCursor } from './log-query.filter';
import type { PageCursor } from './page-cursor';
import type { TailPosition } from './tail-event-id';

/** Most records one /stats call reads from chunks (chunks wholly in range are summed, not read); past it the answer says `truncated`. */
export const STATS_MAX_RECORDS = 200_000;
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
/** Chunks opened at once. */
const OPEN_IN_PARALLEL = 4;
/** Hours' catalogs read at once. */
const CATALOGS_IN_PARALLEL = 8;
/** Records an export reads per step (a page of its own, in order). */
const EXPORT_STEP = 1000;

/** A record a resumed tail missed: its id and the chunk holding it. */
export interface MissedRecord {
  id: string;
  chunk: ChunkEntry;
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

/** Read options: a signal that, once aborted (the client left), stops the read between chunks. */
export interface ReadOptions {
  signal?: AbortSignal;
}

export class ReadAbortedError extends Error {}

@Injectable()
export class LogSearchService {
  constructor(
    private readonly catalog: ChunkCatalog,
    private readonly groups: AcceptedGroupStore,
    private readonly results: GroupResultStore,
  ) {}

  /** The range a query searches: its own bounds, or the last day up to a little past now. */
  rangeOf(query: LogQuery, now = new Date()): SearchedRange {
    return {
      from: query.from ?? new Date(now.getTime() - DEFAULT_SEARCH_MS),
      to: query.to ?? new Date(now.getTime() + FUTURE_SKEW_MS),
    };
  }

  async page(query: LogQuery, options: ReadOptions = {}): Promise<LogPage> {
    const range = this.rangeOf(query);
    const found = query.status === QueryStatus.Processed ? await this.processedPage(query, range, query.limit + 1, options) : await this.unprocessedPage(query, range);
    const records = withinBytes(found.slice(0, query.limit), MAX_PAGE_BYTES);
    const last = records.at(-1);
    const more = found.length > records.length;
    return more && last ? { records, next: { timestamp: last.timestamp, id: last.id }, range } : { records, range };
  }

  /** Every match, newest first, read a step at a time in page order: for NDJSON exports of any size. */
  async *export(query: LogQuery, options: ReadOptions = {}): AsyncGenerator<StoredLogRecord> {
    let after = query.after;
    for (;;) {
      const page = await this.page({ ...query, limit: EXPORT_STEP, after }, options);
      yield* page.records;
      if (!page.next) return;
      after = page.next;
    }
  }

  /**
   * Counts by level over time, service and rule. Chunks wholly inside the range, with no
   * content filter, are summed from their summaries; the others are opened and counted.
   */
  async stats(query: LogQuery, from: Date, to: Date, bucketMs: number, options: ReadOptions = {}): Promise<LogStats & { records: number; truncated: boolean }> {
    const counter = new StatsCounter(from, to, bucketMs);
    const processedQuery = { ...query, status: QueryStatus.Processed };
    let read = 0;
    let truncated = false;
    const keep = lineFilterOf(processedQuery);
    for (const entry of await this.candidates(processedQuery, from, to)) {
      if (summarisable(entry, processedQuery, from, to, bucketMs)) {
        counter.addSummary(entry);
        continue;
      }
      if (read >= STATS_MAX_RECORDS) {
        truncated = true;
        break;
      }
      throwIfAborted(options);
      for (const record of (await this.catalog.records(entry, keep)) ?? []) {
        if (!matchesLogQuery(record, { ...processedQuery, from, to })) continue;
        counter.add(record);
        read++;
      }
    }
    return { ...counter.result(), records: counter.rows, truncated };
  }

  /**
   * Where the records a tail positioned at `after` may have missed are, oldest first: ids and
   * chunks only. Reads from a little before `after` (RESUME_SLACK_MS), so a record is repeated
   * rather than skipped. Null when the tail is too far behind to replay: a position older than
   * RESUME_MAX_AGE_MS, or more than RESUME_MAX_RECORDS since.
   */
  async missedSince(after: TailPosition, now = new Date()): Promise<MissedRecord[] | null> {
    if (after.processedAt.getTime() < now.getTime() - RESUME_MAX_AGE_MS) return null;
    const since = new Date(after.processedAt.getTime() - RESUME_SLACK_MS);
    const missed: Array<MissedRecord & { processedAt: Date }> = [];
    // A chunk is written when its records are processed: its hour is at or after `since`.
    const chunks: ChunkEntry[] = [];
    for (const hour of await this.catalog.hoursBetween(hourKey(since), hourKey(now), now)) chunks.push(...(await this.catalog.entries(hour)).filter((e) => e.maxProcessedAt >= since));
    // Too far behind, told from the summaries: a busy minute would otherwise open chunk after chunk to find it out.
    if (chunks.reduce((sum, chunk) => sum + (chunk.minProcessedAt >= since ? chunk.count : 0), 0) > RESUME_MAX_RECORDS) return null;
    for (const chunk of chunks) {
      for (const record of (await this.catalog.records(chunk)) ?? []) {
        if (record.id === after.id || !record.processedAt || record.processedAt < since) continue;
        missed.push({ id: record.id, chunk, processedAt: record.processedAt });
        if (missed.length > RESUME_MAX_RECORDS) return null;
      }
    }
    missed.sort((a, b) => a.processedAt.getTime() - b.processedAt.getTime() || a.id.localeCompare(b.id));
    return missed.map(({ id, chunk }) => ({ id, chunk }));
  }

  /** One page of missed records (see missedSince), in the order given, those matching `query`. */
  async missedRecords(page: readonly MissedRecord[], query: LogQuery): Promise<StoredLogRecord[]> {
    const found = new Map<string, StoredLogRecord>();
    for (const chunk of new Map(page.map((m) => [m.chunk.id, m.chunk])).values()) {
      for (const record of (await this.catalog.records(chunk)) ?? []) found.set(record.id, record);
    }
    return page.flatMap(({ id }) => {
      const record = found.get(id);
      return record && matchesLogQuery(record, query) ? [record] : [];
    });
  }

  /** The newest `wanted` processed matches, opening chunks newest first until none left could change them. */
  private async processedPage(query: LogQuery, range: SearchedRange, wanted: number, options: ReadOptions): Promise<StoredLogRecord[]> {
    const upper = query.after && query.after.timestamp < range.to ? query.after.timestamp : range.to;
    const filter = { ...query, from: range.from, to: range.to };
    const keep = lineFilterOf(query);
    for (let attempt = 0; ; attempt++) {
      const chunks = await this.candidates(query, range.from, upper);
      const best = new Map<string, StoredLogRecord>();
      let sorted: StoredLogRecord[] = [];
      let gone = false;
      for (let i = 0; i < chunks.length; i += OPEN_IN_PARALLEL) {
        // Chunks come newest (by their latest record) first: once the page is full and a chunk's latest is older than its last, no later chunk matters.
        if (sorted.length >= wanted && chunks[i].maxTs < sorted[wanted - 1].timestamp) break;
        throwIfAborted(options);
        const opened = await Promise.all(chunks.slice(i, i + OPEN_IN_PARALLEL).map((chunk) => this.catalog.records(chunk, keep)));
        for (const records of opened) {
          if (!records) gone = true;
          for (const record of records ?? []) {
            if (matchesLogQuery(record, filter) && (!query.after || olderThanCursor(record, query.after))) best.set(record.id, record);
          }
        }
        sorted = [...best.values()].sort(newestFirst).slice(0, wanted);
        const kept = new Set(sorted.map((r) => r.id));
        for (const id of [...best.keys()]) if (!kept.has(id)) best.delete(id);
      }
      // A chunk rewritten meanwhile (compaction, erasure): read again with the hour's new entries.
      if (!gone || attempt > 0) return sorted;
    }
  }

  /** Entries that may hold matches for the query within [from, to], newest latest-record first. */
  private async candidates(query: LogQuery, from: Date, to: Date): Promise<ChunkEntry[]> {
    const { first, last } = arrivalHours(from, to, arrivalWindow());
    const perHour = await this.catalog.entriesOf(await this.catalog.hoursBetween(first, last), CATALOGS_IN_PARALLEL);
    const matching = await chunksMayMatch(perHour.flat(), query, from, to, (entries) => this.catalog.keys(entries));
    return matching.sort((a, b) => b.maxTs.getTime() - a.maxTs.getTime());
  }

  /** Pending or failed records in range, newest first: their groups hold status and times (content stays sealed). */
  private async unprocessedPage(query: LogQuery, range: SearchedRange): Promise<StoredLogRecord[]> {
    const records: StoredLogRecord[] = [];
    const inRange = (record: StoredLogRecord) => record.timestamp >= range.from && record.timestamp <= range.to && (!query.after || olderThanCursor(record, query.after));
    if (query.status === QueryStatus.Pending) {
      for (const minute of await this.groups.minutes()) {
        for (const group of await this.results.unfinished(await this.groups.inMinute(minute))) records.push(...viewsOf(group, LogStatus.Pending).filter(inRange));
      }
    }
    const { first, last } = arrivalHours(range.from, range.to, arrivalWindow());
    for (const hour of (await this.groups.failedHours()).filter((h) => h >= first && h <= last)) {
      for (const failed of await this.groups.failedInHour(hour)) {
        // A failed group being reprocessed is pending again.
        const status = failed.prior ? LogStatus.Pending : LogStatus.Failed;
        if (status !== query.status) continue;
        const reasons = new Map(failed.reasons);
        records.push(...viewsOf(failed, status, (index) => ({ reason: reasons.get(index) ?? 'failed', at: failed.failedAt })).filter(inRange));
      }
    }
    return records.sort(newestFirst).slice(0, query.limit + 1);
  }
}

/** Whether a chunk's summary answers /stats for it: wholly in range, whole minutes, and only filters its counts can apply. */
function summarisable(entry: ChunkEntry, query: LogQuery, from: Date, to: Date, bucketMs: number): boolean {
  if (entry.minTs < from || entry.maxTs > to || bucketMs % 60_000 !== 0) return false;
  if (query.text || query.attributes.length > 0) return false;
  // Counts are by level and by service separately: a filter on one is summed only if every record of the chunk passes it.
  if (query.levels.length > 0 && !entry.levels.every(([level]) => query.levels.includes(level))) return false;
  if (query.services.length > 0) {
    const withService = entry.services.reduce((sum, [, count]) => sum + count, 0);
    if (withService < entry.count || !entry.services.every(([service]) => query.services.includes(service))) return false;
  }
  return true;
}

function viewsOf(group: AcceptedGroup, status: LogStatus, failure?: (index: number) => { reason: string; at: Date }): StoredLogRecord[] {
  return group.records.map((record) => ({
    id: logIdOf(group.key, record.index),
    taskId: record.taskId,
    status,
    source: record.source,
    receivedAt: group.receivedAt,
    timestamp: record.timestamp,
    ...(failure ? { failure: failure(record.index) } : {}),
  }));
}

/** `work` over `items`, `size` at a time, results in order. */
function throwIfAborted(options: ReadOptions): void {
  if (options.signal?.aborted) throw new ReadAbortedError('the client left; the read stopped');
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
