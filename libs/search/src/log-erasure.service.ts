// Erasure: deletes every stored log matching a filter (a service, a time range, attribute
// values such as a user id), answered at once with a task id whose status reports the count
// when done. It visits the hours of arrival the range can reach, and in each, under the
// hour's rewrite lock, rewrites the chunks whose summary and bloom may hold a match without
// the matching records.
//
// Pending and failed records are sealed: their service and attributes cannot be matched until
// a worker has opened them. Those in the time range are counted (`pending_unchecked`) rather
// than erased; erase again once they are processed. The erasure's own record names the
// attribute paths it matched, never the values (a user id is what is being erased).
import { Injectable, Logger } from '@nestjs/common';
import { InjectConnection } from '@nestjs/mongoose';
import { loadEnv } from '@app/config';
import { AcceptedGroupStore, ChunkCatalog, ChunkRewriter, GroupResultStore, newGroup, taskIdOf } from '@app/logs';
import type { Connection } from 'mongoose';
import { arrivalHours, entryMayMatch, keysMayMatch, requiredItems } from './chunk-selection';
import type { LogQuery } from './log-query';
import { matchesLogQuery } from './log-query.filter';

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

@Injectable()
export class LogErasureService {
  private readonly logger = new Logger(LogErasureService.name);
  private readonly running = new Set<Promise<void>>();

  constructor(
    private readonly rewriter: ChunkRewriter,
    private readonly catalog: ChunkCatalog,
    private readonly groups: AcceptedGroupStore,
    private readonly results: GroupResultStore,
    @InjectConnection() private readonly connection: Connection,
  ) {}

  /** Starts an erasure; resolves to its task id once recorded. Refuses a filter that would match everything. */
  async start(query: LogQuery): Promise<string> {
    if (query.services.length === 0 && query.attributes.length === 0) {
      throw new ErasureRequestError('An erasure needs a service or an attr.<path> filter (with from/to if wanted): it never erases everything');
    }
    if (query.levels.length > 0 || query.text) throw new ErasureRequestError('An erasure filters by service, attr.<path>, from and to only');
    const id = taskIdOf(newGroup(), 0);
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
      const filter = { ...query, after: undefined };
      const from = query.from ?? new Date(0);
      const to = query.to ?? new Date(8.64e15);
      // Counted first: the sealed records that may match, which this erasure cannot judge.
      const pendingUnchecked = await this.unprocessedIn(from, to);
      let erased = 0;
      const { CHUNK_MAX_RECORDS } = loadEnv();
      const window = { maxAgeMs: loadEnv().EVENT_TIME_MAX_AGE_HOURS * 3_600_000, maxAheadMs: loadEnv().EVENT_TIME_MAX_AHEAD_SECONDS * 1000 };
      const { first, last } = arrivalHours(from, to, window);
      const required = requiredItems(filter);
      for (const hour of await this.catalog.hoursBetween(first, last)) {
        erased += await this.rewriter.inHour(hour, async (entries) => {
          const candidates = entries.filter((entry) => entryMayMatch(entry, filter, from, to));
          const keys = required.length > 0 ? await this.catalog.keys(candidates) : undefined;
          let inHour = 0;
          for (const entry of candidates) {
            if (keys && !keysMayMatch(keys.get(entry.id), required)) continue;
            inHour += await this.rewriter.removeRecords(entry, (record) => matchesLogQuery(record, filter), CHUNK_MAX_RECORDS);
          }
          return inHour;
        });
        await this.erasures().updateOne({ _id: id }, { $set: { erased } });
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

  /** Records not yet processed (pending, or failed) whose time is in range: sealed, so not judged here. */
  private async unprocessedIn(from: Date, to: Date): Promise<number> {
    let count = 0;
    const inRange = (time: Date) => time >= from && time <= to;
    for (const minute of await this.groups.minutes()) {
      for (const group of await this.results.unfinished(await this.groups.inMinute(minute))) count += group.records.filter((r) => inRange(r.timestamp)).length;
    }
    for (const hour of await this.groups.failedHours()) {
      for (const failed of await this.groups.failedInHour(hour)) count += failed.records.filter((r) => inRange(r.timestamp)).length;
    }
    return count;
  }

  private erasures() {
    return this.connection.db!.collection<ErasureDoc>('erasures');
  }
}
