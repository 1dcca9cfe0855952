import { Module } from '@nestjs/common';
import { LogsModule } from '@app/logs';
import { QueuesModule } from '@app/queues';
import { RulesModule } from '@app/rules';
import { LogRedactionService } from './log-redaction.service';
import { PendingReconcilerService } from './pending-reconciler.service';

@Module({
  imports: [LogsModule, QueuesModule, RulesModule],
  providers: [LogRedactionService, PendingReconcilerService],
  exports: [LogRedactionService, PendingReconcilerService],
})
export class ProcessingModule {}
