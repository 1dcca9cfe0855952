import { ApiProperty } from '@nestjs/swagger';
import { LogRecordDto } from './log-record.dto';

export class SearchedRangeDto {
  @ApiProperty({ format: 'date-time', description: 'Start of the range searched: `from`, or a day before now when not given.' })
  from!: string;

  @ApiProperty({ format: 'date-time', description: 'End of the range searched: `to`, or an hour past now when not given (senders\' clocks run ahead).' })
  to!: string;
}

export class LogPageDto {
  @ApiProperty({ type: [LogRecordDto], description: 'Newest first (by timestamp, then id).' })
  items!: LogRecordDto[];

  @ApiProperty({ type: String, nullable: true, example: 'MTc2NDM4MDAwMDAwMF82NGY2NGUwZTkyNGI4MWI1OTdjYTI0ZjE', description: 'Pass as `cursor` for the next (older) page; null on the last page.' })
  next!: string | null;

  @ApiProperty({ type: SearchedRangeDto, description: 'The time range searched, defaults filled in.' })
  range!: SearchedRangeDto;
}
