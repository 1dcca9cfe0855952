import { Module } from '@nestjs/common';
import { AcceptedGroupStore } from './accepted-group.store';
import { ChunkCatalog } from './chunk-catalog';
import { ChunkRewriter } from './chunk-rewriter';
import { ChunkStore } from './chunk.store';
import { DatabaseModule } from './database.module';
import { GroupResultStore } from './group-result.store';
import { HourLocks } from './hour-locks';
import { HourlyLayoutMigration } from './hourly-layout-migration';
import { LogRecordReader } from './log-record.reader';
import { StoreCollections } from './store-collections';

const providers = [StoreCollections, AcceptedGroupStore, GroupResultStore, ChunkStore, ChunkCatalog, ChunkRewriter, HourLocks, LogRecordReader, HourlyLayoutMigration];

@Module({
  imports: [DatabaseModule],
  providers,
  exports: providers,
})
export class LogsModule {}
