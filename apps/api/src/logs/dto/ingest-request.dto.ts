// Request shapes of POST /logs, for the docs (the body is parsed by libs/ingest, not a pipe).
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class SeedRecordDto {
  @ApiProperty({
    description: "The original brief's shape: an object (kept as attributes) or a line (kept as message).",
    oneOf: [{ type: 'object', additionalProperties: true }, { type: 'string', minLength: 1 }],
    example: { username: 'john_doe', email: 'john@example.com', activity: 'login_attempt' },
  })
  log_data!: unknown;
}

export class NativeRecordDto {
  @ApiPropertyOptional({ example: '2026-11-29T10:00:00Z', description: 'ISO 8601, or epoch seconds/milliseconds/nanoseconds. Default: when received.' })
  timestamp?: string;

  @ApiPropertyOptional({ example: 'warn', description: 'A word of 1-16 letters, stored lower case.' })
  level?: string;

  @ApiPropertyOptional({ example: 'auth', maxLength: 128 })
  service?: string;

  @ApiPropertyOptional({ example: 'login failed for jane@example.com', description: 'message or attributes is required.' })
  message?: string;

  @ApiPropertyOptional({ type: 'object', additionalProperties: true, example: { user: 'jane', attempt: 3 }, description: 'Any JSON; fields the record does not define are kept here too.' })
  attributes?: Record<string, unknown>;

  @ApiPropertyOptional({ example: '4bf92f3577b34da6a3ce929d0e0e4736', pattern: '^[0-9a-f]{32}$' })
  trace_id?: string;

  @ApiPropertyOptional({ example: '00f067aa0ba902b7', pattern: '^[0-9a-f]{16}$' })
  span_id?: string;
}
