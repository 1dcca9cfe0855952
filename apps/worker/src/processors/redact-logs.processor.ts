// Consumes redaction jobs. The work lives in LogRedactionService; this class owns BullMQ's
// side: worker options, and what happens after the last attempt.
import { OnWorkerEvent, Processor, WorkerHost } from '@nestjs/bullmq';
import { Logger } from '@nestjs/common';
import { loadEnv } from '@app/config';
import { LogRedactionService } from '@app/processing';
import { QueueName, workerConnection, type RedactLogsPayload, type RedactLogsResult } from '@app/queues';
import type { Job } from 'bullmq';
import { hostname } from 'node:os';

@Processor(QueueName.RedactLogs, {
  connection: workerConnection(loadEnv()),
  concurrency: loadEnv().WORKER_CONCURRENCY,
  // Recorded on each job (processedBy): which worker process ran it.
  name: `${hostname()}-${process.pid}`,
  // A crashed worker's jobs are found stalled and retried after one lock period.
  lockDuration: loadEnv().WORKER_LOCK_MS,
  stalledInterval: loadEnv().WORKER_LOCK_MS,
})
export class RedactLogsProcessor extends WorkerHost {
  private readonly logger = new Logger(RedactLogsProcessor.name);

  constructor(private readonly redaction: LogRedactionService) {
    super();
  }

  async process(job: Job<RedactLogsPayload, RedactLogsResult>): Promise<RedactLogsResult> {
    try {
      return await this.redaction.processGroup(job.data, {
        lastAttempt: job.attemptsMade + 1 >= (job.opts.attempts ?? 1),
        // A retry, or a job taken over from a worker that died: part of it may be done.
        redelivered: job.attemptsMade > 0 || (job.stalledCounter ?? 0) > 0,
      });
    } catch (error) {
      const attempt = job.attemptsMade + 1;
      const attempts = job.opts.attempts ?? 1;
      const reason = `${(error as Error).name}: attempt ${attempt} of ${attempts} failed`;
      this.logger.warn(`task ${job.id}: ${reason}`);
      if (attempt >= attempts) {
        // Out of retries: the records say so. If the store is the problem this fails too,
        // and the reconciler records it later from the failed job.
        await this.redaction.giveUp(job.data, `gave up after ${attempts} attempts (${(error as Error).name})`).catch(() => undefined);
      }
      throw error;
    }
  }

  /** BullMQ reports lost locks and Redis trouble as `error` events: unheard, one would crash the process. */
  @OnWorkerEvent('error')
  onWorkerError(error: Error): void {
    this.logger.warn(`worker error: ${error.name}: ${error.message.slice(0, 200)}`);
  }

  /**
   * A completed job keeps (for COMPLETED_JOB_TTL_SECONDS, for task status) only its state,
   * result and tasks: its sealed records are dropped, nobody reads them again.
   */
  @OnWorkerEvent('completed')
  async slimCompleted(job: Job<RedactLogsPayload, RedactLogsResult>): Promise<void> {
    await job.updateData({ ...job.data, records: [], prior: undefined }).catch(() => undefined);
  }
}
