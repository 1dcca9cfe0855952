import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class RecordRejectionDto {
  @ApiProperty({ example: 2, description: 'Position of the record in the array, or of the line in NDJSON (from 0).' })
  index!: number;

  @ApiProperty({ example: '"level" must be a word of 1-16 letters or a level number (syslog 0-7, pino 10-60)' })
  reason!: string;
}

/** The seed's acknowledgement, with batch detail: the accepted logs are durable and queued. */
export class IngestResponseDto {
  @ApiProperty({ example: 'Log stored and processing' })
  status!: string;

  @ApiProperty({ example: '64f64e0e924b81b597ca24f1', description: 'Id of the (first) stored log; GET /logs/{log_id}.' })
  log_id!: string;

  @ApiProperty({ example: '1b41b21d-dc5f-4ac9-9da4-6353b2de70a7', description: 'Id of the processing task; GET /task/{task_id}.' })
  task_id!: string;

  @ApiProperty({ example: 1, description: 'Records stored.' })
  accepted!: number;

  @ApiProperty({ type: [String], example: ['64f64e0e924b81b597ca24f1'], description: 'Ids of the stored records, in request order.' })
  log_ids!: string[];

  @ApiProperty({ example: 0, description: 'Records refused; the others were stored (partial success).' })
  rejected!: number;

  @ApiPropertyOptional({ type: [RecordRejectionDto], description: 'Why each refused record was refused.' })
  errors?: RecordRejectionDto[];
}
