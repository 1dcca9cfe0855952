import { ApiProperty, ApiPropertyOptional, OmitType, PartialType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsBoolean, IsDefined, IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min, ValidateIf, ValidateNested } from 'class-validator';

export class RedactionActionDto {
  @ApiProperty({ enum: ['remove', 'replace', 'mask', 'hash'], example: 'hash', description: 'hash: keyed HMAC-SHA256 pseudonym, stable so equal values still correlate.' })
  @IsIn(['remove', 'replace', 'mask', 'hash'])
  kind!: 'remove' | 'replace' | 'mask' | 'hash';

  @ApiPropertyOptional({ example: '[REDACTED:employee-id]', description: 'replace: the text put in place of the value.' })
  @IsOptional() @IsString() @MaxLength(100)
  replacement?: string;

  @ApiPropertyOptional({ example: 0, description: 'mask: characters kept at the start.' })
  @IsOptional() @IsInt() @Min(0) @Max(32)
  keepFirst?: number;

  @ApiPropertyOptional({ example: 4, description: 'mask: characters kept at the end.' })
  @IsOptional() @IsInt() @Min(0) @Max(32)
  keepLast?: number;
}

export class AllowListDto {
  @ApiPropertyOptional({ type: [String], example: ['EMP-000000'], description: 'Values left alone exactly as written.' })
  @IsOptional() @IsArray() @ArrayMaxSize(500) @IsString({ each: true }) @MaxLength(256, { each: true })
  exact?: string[];

  @ApiPropertyOptional({ type: [String], example: ['EMP-TEST-'], description: 'Values left alone when they start with one of these.' })
  @IsOptional() @IsArray() @ArrayMaxSize(100) @IsString({ each: true }) @MaxLength(256, { each: true })
  prefix?: string[];

  @ApiPropertyOptional({ type: [String], example: ['EMP-9\\d+'], description: 'RE2 patterns a whole value must match to be left alone.' })
  @IsOptional() @IsArray() @ArrayMaxSize(20) @IsString({ each: true }) @MaxLength(1000, { each: true })
  regex?: string[];
}

export class CreateRedactionRuleDto {
  @ApiProperty({ example: 'employee-id', description: 'Lower case letters, digits and dashes.' })
  @Matches(/^[a-z0-9][a-z0-9-]{1,63}$/, { message: 'id must be 2-64 lower-case letters, digits or dashes' })
  id!: string;

  @ApiProperty({ enum: ['pattern', 'field'], example: 'pattern', description: 'pattern: a regex found inside any string; field: values of fields with these names.' })
  @IsIn(['pattern', 'field'])
  kind!: 'pattern' | 'field';

  @ApiProperty({ example: 'employee-id', description: 'What the value is; used in replacements and pseudonyms.' })
  @Matches(/^[a-z0-9][a-z0-9-]{0,31}$/, { message: 'type must be 1-32 lower-case letters, digits or dashes' })
  type!: string;

  @ApiPropertyOptional({ example: 'EMP-\\d{6}', description: 'kind=pattern: RE2 syntax (linear time; no backreferences or lookaround).' })
  @ValidateIf((rule: CreateRedactionRuleDto) => rule.kind === 'pattern' || rule.pattern !== undefined)
  @IsString() @MaxLength(1000)
  pattern?: string;

  @ApiPropertyOptional({ example: false })
  @IsOptional() @IsBoolean()
  caseInsensitive?: boolean;

  @ApiPropertyOptional({ type: [String], example: ['employee_ref'], description: 'kind=field: field names, matched case- and separator-insensitively.' })
  @ValidateIf((rule: CreateRedactionRuleDto) => rule.kind === 'field' || rule.fields !== undefined)
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(50) @IsString({ each: true }) @MaxLength(128, { each: true })
  fields?: string[];

  @ApiProperty({ type: RedactionActionDto })
  @IsDefined() @ValidateNested() @Type(() => RedactionActionDto)
  action!: RedactionActionDto;

  @ApiPropertyOptional({ example: true, default: true })
  @IsOptional() @IsBoolean()
  enabled?: boolean;

  @ApiPropertyOptional({ type: AllowListDto })
  @IsOptional() @ValidateNested() @Type(() => AllowListDto)
  allow?: AllowListDto;

  @ApiPropertyOptional({ type: [String], example: ['$.attributes.user'], description: 'JSONPath prefixes the rule is limited to; everywhere when absent.' })
  @IsOptional() @IsArray() @ArrayMaxSize(20) @Matches(/^\$/, { each: true, message: 'each scope must be a JSONPath starting with $' })
  scope?: string[];
}

/** Built-in rules accept action, enabled, allow and scope; custom rules anything but id and kind. */
export class UpdateRedactionRuleDto extends PartialType(OmitType(CreateRedactionRuleDto, ['id', 'kind'] as const)) {}

export class RedactionRuleDto extends CreateRedactionRuleDto {
  @ApiProperty({ example: false, description: 'Built-in rules ship with logsieve; they can be changed, not deleted.' })
  builtin!: boolean;

  @ApiProperty({ example: 1, description: 'Incremented on each change; 0 for a built-in never changed.' })
  version!: number;

  @ApiPropertyOptional({ example: '2026-11-29T10:00:00.000Z' })
  updatedAt?: Date;
}

export class RedactionRuleListDto {
  @ApiProperty({ example: 3, description: 'Ruleset version: incremented by every change; processed logs note the one they used.' })
  version!: number;

  @ApiProperty({ type: [RedactionRuleDto] })
  rules!: RedactionRuleDto[];
}
