// The worker role: BullMQ processors and the reconciler. No public API; /health only.
import { Module } from '@nestjs/common';
import { LogsModule } from '@app/logs';
import { HealthModule } from '@app/observability';
import { ProcessingModule } from '@app/processing';
import { QueuesModule } from '@app/queues';
import { RedactLogsProcessor } from './processors/redact-logs.processor';
import { ReconcileScheduleService } from './reconciler/reconcile-schedule.service';

@Module({
  imports: [LogsModule, QueuesModule, ProcessingModule, HealthModule],
  providers: [RedactLogsProcessor, ReconcileScheduleService],
})
export class WorkerModule {}
