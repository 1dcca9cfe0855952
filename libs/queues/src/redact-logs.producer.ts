// Enqueues redaction jobs. Never throws: when Redis is unreachable the records are durable
// already, and the reconciler enqueues them later under the same job id.
import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, Logger } from '@nestjs/common';
import type { Job, Queue } from 'bullmq';
import { JobName, QueueName, type RedactLogsPayload, type RedactLogsResult } from './queue-names';

const ENQUEUE_TIMEOUT_MS = 1500;

@Injectable()
export class RedactLogsProducer {
  private readonly logger = new Logger(RedactLogsProducer.name);

  constructor(@InjectQueue(QueueName.RedactLogs) private readonly queue: Queue<RedactLogsPayload, RedactLogsResult>) {}

  /** Adds the job with `taskId` as its id, so adding it twice is a no-op. Resolves false if Redis is away. */
  async enqueue(taskId: string, logIds: string[]): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        this.queue.add(JobName.RedactLogs, { logIds }, { jobId: taskId }),
        new Promise((_, reject) => {
          timer = setTimeout(() => reject(new Error(`no answer from Redis within ${ENQUEUE_TIMEOUT_MS} ms`)), ENQUEUE_TIMEOUT_MS);
        }),
      ]);
      return true;
    } catch (error) {
      this.logger.warn(`task ${taskId} not enqueued (${(error as Error).message}); the reconciler will enqueue it`);
      return false;
    } finally {
      clearTimeout(timer);
    }
  }

  /**
   * Enqueues a task's records again after they failed: its finished job is removed first, so
   * the task keeps its id (GET /task follows the new attempt). Resolves false if Redis is away.
   */
  async requeue(taskId: string, logIds: string[]): Promise<boolean> {
    try {
      await this.queue.remove(taskId);
    } catch (error) {
      this.logger.warn(`task ${taskId}: old job not removed (${(error as Error).name})`);
      return false;
    }
    return this.enqueue(taskId, logIds);
  }

  getJob(taskId: string): Promise<Job<RedactLogsPayload, RedactLogsResult> | undefined> {
    return this.queue.getJob(taskId);
  }
}
