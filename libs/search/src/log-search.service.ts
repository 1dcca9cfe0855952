// Reads stored logs for search, export, stats and tail resume. Processed records only carry
// content; failed and pending ones are read without their sealed content.
import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { LogRecord, PENDING_LOG_MODEL, PROCESSED_LOG_MODEL, toStored, type StoredLogRecord } from '@app/logs';
import type { Model } from 'mongoose';
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

export interface LogPage {
  records: StoredLogRecord[];
  next?: PageCursor;
}

@Injectable()
export class LogSearchService {
  constructor(
    @InjectModel(PROCESSED_LOG_MODEL) private readonly processed: Model<LogRecord>,
    @InjectModel(PENDING_LOG_MODEL) private readonly pending: Model<LogRecord>,
  ) {}

  async page(query: LogQuery): Promise<LogPage> {
    const docs = await this.find(query).limit(query.limit + 1).lean().exec();
    const records = docs.slice(0, query.limit).map(toStored);
    const last = records.at(-1);
    return docs.length > query.limit && last ? { records, next: { timestamp: last.timestamp, id: last.id } } : { records };
  }

  /** Every match, newest first, read from a cursor: for NDJSON exports of any size. */
  async *export(query: LogQuery): AsyncGenerator<StoredLogRecord> {
    for await (const doc of this.find(query).lean().cursor({ batchSize: 500 })) yield toStored(doc as LogRecord);
  }

  async stats(query: LogQuery, from: Date, to: Date, bucketMs: number): Promise<LogStats & { records: number; truncated: boolean }> {
    const filter = toMongoFilter({ ...query, from, to });
    const rows = (await this.processed
      .find(filter, { timestamp: 1, level: 1, service: 1, 'findings.rule': 1, 'findings.count': 1 })
      .limit(STATS_MAX_RECORDS + 1)
      .lean()
      .exec()) as StatsRow[];
    const truncated = rows.length > STATS_MAX_RECORDS;
    const counted = rows.slice(0, STATS_MAX_RECORDS);
    return { ...countStats(counted, from, to, bucketMs), records: counted.length, truncated };
  }

  /**
   * Processed records matching `query` that a tail positioned at `after` may have missed,
   * oldest first. Reads from a little before `after` (see RESUME_SLACK_MS), so a record is
   * repeated rather than skipped; null when more than RESUME_MAX_RECORDS are behind.
   */
  async processedSince(after: TailPosition, query: LogQuery): Promise<StoredLogRecord[] | null> {
    const docs = await this.processed
      .find({ processedAt: { $gte: new Date(after.processedAt.getTime() - RESUME_SLACK_MS) } }, WITHOUT_SEALED)
      .sort({ processedAt: 1, _id: 1 })
      .limit(RESUME_MAX_RECORDS + 1)
      .lean()
      .exec();
    if (docs.length > RESUME_MAX_RECORDS) return null;
    return docs
      .map(toStored)
      .filter((record) => record.id !== after.id && matchesLogQuery(record, query));
  }

  private find(query: LogQuery) {
    const filter = toMongoFilter(query);
    if (query.status === QueryStatus.Processed) return this.processed.find(filter, WITHOUT_SEALED).sort(NEWEST_FIRST);
    return this.pending.find({ ...filter, status: query.status }, WITHOUT_SEALED).sort(NEWEST_FIRST);
  }
}
