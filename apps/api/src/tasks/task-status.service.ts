// Answers GET /task by id: a task id names its commit group. A finished group has a result
// (written by the worker with what it found); an unfinished one is still accepted (or failed
// and being reprocessed), and its job's state in Redis says how far along it is. Each is one
// document read by `_id` from a small collection.
import { Injectable } from '@nestjs/common';
import { AcceptedGroupStore, GroupResultStore, jobIdOf, parseTaskId, type TaskResult } from '@app/logs';
import { RedactLogsProducer, taskStatus, TaskStatus, type JobView } from '@app/queues';
import type { TaskStatusDto } from './dto/task-status.dto';

const JOB_LOOKUP_TIMEOUT_MS = 1000;

@Injectable()
export class TaskStatusService {
  constructor(
    private readonly groups: AcceptedGroupStore,
    private readonly results: GroupResultStore,
    private readonly producer: RedactLogsProducer,
  ) {}

  /** The task's status, or null when no such task was accepted. */
  async find(taskId: string): Promise<TaskStatusDto | null> {
    const parsed = parseTaskId(taskId);
    if (!parsed) return null;
    const result = await this.results.find(parsed.group);
    if (result) {
      const task = result.tasks.find((t) => t.id === taskId);
      if (!task) return null;
      const status = taskStatus({ pending: 0, processed: task.processed, failed: task.failed }, undefined);
      return { task_id: taskId, status, result: resultOf(task) };
    }
    const accepted = (await this.groups.findTasks(parsed.group)) ?? (await this.groups.findFailed(parsed.group));
    const task = accepted?.tasks.find((t) => t.id === taskId);
    if (!task) return null;
    const job = await this.jobView(jobIdOf(parsed.group));
    const status = taskStatus({ pending: task.count, processed: 0, failed: 0 }, job);
    // A job that gave up before the store could take its result: every record failed.
    if (status === TaskStatus.Failure) {
      return { task_id: taskId, status, result: { logs_processed: 0, logs_failed: task.count, redactions: {} } };
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
