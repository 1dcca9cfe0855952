// Delivers alerts to webhook targets. Retries with exponential backoff come from the job
// options (WEBHOOK_ATTEMPTS, WEBHOOK_BACKOFF_MS); the work lives in WebhookDeliveryService.
import { Processor, WorkerHost } from '@nestjs/bullmq';
import { loadEnv } from '@app/config';
import { WebhookDeliveryService } from '@app/detection';
import { QueueName, workerConnection, type NotifyWebhookPayload } from '@app/queues';
import type { Job } from 'bullmq';

@Processor(QueueName.NotifyWebhooks, { connection: workerConnection(loadEnv()), concurrency: 8, lockDuration: loadEnv().WORKER_LOCK_MS })
export class NotifyWebhooksProcessor extends WorkerHost {
  constructor(private readonly delivery: WebhookDeliveryService) {
    super();
  }

  async process(job: Job<NotifyWebhookPayload>): Promise<void> {
    const attempt = job.attemptsMade + 1;
    await this.delivery.deliver(job.data.alertId, job.data.target, attempt, attempt >= (job.opts.attempts ?? 1));
  }
}
