import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn } from 'class-validator';
import { ALERT_STATUSES } from '@app/detection';

export class AlertDto {
  @ApiProperty({ example: '5f0c7c1b2d3e4f5a6b7c8d9e' }) id!: string;
  @ApiProperty({ example: 'brute-force' }) rule_id!: string;
  @ApiProperty() rule_name!: string;
  @ApiProperty({ example: 'high' }) severity!: string;
  @ApiProperty({ type: [String], example: ['attributes.user'] }) group_by!: string[];
  @ApiProperty({ example: '9c1d2e3f4a5b6c7d8e9f0a1b2c3d4e5f', description: 'Keyed pseudonym of the group values (never the values): equal groups share it.' }) group_key!: string;
  @ApiProperty({ example: 'count' }) aggregate!: string;
  @ApiProperty({ example: 5 }) value!: number;
  @ApiProperty({ example: { op: 'gte', value: 5 } }) threshold!: { op: string; value: number };
  @ApiProperty({ type: String, format: 'date-time' }) window_start!: string;
  @ApiProperty({ type: String, format: 'date-time' }) window_end!: string;
  @ApiProperty({ type: [String], description: 'Up to 10 logs in the window (GET /logs/{log_id}).' }) sample_log_ids!: string[];
  @ApiProperty({ enum: ALERT_STATUSES }) status!: string;
  @ApiProperty({ type: String, format: 'date-time' }) created_at!: string;
}

export class AlertDeliveryDto {
  @ApiProperty() target!: string;
  @ApiProperty({ enum: ['pending', 'delivered', 'failed'] }) status!: string;
  @ApiProperty() attempts!: number;
  @ApiPropertyOptional() last_status_code?: number;
  @ApiPropertyOptional() last_error?: string;
  @ApiPropertyOptional({ type: String, format: 'date-time' }) delivered_at?: string;
}

export class AlertDetailDto extends AlertDto {
  @ApiProperty({ type: [AlertDeliveryDto] }) deliveries!: AlertDeliveryDto[];
}

export class AlertPageDto {
  @ApiProperty({ type: [AlertDto] }) items!: AlertDto[];
  @ApiProperty({ type: String, nullable: true }) next!: string | null;
}

export class UpdateAlertDto {
  @ApiProperty({ enum: ALERT_STATUSES, example: 'acknowledged' })
  @IsIn(ALERT_STATUSES)
  status!: 'open' | 'acknowledged' | 'resolved';
}
