// Delivers alerts to webhook targets. Retries with exponential backoff come from the job
// options (WEBHOOK_ATTEMPTS, WEBHOOK_BACKOFF_MS); the work lives in WebhookDeliveryService.
import { OnWorkerEvent, Processor, WorkerHost } from '@nestjs/bullmq';
import { Logger } from '@nestjs/common';
import { loadEnv } from '@app/config';
import { WebhookDeliveryService } from '@app/detection';
import { QueueName, workerConnection, type NotifyWebhookPayload } from '@app/queues';
import type { Job } from 'bullmq';

@Processor(QueueName.NotifyWebhooks, { connection: workerConnection(loadEnv()), concurrency: 8, lockDuration: loadEnv().WORKER_LOCK_MS })
export class NotifyWebhooksProcessor extends WorkerHost {
  private readonly logger = new Logger(NotifyWebhooksProcessor.name);

  constructor(private readonly delivery: WebhookDeliveryService) {
    super();
  }

  async process(job: Job<NotifyWebhookPayload>): Promise<void> {
    const attempt = job.attemptsMade + 1;
    await this.delivery.deliver(job.data.alertId, job.data.target, attempt, attempt >= (job.opts.attempts ?? 1));
  }

  /** BullMQ reports lost locks and Redis trouble as `error` events: unheard, one would crash the process. */
  @OnWorkerEvent('error')
  onWorkerError(error: Error): void {
    this.logger.warn(`worker error: ${error.name}: ${error.message.slice(0, 200)}`);
  }
}
