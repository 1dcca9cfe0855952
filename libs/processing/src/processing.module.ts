import { Module } from '@nestjs/common';
import { LogsModule } from '@app/logs';
import { QueuesModule } from '@app/queues';
import { LogRedactionService } from './log-redaction.service';
import { PendingReconcilerService } from './pending-reconciler.service';

@Module({
  imports: [LogsModule, QueuesModule],
  providers: [LogRedactionService, PendingReconcilerService],
  exports: [LogRedactionService, PendingReconcilerService],
})
export class ProcessingModule {}
