import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { DatabaseModule, PENDING_LOG_MODEL, PendingLogSchema, PROCESSED_LOG_MODEL, ProcessedLogSchema } from '@app/logs';
import { LiveTailHub } from './live-tail.hub';
import { LogSearchService } from './log-search.service';

/** Reading stored logs: search, export, stats, and the api side of the live tail. */
@Module({
  imports: [
    DatabaseModule,
    MongooseModule.forFeature([
      { name: PROCESSED_LOG_MODEL, schema: ProcessedLogSchema },
      { name: PENDING_LOG_MODEL, schema: PendingLogSchema },
    ]),
  ],
  providers: [LogSearchService, LiveTailHub],
  exports: [LogSearchService, LiveTailHub],
})
export class SearchModule {}
