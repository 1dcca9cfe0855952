import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { QueuesModule } from '@app/queues';
import { HealthController } from './health.controller';
import { MetricsController } from './metrics.controller';

/** What operators read, on both roles: health and metrics. */
@Module({
  imports: [TerminusModule, QueuesModule],
  controllers: [HealthController, MetricsController],
})
export class HealthModule {}
