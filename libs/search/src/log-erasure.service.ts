// Erasure: deletes every stored log matching a filter (a service, a time range, attribute
// values such as a user id), answered at once with a task id whose status reports the count
// when done. It runs hour by hour over the partitions that exist, one filtered delete each.
//
// Pending records are sealed: their attributes cannot be matched until a worker has redacted
// them. With an attribute filter they are counted (`pending_unchecked`) rather than erased;
// erase again once they are processed. Without one (service and time only) they go too.
// The erasure's own record names the attribute paths it matched, never the values (a user id
// is what is being erased).
import { Injectable, Logger } from '@nestjs/common';
import { InjectConnection } from '@nestjs/mongoose';
import { findByIds, PartitionedCollections, partitionKey, PartitionKind, taskIdAt } from '@app/logs';
import type { Connection } from 'mongoose';
import type { LogQuery } from './log-query';
import { toMongoFilter } from './log-query.filter';

export type ErasureStatus = 'RUNNING' | 'SUCCESS' | 'FAILURE';

export interface ErasureView {
  task_id: string;
  status: ErasureStatus;
  filter: { services: string[]; attribute_paths: string[]; from?: string; to?: string };
  result: { logs_erased: number; pending_unchecked: number } | null;
  failure_reason?: string;
  created_at: string;
  finished_at?: string;
}

interface ErasureDoc {
  _id: string;
  status: ErasureStatus;
  filter: ErasureView['filter'];
  erased: number;
  pendingUnchecked: number;
  failureReason?: string;
  createdAt: Date;
  finishedAt?: Date;
}

export class ErasureRequestError extends Error {}

/** Records erased per delete command. */
const ERASE_BATCH = 500;

@Injectable()
export class LogErasureService {
  private readonly logger = new Logger(LogErasureService.name);
  private readonly running = new Set<Promise<void>>();

  constructor(
    private readonly partitions: PartitionedCollections,
    @InjectConnection() private readonly connection: Connection,
  ) {}

  /** Starts an erasure; resolves to its task id once recorded. Refuses a filter that would match everything. */
  async start(query: LogQuery): Promise<string> {
    if (query.services.length === 0 && query.attributes.length === 0) {
      throw new ErasureRequestError('An erasure needs a service or an attr.<path> filter (with from/to if wanted): it never erases everything');
    }
    if (query.levels.length > 0 || query.text) throw new ErasureRequestError('An erasure filters by service, attr.<path>, from and to only');
    const id = taskIdAt(new Date());
    const filter = {
      services: query.services,
      attribute_paths: query.attributes.map((a) => a.path.join('.')),
      ...(query.from ? { from: query.from.toISOString() } : {}),
      ...(query.to ? { to: query.to.toISOString() } : {}),
    };
    await this.erasures().insertOne({ _id: id, status: 'RUNNING', filter, erased: 0, pendingUnchecked: 0, createdAt: new Date() });
    const run = this.run(id, query).finally(() => this.running.delete(run));
    this.running.add(run);
    return id;
  }

  async find(id: string): Promise<ErasureView | undefined> {
    const doc = await this.erasures().findOne({ _id: id });
    if (!doc) return undefined;
    return {
      task_id: doc._id,
      status: doc.status,
      filter: doc.filter,
      result: doc.status === 'SUCCESS' ? { logs_erased: doc.erased, pending_unchecked: doc.pendingUnchecked } : null,
      ...(doc.failureReason ? { failure_reason: doc.failureReason } : {}),
      created_at: doc.createdAt.toISOString(),
      ...(doc.finishedAt ? { finished_at: doc.finishedAt.toISOString() } : {}),
    };
  }

  /** Erasures still running in this process (shutdown waits for them). */
  async settled(): Promise<void> {
    await Promise.all([...this.running]);
  }

  private async run(id: string, query: LogQuery): Promise<void> {
    try {
      const filter = toMongoFilter({ ...query, after: undefined });
      // Pending records hold their content sealed: only service and time can be matched.
      const pendingFilter = toMongoFilter({ ...query, attributes: [], after: undefined });
      let erased = 0;
      let pendingUnchecked = 0;
      // Counted first: once a processed copy is erased, its pending twin would look unprocessed.
      if (query.attributes.length > 0) for (const key of await this.hours(PartitionKind.Pending, query)) pendingUnchecked += await this.unprocessed(key, pendingFilter);
      for (const key of await this.hours(PartitionKind.Processed, query)) {
        erased += await this.eraseHour(key, filter);
        await this.erasures().updateOne({ _id: id }, { $set: { erased } });
      }
      if (query.attributes.length === 0) {
        for (const key of await this.hours(PartitionKind.Pending, query)) erased += (await this.partitions.read(PartitionKind.Pending, key).deleteMany(pendingFilter)).deletedCount;
      }
      await this.erasures().updateOne({ _id: id }, { $set: { status: 'SUCCESS', erased, pendingUnchecked, finishedAt: new Date() } });
      this.logger.log(`erasure ${id}: ${erased} log(s) erased`);
    } catch (error) {
      this.logger.warn(`erasure ${id} failed: ${(error as Error).name}`);
      await this.erasures()
        .updateOne({ _id: id }, { $set: { status: 'FAILURE', failureReason: `${(error as Error).name}; run the erasure again`, finishedAt: new Date() } })
        .catch(() => undefined);
    }
  }

  /**
   * One hour's matching processed records, by id, with any pending copy of theirs still
   * awaiting its batched delete (the reconciler must not find one and process it again).
   */
  private async eraseHour(key: string, filter: Record<string, unknown>): Promise<number> {
    const processed = this.partitions.read(PartitionKind.Processed, key);
    let erased = 0;
    for (;;) {
      const ids = (await processed.find(filter, { projection: { _id: 1 } }).limit(ERASE_BATCH).toArray()).map((doc) => doc._id);
      if (ids.length === 0) return erased;
      await this.partitions.read(PartitionKind.Pending, key).deleteMany({ _id: { $in: ids } });
      erased += (await processed.deleteMany({ _id: { $in: ids } })).deletedCount;
    }
  }

  /** Pending records of an hour matching `filter` that have no processed copy yet (copies of processed ones await a batched delete). */
  private async unprocessed(key: string, filter: Record<string, unknown>): Promise<number> {
    const ids = (await this.partitions.read(PartitionKind.Pending, key).find(filter, { projection: { _id: 1 } }).limit(10_000).toArray()).map((doc) => doc._id.toHexString());
    if (ids.length === 0) return 0;
    const processed = await findByIds(this.partitions.read(PartitionKind.Processed, key), ids, { _id: 1 });
    return ids.length - processed.length;
  }

  /** The hours of a kind that exist and overlap the query's range (all of them without one). */
  private async hours(kind: PartitionKind, query: LogQuery): Promise<string[]> {
    const existing = await this.partitions.list(kind);
    // Hour keys (YYYYMMDDHH) sort as the hours do.
    const first = query.from ? partitionKey(query.from) : '';
    const last = query.to ? partitionKey(query.to) : '~';
    return existing.filter((key) => key >= first && key <= last);
  }

  private erasures() {
    return this.connection.db!.collection<ErasureDoc>('erasures');
  }
}
