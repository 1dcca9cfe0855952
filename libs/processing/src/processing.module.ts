import { Module } from '@nestjs/common';
import { DetectionModule } from '@app/detection';
import { LogsModule } from '@app/logs';
import { QueuesModule } from '@app/queues';
import { RulesModule } from '@app/rules';
import { ErasureRequests, LiveTailPublisher } from '@app/search';
import { ChunkCompactionService } from './chunk-compaction.service';
import { ChunkWriter } from './chunk-writer';
import { FailedErasureService } from './failed-erasure.service';
import { LogRedactionService } from './log-redaction.service';
import { PendingReconcilerService } from './pending-reconciler.service';
import { RetentionService } from './retention.service';

@Module({
  imports: [LogsModule, QueuesModule, RulesModule, DetectionModule],
  providers: [LogRedactionService, ChunkWriter, PendingReconcilerService, RetentionService, ChunkCompactionService, FailedErasureService, LiveTailPublisher, ErasureRequests],
  exports: [LogRedactionService, PendingReconcilerService, RetentionService, ChunkCompactionService, FailedErasureService],
})
export class ProcessingModule {}
