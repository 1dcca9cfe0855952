import { Module } from '@nestjs/common';
import { DetectionModule } from '@app/detection';
import { LogsModule } from '@app/logs';
import { QueuesModule } from '@app/queues';
import { RulesModule } from '@app/rules';
import { LiveTailPublisher } from '@app/search';
import { ChunkCompactionService } from './chunk-compaction.service';
import { ChunkWriter } from './chunk-writer';
import { LogRedactionService } from './log-redaction.service';
import { PendingReconcilerService } from './pending-reconciler.service';
import { RetentionService } from './retention.service';

@Module({
  imports: [LogsModule, QueuesModule, RulesModule, DetectionModule],
  providers: [LogRedactionService, ChunkWriter, PendingReconcilerService, RetentionService, ChunkCompactionService, LiveTailPublisher],
  exports: [LogRedactionService, PendingReconcilerService, RetentionService, ChunkCompactionService],
})
export class ProcessingModule {}
