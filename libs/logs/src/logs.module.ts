import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { DatabaseModule } from './database.module';
import { PENDING_LOG_MODEL, PendingLogSchema, PROCESSED_LOG_MODEL, ProcessedLogSchema } from './log-record.schema';
import { LogRecordRepository } from './log-record.repository';
import { PendingDeletionBuffer } from './pending-deletion.buffer';

@Module({
  imports: [DatabaseModule, MongooseModule.forFeature([
      { name: PROCESSED_LOG_MODEL, schema: ProcessedLogSchema },
      { name: PENDING_LOG_MODEL, schema: PendingLogSchema },
    ])],
  providers: [LogRecordRepository, PendingDeletionBuffer],
  exports: [LogRecordRepository],
})
export class LogsModule {}
