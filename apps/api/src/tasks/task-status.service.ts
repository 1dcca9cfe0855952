// Answers GET /task by id: a finished task has a result document (written by the worker with
// what it found); an unfinished one has its task document, naming the job whose state in Redis
// says how far along it is. Both are found by id in the hour the task id names.
import { Injectable } from '@nestjs/common';
import { TaskRepository, type TaskResult } from '@app/logs';
import { RedactLogsProducer, taskStatus, TaskStatus, type JobView } from '@app/queues';
import type { TaskStatusDto } from './dto/task-status.dto';

const JOB_LOOKUP_TIMEOUT_MS = 1000;

@Injectable()
export class TaskStatusService {
  constructor(
    private readonly tasks: TaskRepository,
    private readonly producer: RedactLogsProducer,
  ) {}

  /** The task's status, or null when no such task was accepted. */
  async find(taskId: string): Promise<TaskStatusDto | null> {
    const result = await this.tasks.findResult(taskId);
    if (result) {
      const status = taskStatus({ pending: 0, processed: result.processed, failed: result.failed }, undefined);
      return { task_id: taskId, status, result: resultOf(result) };
    }
    const task = await this.tasks.findTask(taskId);
    if (!task) return null;
    const job = await this.jobView(task.jobId);
    const status = taskStatus({ pending: task.logIds.length, processed: 0, failed: 0 }, job);
    // A job that gave up before the store could take its result: every record failed.
    if (status === TaskStatus.Failure) {
      return { task_id: taskId, status, result: { logs_processed: 0, logs_failed: task.logIds.length, redactions: {} } };
    }
    return { task_id: taskId, status, result: null };
  }

  /** The job's state, or undefined when Redis no longer has it or cannot be reached. */
  private async jobView(jobId: string): Promise<JobView | undefined> {
    let timer: NodeJS.Timeout | undefined;
    const lookup = async () => {
      const job = await this.producer.getJob(jobId);
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

function resultOf(result: TaskResult): TaskStatusDto['result'] {
  return {
    logs_processed: result.processed,
    logs_failed: result.failed,
    redactions: result.redactionsByRule,
    ...(result.failureReasons.length > 0 ? { failure_reasons: result.failureReasons } : {}),
  };
}
