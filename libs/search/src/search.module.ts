import { Module } from '@nestjs/common';
import { LogsModule } from '@app/logs';
import { QueuesModule } from '@app/queues';
import { ErasureRequests } from './erasure-requests';
import { LiveTailHub } from './live-tail.hub';
import { LogErasureService } from './log-erasure.service';
import { LogSearchService } from './log-search.service';

/** Reading stored logs: search, export, stats, and the api side of the live tail. */
@Module({
  imports: [LogsModule, QueuesModule],
  providers: [LogSearchService, LogErasureService, ErasureRequests, LiveTailHub],
  exports: [LogSearchService, LogErasureService, ErasureRequests, LiveTailHub],
})
export class SearchModule {}
