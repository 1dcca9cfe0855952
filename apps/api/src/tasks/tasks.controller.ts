import { ApiKeyScope, RequiresScope } from '@app/auth';
import { Controller, Get, NotFoundException, Param } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { ErrorResponseDto } from '../http/error-response.dto';
import { quoteInput } from '../http/quoted-input';
import { TaskStatusDto } from './dto/task-status.dto';
import { TaskStatusService } from './task-status.service';

@ApiTags('tasks')
@RequiresScope(ApiKeyScope.Read)
@Controller('task')
export class TasksController {
  constructor(private readonly tasks: TaskStatusService) {}

  @Get(':task_id')
  @ApiOperation({
    summary: 'Status of a processing task',
    description: 'Still answers after the job has left Redis: finished tasks are read from the stored logs.',
  })
  @ApiParam({ name: 'task_id', example: '1b41b21d-dc5f-4ac9-9da4-6353b2de70a7', description: 'As returned by POST /logs.' })
  @ApiOkResponse({ type: TaskStatusDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'No task with this id.' })
  async find(@Param('task_id') taskId: string): Promise<TaskStatusDto> {
    const status = /^[\w-]{1,64}$/.test(taskId) ? await this.tasks.find(taskId) : null;
    if (!status) throw new NotFoundException(`No task with id ${quoteInput(taskId)}`);
    return status;
  }
}
