import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { LogSource, LogStatus, seedLogData, type StoredLogRecord } from '@app/logs';

export class FindingSummaryDto {
  @ApiProperty({ example: 'email', description: 'Id of the rule that fired.' })
  rule!: string;

  @ApiProperty({ example: '$.attributes.email', description: 'JSONPath of the string it fired in.' })
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

  @ApiProperty({ enum: LogSource, example: LogSource.Json, description: 'json: the seed\'s {"log_data": ...}; text: a text/plain line; native: the native record; otlp: OTLP/HTTP; loki, elasticsearch, splunk, gelf: those shippers\' protocols.' })
  source!: LogSource;

  @ApiProperty({ example: '2026-11-29T10:00:00.000Z' })
  received_at!: string;

  @ApiProperty({ example: '2026-11-29T10:00:00.000Z', description: "The client's timestamp, or received_at." })
  timestamp!: string;

  @ApiPropertyOptional({ example: '2026-11-29T10:00:00.120Z' })
  processed_at?: string;

  @ApiPropertyOptional({ example: 'warn', description: 'Processed logs only, as every field below.' })
  level?: string;

  @ApiPropertyOptional({ example: 'auth' })
  service?: string;

  @ApiPropertyOptional({ example: 'login failed for [REDACTED:email]' })
  message?: string;

  @ApiPropertyOptional({ type: 'object', additionalProperties: true, example: { username: 'john_doe', email: '[REDACTED:email]' } })
  attributes?: Record<string, unknown>;

  @ApiPropertyOptional({ example: '4bf92f3577b34da6a3ce929d0e0e4736' })
  trace_id?: string;

  @ApiPropertyOptional({ example: '00f067aa0ba902b7' })
  span_id?: string;

  @ApiPropertyOptional({
    description: 'Logs sent in the seed\'s shape: the redacted log_data as sent (an object or a line).',
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
    if (record.status === LogStatus.Processed && record.content) {
      const { message, attributes, level, service, trace_id, span_id } = record.content;
      Object.assign(dto, JSON.parse(JSON.stringify({ message, attributes, level, service, trace_id, span_id })));
      if (record.source === LogSource.Json || record.source === LogSource.Text) dto.log_data = seedLogData(record.content);
      dto.processed_at = record.processedAt?.toISOString();
      dto.findings = record.findings ?? [];
    }
    if (record.status === LogStatus.Failed && record.failure) dto.failure_reason = record.failure.reason;
    return dto;
  }
}
