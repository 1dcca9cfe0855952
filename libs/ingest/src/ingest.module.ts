import { Module } from '@nestjs/common';
import { LogsModule } from '@app/logs';
import { QueuesModule } from '@app/queues';
import { LogIngestService } from './log-ingest.service';

@Module({
  imports: [LogsModule, QueuesModule],
  providers: [LogIngestService],
  exports: [LogIngestService],
})
export class IngestModule {}
