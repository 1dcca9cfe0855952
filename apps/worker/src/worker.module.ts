// The worker role: BullMQ processors (redaction with detection, webhook delivery) and the reconciler. No public API; /health only.
import { Module } from '@nestjs/common';
import { LogsModule } from '@app/logs';
import { HealthModule } from '@app/observability';
import { ProcessingModule } from '@app/processing';
import { QueuesModule } from '@app/queues';
import { DetectionModule } from '@app/detection';
import { MaintenanceProcessor } from './processors/maintenance.processor';
import { NotifyWebhooksProcessor } from './processors/notify-webhooks.processor';
import { RedactLogsProcessor } from './processors/redact-logs.processor';
import { ReconcileScheduleService } from './reconciler/reconcile-schedule.service';

@Module({
  imports: [LogsModule, QueuesModule, ProcessingModule, DetectionModule, HealthModule],
  providers: [RedactLogsProcessor, NotifyWebhooksProcessor, MaintenanceProcessor, ReconcileScheduleService],
})
export class WorkerModule {}
