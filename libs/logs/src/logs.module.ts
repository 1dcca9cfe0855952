import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { DatabaseModule } from './database.module';
import { LogRecord, LogRecordSchema } from './log-record.schema';
import { LogRecordRepository } from './log-record.repository';

@Module({
  imports: [DatabaseModule, MongooseModule.forFeature([{ name: LogRecord.name, schema: LogRecordSchema }])],
  providers: [LogRecordRepository],
  exports: [LogRecordRepository],
})
export class LogsModule {}
