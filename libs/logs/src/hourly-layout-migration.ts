// Rewrites a store written by the hourly layout (before chunks) into chunks, hour by hour,
// with progress: processed records (`logs_<hour>`) become compacted chunks of that hour
// keeping their ids, with a result per id group so GET /logs/{id} still finds them; task
// results (`task_results_<hour>`) become group results so GET /task/{id} still answers; failed
// records (`pending_logs_<hour>`, status failed) are opened and sealed again under new ids in
// `failed_<hour>`, for reprocessing. Each old collection is dropped once rewritten, so a run
// stopped midway is resumed by running it again. Records still pending refuse the migration:
// let the old version's workers finish them first.
import { Injectable, Logger } from '@nestjs/common';
import { loadEnv } from '@app/config';
import { ContentSealer, type SealedContent } from '@app/sealing';
import { AcceptedGroupStore } from './accepted-group.store';
import { ChunkStore } from './chunk.store';
import { GroupResultStore } from './group-result.store';
import { LogStatus, type LogSource } from './log-record.schema';
import type { LogContent, StoredLogRecord } from './log-record.types';
import { logIdOf, newGroup, parseLogId, parseTaskId, taskIdOf } from './placement';
import { fromStorableKeys } from './storable-keys';
import { StoreCollections } from './store-collections';

const OLD = { processed: /^logs_(\d{10})$/, pending: /^pending_logs_(\d{10})$/, results: /^task_results_(\d{10})$/, tasks: /^tasks_(\d{10})$/ };
const CHUNK = 2000;

export interface MigrationProgress {
  hour: string;
  hoursDone: number;
  hoursTotal: number;
  records: number;
}

export class MigrationRefusedError extends Error {}

@Injectable()
export class HourlyLayoutMigration {
  private readonly logger = new Logger(HourlyLayoutMigration.name);

  constructor(
    private readonly collections: StoreCollections,
    private readonly chunks: ChunkStore,
    private readonly results: GroupResultStore,
    private readonly groups: AcceptedGroupStore,
  ) {}

  /** Old collections left to rewrite, by kind. */
  async remaining(): Promise<Record<keyof typeof OLD, string[]>> {
    const names = (await this.collections.db.listCollections({}, { nameOnly: true }).toArray()).map((c) => c.name).sort();
    return {
      processed: names.filter((n) => OLD.processed.test(n)),
      pending: names.filter((n) => OLD.pending.test(n)),
      results: names.filter((n) => OLD.results.test(n)),
      tasks: names.filter((n) => OLD.tasks.test(n)),
    };
  }

  async run(onProgress: (progress: MigrationProgress) => void = () => undefined): Promise<{ records: number; results: number; failed: number }> {
    const old = await this.remaining();
    for (const name of old.pending) {
      if ((await this.collections.db.collection(name).findOne({ status: LogStatus.Pending }, { projection: { _id: 1 } })) !== null) {
        throw new MigrationRefusedError(`${name} still holds pending records: let the previous version's workers process them, then run the migration again`);
      }
    }
    const total = old.processed.length + old.results.length + old.pending.length;
    const done = { records: 0, results: 0, failed: 0 };
    let hoursDone = 0;
    for (const name of old.processed) {
      const hour = OLD.processed.exec(name)![1];
      done.records += await this.processedHour(name, hour);
      await this.collections.db.dropCollection(name);
      onProgress({ hour, hoursDone: ++hoursDone, hoursTotal: total, records: done.records });
    }
    for (const name of old.results) {
      done.results += await this.resultsHour(name);
      await this.collections.db.dropCollection(name);
      onProgress({ hour: OLD.results.exec(name)![1], hoursDone: ++hoursDone, hoursTotal: total, records: done.records });
    }
    for (const name of old.pending) {
      done.failed += await this.failedHour(name);
      await this.collections.db.dropCollection(name);
      onProgress({ hour: OLD.pending.exec(name)![1], hoursDone: ++hoursDone, hoursTotal: total, records: done.records });
    }
    // Task documents only said which job held a task: results and groups say it now.
    for (const name of old.tasks) await this.collections.db.dropCollection(name);
    this.logger.log(`migrated ${done.records} processed logs, ${done.results} task results, ${done.failed} failed logs`);
    return done;
  }

