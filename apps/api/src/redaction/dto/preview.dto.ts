import { ApiProperty } from '@nestjs/swagger';
import { IsDefined } from 'class-validator';

export class PreviewRequestDto {
  @ApiProperty({
    description: 'A log_data value to try the current rules on: an object or a line of text. Nothing is stored.',
    oneOf: [{ type: 'object', additionalProperties: true }, { type: 'string' }],
    example: { user: 'jane', email: 'jane@example.com', ref: 'EMP-123456' },
  })
  @IsDefined()
  sample!: unknown;
}

export class PreviewFindingDto {
  @ApiProperty({ example: 'email' }) rule!: string;
  @ApiProperty({ example: '$.attributes.email' }) path!: string;
  @ApiProperty({ example: 0, required: false }) start?: number;
  @ApiProperty({ example: 16, required: false }) end?: number;
  @ApiProperty({ example: 'replace' }) action!: string;
}

export class PreviewResponseDto {
  @ApiProperty({
    description: 'The sample as it would be stored.',
    oneOf: [{ type: 'object', additionalProperties: true }, { type: 'string' }],
    example: { user: 'jane', email: '[REDACTED:email]', ref: 'EMP-123456' },
  })
  result!: unknown;

  @ApiProperty({ type: [PreviewFindingDto], description: 'What was redacted where; offsets into the original string, never the value.' })
  findings!: PreviewFindingDto[];

  @ApiProperty({ example: 3 })
  ruleset_version!: number;
}
