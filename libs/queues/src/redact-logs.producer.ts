// Enqueues redaction jobs, one per commit group, carrying its sealed records. Never throws: when Redis is unreachable the
// records are durable already, and the reconciler enqueues them later under the same job id.
import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, Logger } from '@nestjs/common';
import type { Job, Queue } from 'bullmq';
import { JobName, QueueName, type RedactLogsPayload, type RedactLogsResult } from './queue-names';

const ENQUEUE_TIMEOUT_MS = 1500;

@Injectable()
export class RedactLogsProducer {
  private readonly logger = new Logger(RedactLogsProducer.name);

  constructor(@InjectQueue(QueueName.RedactLogs) private readonly queue: Queue<RedactLogsPayload, RedactLogsResult>) {}

  /** Adds the job under `jobId`, so adding it twice is a no-op. Resolves false if Redis is away. */
  async enqueue(jobId: string, payload: RedactLogsPayload): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        this.queue.add(JobName.RedactLogs, payload, { jobId }),
        new Promise((_, reject) => {
          timer = setTimeout(() => reject(new Error(`no answer from Redis within ${ENQUEUE_TIMEOUT_MS} ms`)), ENQUEUE_TIMEOUT_MS);
        }),
      ]);
      return true;
    } catch (error) {
      this.logger.warn(`job ${jobId} not enqueued (${(error as Error).message}); the reconciler will enqueue it`);
      return false;
    } finally {
      clearTimeout(timer);
    }
  }

  /**
   * Enqueues records again after they failed: the finished job is removed first, so the tasks
   * keep their job (GET /task follows the new attempt). Resolves false if Redis is away.
   */
  async requeue(jobId: string, payload: RedactLogsPayload): Promise<boolean> {
    try {
      await this.queue.remove(jobId);
    } catch (error) {
      this.logger.warn(`job ${jobId}: old job not removed (${(error as Error).name})`);
      return false;
    }
    return this.enqueue(jobId, payload);
  }

  getJob(jobId: string): Promise<Job<RedactLogsPayload, RedactLogsResult> | undefined> {
    return this.queue.getJob(jobId);
  }
}