  /** One hour of processed records, read in natural order (one scan), written as chunks of that hour. */
  private async processedHour(name: string, hour: string): Promise<number> {
    const records: StoredLogRecord[] = [];
    for await (const doc of this.collections.db.collection(name).find({}).batchSize(1000)) {
      const { _id, sealed: _sealed, jobId: _jobId, content, ...rest } = doc as Record<string, unknown> & { _id: { toHexString(): string } };
      records.push({ ...(rest as Omit<StoredLogRecord, 'id'>), id: _id.toHexString(), status: LogStatus.Processed, ...(content !== undefined ? { content: fromStorableKeys(content) as LogContent } : {}) });
    }
    records.sort((a, b) => a.timestamp.getTime() - b.timestamp.getTime());
    const refs = new Map<string, Array<[string, string]>>();
    for (let i = 0; i < records.length; i += CHUNK) {
      const part = records.slice(i, i + CHUNK);
      const entry = await this.chunks.write(part, { tier: 'chunks', hour });
      for (const record of part) {
        // An old id's first 20 hex digits stand for its group: the reader follows its result to the chunk.
        const group = parseLogId(record.id)!.group;
        const list = refs.get(group) ?? [];
        if (!list.some(([, id]) => id === entry.id)) list.push([hour, entry.id]);
        refs.set(group, list);
      }
    }
    for (const [group, chunks] of refs) await this.results.insert({ key: group, finishedAt: new Date(), tasks: [], failed: [], chunks });
    return records.length;
  }

  /** One hour of task results, each as the result of the group its task id names. */
  private async resultsHour(name: string): Promise<number> {
    let count = 0;
    for await (const doc of this.collections.db.collection(name).find({})) {
      const parsed = parseTaskId(String(doc._id));
      if (!parsed) continue;
      const task = { id: String(doc._id), processed: doc.processed, failed: doc.failed, redactionsByRule: doc.redactionsByRule ?? {}, failureReasons: doc.failureReasons ?? [], finishedAt: doc.finishedAt };
      const existing = await this.results.find(parsed.group);
      if (existing) continue;
      await this.results.insert({ key: parsed.group, finishedAt: doc.finishedAt, tasks: [task], failed: [], chunks: [] });
      count++;
    }
    return count;
  }

  /** One hour of failed records: opened and sealed again under the ids of a new group, with their reasons. */
  private async failedHour(name: string): Promise<number> {
    const sealer = new ContentSealer(loadEnv().SEAL_KEY!);
    const docs = await this.collections.db.collection(name).find({ status: LogStatus.Failed }).toArray();
    if (docs.length === 0) return 0;
    const group = newGroup();
    const taskId = taskIdOf(group, 0);
    const records = docs.map((doc, index) => ({
      index,
      taskId,
      source: doc.source as LogSource,
      timestamp: doc.timestamp as Date,
      sealed: reseal(sealer, doc.sealed, doc._id.toHexString(), logIdOf(group.key, index)),
    }));
    await this.groups.putFailed({
      key: group.key,
      receivedAt: group.openedAt,
      tasks: [{ id: taskId, count: records.length }],
      records,
      reasons: docs.map((doc, index): [number, string] => [index, doc.failure?.reason ?? 'failed']),
      failedAt: new Date(),
    });
    await this.results.insert({
      key: group.key,
      finishedAt: new Date(),
      tasks: [{ id: taskId, processed: 0, failed: records.length, redactionsByRule: {}, failureReasons: [...new Set(docs.map((d) => d.failure?.reason ?? 'failed'))], finishedAt: new Date() }],
      failed: docs.map((doc, index): [number, string] => [index, doc.failure?.reason ?? 'failed']),
      chunks: [],
    });
    return records.length;
  }
}

/** Sealed content bound to a new id; content that cannot be opened (why some records failed) is kept as it was, and fails again if reprocessed. */
function reseal(sealer: ContentSealer, sealed: SealedContent, oldId: string, newId: string): SealedContent {
  try {
    return sealer.seal(sealer.open(sealed, oldId), newId);
  } catch {
    return sealed;
  }
}
