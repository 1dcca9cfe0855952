// Answers GET /task: the records in MongoDB say whether a task is finished; the job in
// Redis (while it is kept) says how far along an unfinished one is.
import { Injectable } from '@nestjs/common';
import { LogRecordRepository, type TaskRecordSummary } from '@app/logs';
import { RedactLogsProducer, taskStatus, TaskStatus, type JobView } from '@app/queues';
import type { TaskStatusDto } from './dto/task-status.dto';

const JOB_LOOKUP_TIMEOUT_MS = 1000;

@Injectable()
export class TaskStatusService {
  constructor(
    private readonly records: LogRecordRepository,
    private readonly producer: RedactLogsProducer,
  ) {}

  /** The task's status, or null when no log belongs to it. */
  async find(taskId: string): Promise<TaskStatusDto | null> {
    const summary = await this.records.summariseTask(taskId);
    if (!summary) return null;
    const job = summary.pending > 0 ? await this.jobView(taskId) : undefined;
    const status = taskStatus(summary, job);
    const finished = status === TaskStatus.Success || status === TaskStatus.Failure;
    return { task_id: taskId, status, result: finished ? resultOf(summary) : null };
  }

  /** The job's state, or undefined when Redis no longer has it or cannot be reached. */
  private async jobView(taskId: string): Promise<JobView | undefined> {
    let timer: NodeJS.Timeout | undefined;
    const lookup = async () => {
      const job = await this.producer.getJob(taskId);
      return job ? { state: await job.getState(), attemptsMade: job.attemptsMade } : undefined;
    };
    const timeout = new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), JOB_LOOKUP_TIMEOUT_MS)));
    try {
      return await Promise.race([lookup(), timeout]);
    } catch {
      return undefined;
    } finally {
      clearTimeout(timer);
    }
  }
}

function resultOf(summary: TaskRecordSummary): TaskStatusDto['result'] {
  return {
    logs_processed: summary.processed,
    logs_failed: summary.failed,
    redactions: summary.redactionsByRule,
    ...(summary.failureReasons.length > 0 ? { failure_reasons: summary.failureReasons } : {}),
  };
}
