import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { QueuesModule } from '@app/queues';
import { HealthController } from './health.controller';

@Module({
  imports: [TerminusModule, QueuesModule],
  controllers: [HealthController],
})
export class HealthModule {}
