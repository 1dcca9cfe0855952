import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsOptional, Matches } from 'class-validator';

export class ReprocessRequestDto {
  @ApiPropertyOptional({ type: [String], example: ['64f64e0e924b81b597ca24f1'], description: 'Failed logs to reprocess; all failed logs (oldest 10,000) when absent.' })
  @IsOptional() @IsArray() @ArrayMinSize(1) @ArrayMaxSize(10_000)
  @Matches(/^[0-9a-f]{24}$/i, { each: true, message: 'each of log_ids must be 24 hexadecimal characters' })
  log_ids?: string[];
}

export class ReprocessResponseDto {
  @ApiProperty({ example: 3, description: 'Failed logs put back to pending and queued.' })
  requeued!: number;

  @ApiProperty({ example: 1, description: 'Tasks they belong to; GET /task/{task_id} follows each again.' })
  tasks!: number;
}
