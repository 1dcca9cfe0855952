import { Module } from '@nestjs/common';
import { DetectionModule } from '@app/detection';
import { LogsModule } from '@app/logs';
import { QueuesModule } from '@app/queues';
import { RulesModule } from '@app/rules';
import { LiveTailPublisher } from '@app/search';
import { LogRedactionService } from './log-redaction.service';
import { PendingReconcilerService } from './pending-reconciler.service';
import { RetentionService } from './retention.service';

@Module({
  imports: [LogsModule, QueuesModule, RulesModule, DetectionModule],
  providers: [LogRedactionService, PendingReconcilerService, RetentionService, LiveTailPublisher],
  exports: [LogRedactionService, PendingReconcilerService, RetentionService],
})
export class ProcessingModule {}
