import { ApiProperty, ApiPropertyOptional, OmitType, PartialType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { Allow, ArrayMaxSize, ArrayMinSize, IsArray, IsBoolean, IsIn, IsInt, IsNumber, IsOptional, IsString, Length, Matches, Max, Min, ValidateNested } from 'class-validator';
import { CONDITION_OPERATORS, SEVERITIES } from '@app/detection';

const WEEK = 7 * 24 * 3600;

export class ConditionDto {
  @ApiProperty({ example: 'attributes.event', description: '`level`, `service`, `message` or `attributes.<path>`.' })
  @IsString() @Length(1, 600)
  field!: string;

  @ApiProperty({ enum: CONDITION_OPERATORS, example: 'eq', description: 'regex runs in RE2 (linear time).' })
  @IsIn(CONDITION_OPERATORS)
  op!: string;

  @ApiPropertyOptional({ description: 'A string, number or boolean; a list for `in`; a pattern for `regex`; none for `exists`.', oneOf: [{ type: 'string' }, { type: 'number' }, { type: 'boolean' }, { type: 'array', items: { oneOf: [{ type: 'string' }, { type: 'number' }] } }], example: 'login_failed' })
  @Allow()
  value?: unknown;
}

export class AggregateDto {
  @ApiProperty({ enum: ['count', 'distinct', 'sum'], example: 'count' })
  @IsIn(['count', 'distinct', 'sum'])
  kind!: 'count' | 'distinct' | 'sum';

  @ApiPropertyOptional({ example: 'attributes.user', description: 'The field counted (distinct) or summed (sum).' })
  @IsOptional() @IsString() @Length(1, 600)
  field?: string;
}

export class ThresholdDto {
  @ApiProperty({ enum: ['gte', 'gt'], example: 'gte' })
  @IsIn(['gte', 'gt'])
  op!: 'gte' | 'gt';

  @ApiProperty({ example: 5 })
  @IsNumber({ allowNaN: false, allowInfinity: false })
  value!: number;
}

export class CreateDetectionRuleDto {
  @ApiProperty({ example: 'admin-login-failures', pattern: '^[a-z0-9][a-z0-9-]{1,63}$' })
  @Matches(/^[a-z0-9][a-z0-9-]{1,63}$/, { message: 'id must be 2-64 lower-case letters, digits or dashes' })
  id!: string;

  @ApiProperty({ example: 'Failed admin logins', minLength: 1, maxLength: 200 })
  @IsString() @Length(1, 200)
  name!: string;

  @ApiPropertyOptional({ maxLength: 1000 })
  @IsOptional() @IsString() @Length(0, 1000)
  description?: string;

  @ApiPropertyOptional({ default: true })
  @IsOptional() @IsBoolean()
  enabled?: boolean;

  @ApiProperty({ enum: SEVERITIES, example: 'high' })
  @IsIn(SEVERITIES)
  severity!: string;

  @ApiProperty({ type: [ConditionDto], minItems: 1, maxItems: 20, description: 'All must hold.' })
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(20) @ValidateNested({ each: true }) @Type(() => ConditionDto)
  match!: ConditionDto[];

  @ApiProperty({ type: [String], maxItems: 3, example: ['attributes.user'] })
  @IsArray() @ArrayMaxSize(3) @IsString({ each: true })
  groupBy!: string[];

  @ApiProperty({ type: AggregateDto })
  @ValidateNested() @Type(() => AggregateDto)
  aggregate!: AggregateDto;

  @ApiProperty({ type: ThresholdDto })
  @ValidateNested() @Type(() => ThresholdDto)
  threshold!: ThresholdDto;

  @ApiProperty({ example: 60, minimum: 1, maximum: WEEK, description: 'Sliding window, seconds.' })
  @IsInt() @Min(1) @Max(WEEK)
  windowSeconds!: number;

  @ApiProperty({ example: 300, minimum: 1, maximum: WEEK, description: 'After an alert, the same group stays quiet this long.' })
  @IsInt() @Min(1) @Max(WEEK)
  suppressSeconds!: number;

  @ApiPropertyOptional({ type: [String], maxItems: 10, example: ['https://hooks.example.com/logsieve'], description: 'Webhook URLs; private and loopback addresses are refused unless WEBHOOK_ALLOW_PRIVATE_TARGETS=true.' })
  @IsOptional() @IsArray() @ArrayMaxSize(10) @IsString({ each: true })
  targets?: string[];
}

export class UpdateDetectionRuleDto extends PartialType(OmitType(CreateDetectionRuleDto, ['id'] as const)) {}

export class DetectionRuleDto extends CreateDetectionRuleDto {
  @ApiProperty({ description: 'Built-in rules can be changed and disabled, not deleted.' })
  builtin!: boolean;
}
