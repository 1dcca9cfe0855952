import { Module } from '@nestjs/common';
import { DatabaseModule } from './database.module';
import { LogRecordRepository } from './log-record.repository';
import { PartitionedCollections } from './partitioned-collections';
import { PendingDeletionBuffer } from './pending-deletion.buffer';
import { TaskRepository } from './task.repository';

@Module({
  imports: [DatabaseModule],
  providers: [PartitionedCollections, LogRecordRepository, PendingDeletionBuffer, TaskRepository],
  exports: [PartitionedCollections, LogRecordRepository, TaskRepository],
})
export class LogsModule {}
