// The api role: ingest, task status, reading logs, health and docs.
import { Module } from '@nestjs/common';
import { HealthModule } from '@app/observability';
import { LogsApiModule } from './logs/logs.module';
import { TasksModule } from './tasks/tasks.module';

@Module({
  imports: [LogsApiModule, TasksModule, HealthModule],
})
export class ApiModule {}
