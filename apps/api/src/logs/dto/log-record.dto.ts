import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { LogSource, LogStatus, type StoredLogRecord } from '@app/logs';

export class FindingSummaryDto {
  @ApiProperty({ example: 'email', description: 'Id of the rule that fired.' })
  rule!: string;

  @ApiProperty({ example: '$.log_data.email', description: 'JSONPath of the string it fired in.' })
  path!: string;

  @ApiProperty({ example: 1 })
  count!: number;
}

/** A stored log. Content appears only once redacted; pending and failed logs show status and times. */
export class LogRecordDto {
  @ApiProperty({ example: '64f64e0e924b81b597ca24f1' })
  log_id!: string;

  @ApiProperty({ example: '1b41b21d-dc5f-4ac9-9da4-6353b2de70a7' })
  task_id!: string;

  @ApiProperty({ enum: LogStatus, example: LogStatus.Processed })
  status!: LogStatus;

  @ApiProperty({ enum: LogSource, example: LogSource.Json, description: 'json: sent as {"log_data": ...}; text: a text/plain line.' })
  source!: LogSource;

  @ApiProperty({ example: '2026-11-29T10:00:00.000Z' })
  received_at!: string;

  @ApiProperty({ example: '2026-11-29T10:00:00.000Z', description: "The client's timestamp, or received_at." })
  timestamp!: string;

  @ApiPropertyOptional({ example: '2026-11-29T10:00:00.120Z' })
  processed_at?: string;

  @ApiPropertyOptional({
    description: 'The redacted log_data (processed logs only).',
    oneOf: [{ type: 'object', additionalProperties: true }, { type: 'string' }],
    example: { username: 'john_doe', email: '[REDACTED:email]', activity: 'login_attempt' },
  })
  log_data?: unknown;

  @ApiPropertyOptional({ type: [FindingSummaryDto], description: 'What was redacted where (processed logs only); never the values.' })
  findings?: FindingSummaryDto[];

  @ApiPropertyOptional({ example: 'cannot open sealed content: sealed content failed authentication', description: 'Why processing failed (failed logs only).' })
  failure_reason?: string;

  static from(record: StoredLogRecord): LogRecordDto {
    const dto: LogRecordDto = {
      log_id: record.id,
      task_id: record.taskId,
      status: record.status,
      source: record.source,
      received_at: record.receivedAt.toISOString(),
      timestamp: record.timestamp.toISOString(),
    };
    if (record.status === LogStatus.Processed) {
      dto.processed_at = record.processedAt?.toISOString();
      dto.log_data = record.content?.log_data;
      dto.findings = record.findings ?? [];
    }
    if (record.status === LogStatus.Failed && record.failure) dto.failure_reason = record.failure.reason;
    return dto;
  }
}
