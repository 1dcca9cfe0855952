// The api role: ingest (native, OTLP and the shippers' protocols), task status, reading logs, redaction rules, health and docs.
import { Module } from '@nestjs/common';
import { HealthModule } from '@app/observability';
import { AccessModule } from './access/access.module';
import { LogsApiModule } from './logs/logs.module';
import { OtlpApiModule } from './otlp/otlp.module';
import { ShippersApiModule } from './shippers/shippers.module';
import { RedactionApiModule } from './redaction/redaction.module';
import { DetectionApiModule } from './detection/detection.module';
import { StatsApiModule } from './stats/stats.module';
import { TasksModule } from './tasks/tasks.module';

@Module({
  imports: [AccessModule, LogsApiModule, OtlpApiModule, ShippersApiModule, TasksModule, RedactionApiModule, StatsApiModule, DetectionApiModule, HealthModule],
})
export class ApiModule {}
