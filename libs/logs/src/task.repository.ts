// Tasks: one document per accepted request, written with its records, and one result per
// finished task, written by the worker with what it found. GET /task reads both by id from
// the hour its UUIDv7 names: it costs the same at a million logs as at ten.
import { Injectable } from '@nestjs/common';
import { mongo } from 'mongoose';
import { DUPLICATE_KEY, writeErrorsOf } from './errors';
import { byPartition, PartitionedCollections } from './partitioned-collections';
import { partitionOfTaskId, PartitionKind } from './partitions';

export interface NewTask {
  id: string;
  /** The redaction job carrying its records (shared with the other requests of its commit group). */
  jobId: string;
  /** Its records: what a partial delivery (reconciler, reprocessing) checks before reporting the task finished. */
  logIds: string[];
  receivedAt: Date;
}

export interface TaskResult {
  id: string;
  processed: number;
  failed: number;
  redactionsByRule: Record<string, number>;
  failureReasons: string[];
  finishedAt: Date;
}

type TaskDoc = { _id: string; jobId: string; logIds: string[]; receivedAt: Date };
type TaskResultDoc = Omit<TaskResult, 'id'> & { _id: string };

/** A task id this store can locate (a UUIDv7). */
export const isTaskId = (id: string): boolean => partitionOfTaskId(id) !== undefined;

@Injectable()
export class TaskRepository {
  constructor(private readonly partitions: PartitionedCollections) {}

  async insertTasks(tasks: readonly NewTask[]): Promise<void> {
    for (const [key, group] of byPartition(tasks, (t) => partitionOfTaskId(t.id)!)) {
      const docs: TaskDoc[] = group.map(({ id, ...rest }) => ({ _id: id, ...rest }));
      await (await this.partitions.write(PartitionKind.Tasks, key)).insertMany(docs as never[], { ordered: true });
    }
  }

  async findTask(id: string): Promise<NewTask | null> {
    const key = partitionOfTaskId(id);
    if (!key) return null;
    const doc = await this.partitions.read(PartitionKind.Tasks, key).findOne<TaskDoc>({ _id: id } as object);
    return doc ? { id: doc._id, jobId: doc.jobId, logIds: doc.logIds, receivedAt: doc.receivedAt } : null;
  }

  async findResult(id: string): Promise<TaskResult | null> {
    const key = partitionOfTaskId(id);
    if (!key) return null;
    const doc = await this.partitions.read(PartitionKind.TaskResults, key).findOne<TaskResultDoc>({ _id: id } as object);
    if (!doc) return null;
    const { _id, ...rest } = doc;
    return { id: _id, ...rest };
  }

  /** Stores results; a task that has one already keeps it (a redelivered job writes the same). */
  async insertResults(results: readonly TaskResult[]): Promise<void> {
    for (const [key, group] of byPartition(results, (r) => partitionOfTaskId(r.id)!)) {
      const docs: TaskResultDoc[] = group.map(({ id, ...rest }) => ({ _id: id, ...rest }));
      try {
        await (await this.partitions.write(PartitionKind.TaskResults, key)).insertMany(docs as never[], { ordered: false });
      } catch (error) {
        const writeErrors = error instanceof mongo.MongoBulkWriteError ? writeErrorsOf(error) : [];
        if (writeErrors.length === 0 || writeErrors.some((e) => e.code !== DUPLICATE_KEY)) throw error;
      }
    }
  }

  /** Best-effort removal of task documents whose request was not acknowledged. */
  async deleteTasks(ids: readonly string[]): Promise<void> {
    for (const [key, group] of byPartition(ids.filter(isTaskId), (id) => partitionOfTaskId(id)!)) {
      await this.partitions.read(PartitionKind.Tasks, key).deleteMany({ _id: { $in: group } } as object);
    }
  }

  /** Forgets results, so the tasks' next processing (reprocess) reports afresh. */
  async deleteResults(ids: readonly string[]): Promise<void> {
    for (const [key, group] of byPartition(ids.filter(isTaskId), (id) => partitionOfTaskId(id)!)) {
      await this.partitions.read(PartitionKind.TaskResults, key).deleteMany({ _id: { $in: group } } as object);
    }
  }
}
