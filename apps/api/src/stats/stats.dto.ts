import { ApiProperty } from '@nestjs/swagger';

export class VolumeBucketDto {
  @ApiProperty({ type: String, format: 'date-time' })
  start!: string;

  @ApiProperty({ example: 42 })
  total!: number;

  @ApiProperty({ type: 'object', additionalProperties: { type: 'integer' }, example: { info: 40, error: 2 } })
  by_level!: Record<string, number>;
}

export class RuleCountDto {
  @ApiProperty({ example: 'email' })
  rule!: string;

  @ApiProperty({ example: 17 })
  count!: number;
}

export class QueueDepthDto {
  @ApiProperty() waiting!: number;
  @ApiProperty() active!: number;
  @ApiProperty() delayed!: number;
  @ApiProperty() failed!: number;
}

export class StatsDto {
  @ApiProperty({ type: String, format: 'date-time' })
  from!: string;

  @ApiProperty({ type: String, format: 'date-time' })
  to!: string;

  @ApiProperty({ example: 60000, description: 'Bucket width in milliseconds.' })
  bucket_ms!: number;

  @ApiProperty({ type: [VolumeBucketDto], description: 'Processed logs by level per bucket, oldest first; empty buckets included.' })
  buckets!: VolumeBucketDto[];

  @ApiProperty({ type: 'object', additionalProperties: { type: 'integer' } })
  by_level!: Record<string, number>;

  @ApiProperty({ type: 'object', additionalProperties: { type: 'integer' } })
  by_service!: Record<string, number>;

  @ApiProperty({ type: [RuleCountDto], description: 'Redactions by rule, most first (top 10).' })
  top_redaction_rules!: RuleCountDto[];

  @ApiProperty({ type: QueueDepthDto, nullable: true, description: 'Redaction jobs by state; null when Redis does not answer.' })
  queue!: QueueDepthDto | null;

  @ApiProperty({ description: 'Processed logs counted.' })
  records!: number;

  @ApiProperty({ description: 'True when the range held more logs than one call counts (200,000); narrow it.' })
  truncated!: boolean;
}
