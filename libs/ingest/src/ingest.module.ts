import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { LogsModule } from '@app/logs';
import { QueuesModule } from '@app/queues';
import { IdempotencyKeyDoc, IdempotencyKeySchema } from './idempotency.schema';
import { CommitGroups } from './commit-group';
import { IdempotencyService } from './idempotency.service';
import { LogIngestService } from './log-ingest.service';
import { LogReprocessService } from './log-reprocess.service';

@Module({
  imports: [LogsModule, QueuesModule, MongooseModule.forFeature([{ name: IdempotencyKeyDoc.name, schema: IdempotencyKeySchema }])],
  providers: [CommitGroups, LogIngestService, LogReprocessService, IdempotencyService],
  exports: [LogIngestService, LogReprocessService, IdempotencyService, QueuesModule],
})
export class IngestModule {}
