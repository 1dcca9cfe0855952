import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { TaskStatus } from '@app/queues';

/** What a finished task did. */
export class TaskResultDto {
  @ApiProperty({ example: 1 })
  logs_processed!: number;

  @ApiProperty({ example: 0 })
  logs_failed!: number;

  @ApiProperty({ example: { email: 1 }, description: 'Redactions made, by rule.', additionalProperties: { type: 'integer' } })
  redactions!: Record<string, number>;

  @ApiPropertyOptional({ example: ['cannot open sealed content: sealed content failed authentication'], description: 'Why logs failed, if any did.' })
  failure_reasons?: string[];
}

export class TaskStatusDto {
  @ApiProperty({ example: '1b41b21d-dc5f-4ac9-9da4-6353b2de70a7' })
  task_id!: string;

  @ApiProperty({ enum: TaskStatus, example: TaskStatus.Success, description: 'PENDING, STARTED, RETRY, SUCCESS or FAILURE, as Celery names them.' })
  status!: TaskStatus;

  @ApiProperty({ type: TaskResultDto, nullable: true, description: 'Set once the task has finished (SUCCESS or FAILURE); null before.' })
  result!: TaskResultDto | null;
}
