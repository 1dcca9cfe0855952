import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/** The body of every error response. */
export class ErrorResponseDto {
  @ApiProperty({ example: 400 })
  statusCode!: number;

  @ApiProperty({ example: 'Bad Request' })
  error!: string;

  @ApiProperty({
    oneOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }],
    example: 'Field "log_data" is required',
    description: 'What is wrong, never echoing submitted content; a list when several fields fail validation.',
  })
  message!: string | string[];

  @ApiPropertyOptional({ type: 'array', items: { type: 'object', properties: { index: { type: 'integer' }, reason: { type: 'string' } } }, description: 'Per-record reasons, for a batch none of whose records could be accepted.' })
  errors?: Array<{ index: number; reason: string }>;
}
