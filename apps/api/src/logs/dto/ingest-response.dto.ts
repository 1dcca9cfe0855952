import { ApiProperty } from '@nestjs/swagger';

/** The seed's acknowledgement: the log is durable and queued for redaction. */
export class IngestResponseDto {
  @ApiProperty({ example: 'Log stored and processing' })
  status!: string;

  @ApiProperty({ example: '64f64e0e924b81b597ca24f1', description: 'Id of the stored log; GET /logs/{log_id}.' })
  log_id!: string;

  @ApiProperty({ example: '1b41b21d-dc5f-4ac9-9da4-6353b2de70a7', description: 'Id of the processing task; GET /task/{task_id}.' })
  task_id!: string;
}
