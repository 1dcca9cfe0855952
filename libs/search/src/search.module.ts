import { Module } from '@nestjs/common';
import { LogsModule } from '@app/logs';
import { LiveTailHub } from './live-tail.hub';
import { LogErasureService } from './log-erasure.service';
import { LogSearchService } from './log-search.service';

/** Reading stored logs: search, export, stats, and the api side of the live tail. */
@Module({
  imports: [LogsModule],
  providers: [LogSearchService, LogErasureService, LiveTailHub],
  exports: [LogSearchService, LogErasureService, LiveTailHub],
})
export class SearchModule {}
