// Erasure: deletes every stored log matching a filter (a service, a time range, attribute
// values such as a user id), answered at once with a task id whose status reports the counts
// by kind when done. It reaches every copy of a record accepted before it started:
//   pending  — a worker opens each accepted record and drops a match before storing it (the
//              filter is sealed in the erasure's document; the worker opens it, as it opens records);
//              the erasure waits until every group accepted before it has been processed;
//   processed — then the chunks whose summary and bloom may hold a match are rewritten without
//              it, hour by hour under each hour's rewrite lock (what a tail replay reads, too);
//   failed   — a maintenance job has a worker open the failed records and drop the matches.
// The erasure's own record keeps the attribute paths it matched, never the values.
import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, Logger } from '@nestjs/common';
import { loadEnv } from '@app/config';
import { AcceptedGroupStore, ChunkCatalog, ChunkRewriter, GroupResultStore, newGroup, taskIdOf } from '@app/logs';
import { JobName, QueueName } from '@app/queues';
import type { Queue } from 'bullmq';
import { arrivalHours, arrivalWindow, chunksMayMatch } from './chunk-selection';
import { ErasureRequests, type ErasureStatus } from './erasure-requests';
import type { LogQuery } from './log-query';
import { matchesLogQuery } from './log-query.filter';

export interface ErasureView {
  task_id: string;
  status: ErasureStatus;
  filter: { services: string[]; attribute_paths: string[]; from?: string; to?: string };
  /** Counts so far (final once SUCCESS): `logs_erased` is their sum. */
  result: { logs_erased: number; processed: number; pending: number; failed: number } | null;
  /** While RUNNING: what it is waiting for. */
  progress?: string;
  failure_reason?: string;
  created_at: string;
  finished_at?: string;
}

export class ErasureRequestError extends Error {}

/** How often a running erasure looks whether the workers have done their part. */
const POLL_MS = 250;

@Injectable()
export class LogErasureService {
  private readonly logger = new Logger(LogErasureService.name);
  private readonly running = new Set<Promise<void>>();

  constructor(
    private readonly requests: ErasureRequests,
    private readonly rewriter: ChunkRewriter,
    private readonly catalog: ChunkCatalog,
    private readonly groups: AcceptedGroupStore,
    private readonly results: GroupResultStore,
    @InjectQueue(QueueName.Maintenance) private readonly maintenance: Queue,
  ) {}

  /** Starts an erasure; resolves to its task id once recorded. Refuses a filter that would match everything. */
  async start(query: LogQuery): Promise<string> {
    if (query.services.length === 0 && query.attributes.length === 0) {
      throw new ErasureRequestError('An erasure needs a service or an attr.<path> filter (with from/to if wanted): it never erases everything');
    }
    if (query.levels.length > 0 || query.text) throw new ErasureRequestError('An erasure filters by service, attr.<path>, from and to only');
    const id = taskIdOf(newGroup(), 0);
    const doc = await this.requests.create(id, query);
    const run = this.run(id, query, doc.createdAt).finally(() => this.running.delete(run));
    this.running.add(run);
    return id;
  }

  async find(id: string): Promise<ErasureView | undefined> {
    const doc = await this.requests.find(id);
    if (!doc) return undefined;
    const { processed, pending, failed } = doc.counts;
    return {
      task_id: doc._id,
      status: doc.status,
      filter: doc.filter,
      result: doc.status === 'SUCCESS' ? { logs_erased: processed + pending + failed, processed, pending, failed } : null,
      ...(doc.status === 'RUNNING' ? { progress: this.progress.get(id) ?? 'starting' } : {}),
      ...(doc.failureReason ? { failure_reason: doc.failureReason } : {}),
      created_at: doc.createdAt.toISOString(),
      ...(doc.finishedAt ? { finished_at: doc.finishedAt.toISOString() } : {}),
    };
  }

  private readonly progress = new Map<string, string>();

  private async run(id: string, query: LogQuery, startedAt: Date): Promise<void> {
    try {
      const filter = { ...query, after: undefined };
      // 1. Records accepted before now are processed by workers that drop matches first.
      this.progress.set(id, 'waiting for the workers to process the logs accepted before it (matches are dropped, never stored)');
      await this.untilProcessed(startedAt);
      // 2. What was stored before, in chunks.
      this.progress.set(id, 'rewriting the chunks that may hold matches');
      await this.requests.count(id, 'processed', await this.eraseChunks(filter));
      // 3. Failed records, opened by a worker.
      this.progress.set(id, 'waiting for a worker to go through the failed logs');
      await this.maintenance.add(JobName.EraseFailed, { erasureId: id }, { jobId: `erase-failed-${id}`, removeOnComplete: 100, removeOnFail: 100 });
      await this.until(async () => (await this.requests.find(id))?.failedDone === true);
      await this.requests.finish(id, 'SUCCESS');
      this.logger.log(`erasure ${id}: done`);
    } catch (error) {
      this.logger.warn(`erasure ${id} failed: ${(error as Error).name}`);
      await this.requests.finish(id, 'FAILURE', `${(error as Error).name}; run the erasure again`).catch(() => undefined);
    } finally {
      this.progress.delete(id);
    }
  }

  /** Every chunk that may hold a match, rewritten without the matches; resolves to how many went. */
  private async eraseChunks(filter: LogQuery): Promise<number> {
    const from = filter.from ?? new Date(0);
    const to = filter.to ?? new Date(8.64e15);
    const { first, last } = arrivalHours(from, to, arrivalWindow());
    let erased = 0;
    for (const hour of await this.catalog.hoursBetween(first, last)) {
      erased += await this.rewriter.inHour(hour, async (entries) => {
        let inHour = 0;
        for (const entry of await chunksMayMatch(entries, filter, from, to, (candidates) => this.catalog.keys(candidates))) {
          inHour += await this.rewriter.removeRecords(entry, (record) => matchesLogQuery(record, filter), loadEnv().CHUNK_MAX_RECORDS);
        }
        return inHour;
      });
    }
    return erased;
  }

  /** Resolves once every group accepted before `time` has a result. */
  private async untilProcessed(time: Date): Promise<void> {
    await this.until(async () => {
      for (const minute of await this.groups.minutes()) {
        const before = (await this.groups.inMinute(minute)).filter((group) => group.receivedAt <= time);
        if ((await this.results.unfinished(before)).length > 0) return false;
      }
      return true;
    });
  }

  private async until(done: () => Promise<boolean>): Promise<void> {
    while (!(await done())) await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}
