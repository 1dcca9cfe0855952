// Stored alerts. The id is derived from (rule, group key, trigger time), so an alert written
// twice (a redelivered job) is one document. The group key is a keyed pseudonym: no raw value.
import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { Schema as MongooseSchema } from 'mongoose';

export type AlertStatus = 'open' | 'acknowledged' | 'resolved';
export const ALERT_STATUSES: AlertStatus[] = ['open', 'acknowledged', 'resolved'];

@Schema({ collection: 'alerts', versionKey: false })
export class AlertDoc {
  @Prop({ type: String, required: true }) _id!: string;
  @Prop({ required: true }) ruleId!: string;
  @Prop({ required: true }) ruleName!: string;
  @Prop({ required: true }) severity!: string;
  @Prop({ type: [String], required: true }) groupBy!: string[];
  /** Keyed pseudonym of the group's values. */
  @Prop({ required: true }) groupKey!: string;
  @Prop({ required: true }) aggregate!: string;
  @Prop({ required: true }) value!: number;
  @Prop({ type: MongooseSchema.Types.Mixed, required: true }) threshold!: { op: string; value: number };
  @Prop({ required: true }) windowStart!: Date;
  @Prop({ required: true }) windowEnd!: Date;
  @Prop({ type: [String], required: true }) sampleLogIds!: string[];
  @Prop({ required: true }) triggerLogId!: string;
  @Prop({ required: true }) createdAt!: Date;
  @Prop({ type: String, required: true, enum: ALERT_STATUSES }) status!: AlertStatus;
  @Prop() updatedAt?: Date;
}

export const AlertSchema = SchemaFactory.createForClass(AlertDoc);
AlertSchema.index({ createdAt: -1, _id: -1 });
AlertSchema.index({ ruleId: 1, createdAt: -1 });

/** One webhook delivery of an alert to one target. */
@Schema({ collection: 'alert_deliveries', versionKey: false })
export class AlertDeliveryDoc {
  /** `<alertId>:<target hash>`. */
  @Prop({ type: String, required: true }) _id!: string;
  @Prop({ required: true }) alertId!: string;
  @Prop({ required: true }) target!: string;
  @Prop({ type: String, required: true, enum: ['pending', 'delivered', 'failed'] }) status!: 'pending' | 'delivered' | 'failed';
  @Prop({ required: true }) attempts!: number;
  @Prop() lastStatusCode?: number;
  @Prop() lastError?: string;
  @Prop() deliveredAt?: Date;
  @Prop({ required: true }) updatedAt!: Date;
}

export const AlertDeliverySchema = SchemaFactory.createForClass(AlertDeliveryDoc);
AlertDeliverySchema.index({ alertId: 1 });

@Schema({ collection: 'detection_rules', versionKey: false })
export class DetectionRuleDoc {
  @Prop({ type: String, required: true }) _id!: string;
  @Prop({ type: MongooseSchema.Types.Mixed, required: true }) definition!: object;
  @Prop({ required: true }) updatedAt!: Date;
}

export const DetectionRuleSchema = SchemaFactory.createForClass(DetectionRuleDoc);
