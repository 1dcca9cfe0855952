import { ApiProperty } from '@nestjs/swagger';

/** The body of every error response. */
export class ErrorResponseDto {
  @ApiProperty({ example: 400 })
  statusCode!: number;

  @ApiProperty({ example: 'Bad Request' })
  error!: string;

  @ApiProperty({ example: 'Field "log_data" is required', description: 'What is wrong, never echoing submitted content.' })
  message!: string;
}
