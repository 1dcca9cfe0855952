import { ApiProperty } from '@nestjs/swagger';
import { LogRecordDto } from './log-record.dto';

export class LogPageDto {
  @ApiProperty({ type: [LogRecordDto], description: 'Newest first (by timestamp, then id).' })
  items!: LogRecordDto[];

  @ApiProperty({ type: String, nullable: true, example: 'MTc2NDM4MDAwMDAwMF82NGY2NGUwZTkyNGI4MWI1OTdjYTI0ZjE', description: 'Pass as `cursor` for the next (older) page; null on the last page.' })
  next!: string | null;
}
