import { Module } from '@nestjs/common';
import { QueuesModule } from '@app/queues';
import { SearchModule } from '@app/search';
import { StatsController } from './stats.controller';

@Module({ imports: [SearchModule, QueuesModule], controllers: [StatsController] })
export class StatsApiModule {}
