// Group commit: concurrent requests share one store write and one redaction job. A group
// stays open for a few milliseconds (INGEST_LINGER_MS) or until it holds enough records
// (INGEST_GROUP_MAX_RECORDS); then its records and task documents are inserted, its job is
// enqueued, and every request in it is answered. Each request keeps its own task, so its
// status stays exact; none is answered before its own records are durable.
import { Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { loadEnv } from '@app/config';
import { isStoreUnavailable, LogRecordRepository, taskIdAt, TaskRepository, type NewLogRecord, type NewTask } from '@app/logs';
import { RedactLogsProducer } from '@app/queues';
import { dependencyErrors } from '@app/observability';

/** Thrown to every request of a group whose write found the store unreachable. */
export class StoreUnavailableError extends Error {
  constructor() {
    super('The log store is unavailable; nothing was stored. Retry later.');
  }
}

interface Entry {
  task: NewTask;
  records: NewLogRecord[];
  resolve: (enqueued: boolean) => void;
  reject: (error: unknown) => void;
}

interface OpenGroup {
  jobId: string;
  entries: Entry[];
  records: number;
  timer?: NodeJS.Timeout;
}

@Injectable()
export class CommitGroups implements OnApplicationShutdown {
  private readonly lingerMs = loadEnv().INGEST_LINGER_MS;
  private readonly maxRecords = loadEnv().INGEST_GROUP_MAX_RECORDS;
  private open?: OpenGroup;
  private readonly flushing = new Set<Promise<void>>();

  constructor(
    private readonly records: LogRecordRepository,
    private readonly tasks: TaskRepository,
    private readonly producer: RedactLogsProducer,
  ) {}

  /**
   * The job the next records join, and a task id; `commit` with records built for that job.
   * Split from `commit` because record ids and sealing need the job id first.
   */
  reserve(recordCount: number): { jobId: string; taskId: string } {
    if (this.open && this.open.records + recordCount > this.maxRecords) this.flush(this.open);
    this.open ??= { jobId: taskIdAt(new Date()), entries: [], records: 0 };
    return { jobId: this.open.jobId, taskId: taskIdAt(new Date()) };
  }

  /** Resolves once the records are durable (and their job enqueued, or left to the reconciler: false). */
  commit(jobId: string, task: NewTask, records: NewLogRecord[]): Promise<boolean> {
    const group = this.open?.jobId === jobId ? this.open : undefined;
    if (!group) throw new Error(`commit group ${jobId} is closed`); // reserve and commit run in one turn of the event loop
    return new Promise<boolean>((resolve, reject) => {
      group.entries.push({ task, records, resolve, reject });
      group.records += records.length;
      if (group.records >= this.maxRecords || this.lingerMs === 0) this.flush(group);
      else group.timer ??= setTimeout(() => this.flush(group), this.lingerMs);
    });
  }

  private flush(group: OpenGroup): void {
    clearTimeout(group.timer);
    if (this.open === group) this.open = undefined;
    const done = this.write(group).finally(() => this.flushing.delete(done));
    this.flushing.add(done);
  }

  private async write({ jobId, entries }: OpenGroup): Promise<void> {
    const records = entries.flatMap((e) => e.records);
    // Both writes at once: the answer waits for the slower, not for their sum.
    const writes = await Promise.allSettled([this.records.insertPending(records), this.tasks.insertTasks(entries.map((e) => e.task))]);
    const failed = writes.find((w): w is PromiseRejectedResult => w.status === 'rejected');
    if (failed) {
      const error: unknown = failed.reason;
      // A write cut off midway may have landed in part: remove both, so nothing is half-accepted.
      await this.records.deleteUnacknowledged(records.map((r) => r.id)).catch(() => undefined);
      await this.tasks.deleteTasks(entries.map((e) => e.task.id)).catch(() => undefined);
      const failure = isStoreUnavailable(error) ? new StoreUnavailableError() : error;
      for (const entry of entries) entry.reject(failure);
      return;
    }
    const enqueued = await this.producer.enqueue(
      jobId,
      entries.map((e) => ({ taskId: e.task.id, logIds: e.task.logIds, whole: true })),
    );
    // Not queued: the records are durable, and the reconciler queues them once Redis answers.
    if (!enqueued) dependencyErrors.inc({ dependency: 'redis' });
    for (const entry of entries) entry.resolve(enqueued);
  }

  /** Writes what is waiting before the process exits, so no request is left unanswered. */
  async onApplicationShutdown(): Promise<void> {
    if (this.open) this.flush(this.open);
    await Promise.all([...this.flushing]);
  }
}
