// POST /logs/reprocess: failed records (poison, a wrong key, a bug since fixed) go back to
// pending and their jobs are queued again, their tasks' old results forgotten. Records whose
// job cannot be queued now stay pending, and the reconciler queues them later.
import { Injectable } from '@nestjs/common';
import { LogRecordRepository, TaskRepository, type PendingRef } from '@app/logs';
import { RedactLogsProducer, type TaskLogs } from '@app/queues';

/** Most records one call re-queues; call again for more. */
export const REPROCESS_MAX = 10_000;

export interface ReprocessOutcome {
  requeued: number;
  tasks: number;
}

/** Records grouped as jobs carry them: by job, then by task. */
export function asJobs(refs: readonly PendingRef[]): Map<string, TaskLogs[]> {
  const jobs = new Map<string, Map<string, string[]>>();
  for (const { id, taskId, jobId } of refs) {
    const tasks = jobs.get(jobId) ?? new Map<string, string[]>();
    tasks.set(taskId, [...(tasks.get(taskId) ?? []), id]);
    jobs.set(jobId, tasks);
  }
  return new Map([...jobs].map(([jobId, tasks]) => [jobId, [...tasks].map(([taskId, logIds]) => ({ taskId, logIds }))]));
}

@Injectable()
export class LogReprocessService {
  constructor(
    private readonly records: LogRecordRepository,
    private readonly tasks: TaskRepository,
    private readonly producer: RedactLogsProducer,
  ) {}

  /** Re-queues the failed records among `logIds`, or the oldest failed ones when none are given. */
  async reprocess(logIds?: readonly string[]): Promise<ReprocessOutcome> {
    const refs = await this.records.repend(logIds, REPROCESS_MAX);
    const jobs = asJobs(refs);
    const taskIds = [...jobs.values()].flatMap((tasks) => tasks.map((t) => t.taskId));
    await this.tasks.deleteResults(taskIds);
    for (const [jobId, tasks] of jobs) await this.producer.requeue(jobId, tasks);
    return { requeued: refs.length, tasks: taskIds.length };
  }
}
