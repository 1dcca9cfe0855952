// Stops the BullMQ workers and waits for their active jobs, before the app closes its modules:
// Nest destroys modules (and their Redis and MongoDB connections) before it shuts BullMQ
// down, which would fail the jobs still running.
import type { INestApplication } from '@nestjs/common';
import type { WorkerHost } from '@nestjs/bullmq';
import { MaintenanceProcessor } from './processors/maintenance.processor';
import { NotifyWebhooksProcessor } from './processors/notify-webhooks.processor';
import { RedactLogsProcessor } from './processors/redact-logs.processor';

export async function closeWorkers(app: INestApplication): Promise<void> {
  const hosts = [RedactLogsProcessor, NotifyWebhooksProcessor, MaintenanceProcessor].map((processor) => app.get<WorkerHost>(processor, { strict: false }));
  await Promise.all(hosts.map((host) => host.worker.close()));
}
