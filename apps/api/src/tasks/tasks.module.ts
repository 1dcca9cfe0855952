import { Module } from '@nestjs/common';
import { LogsModule } from '@app/logs';
import { QueuesModule } from '@app/queues';
import { TasksController } from './tasks.controller';
import { TaskStatusService } from './task-status.service';

@Module({
  imports: [LogsModule, QueuesModule],
  controllers: [TasksController],
  providers: [TaskStatusService],
})
export class TasksModule {}
