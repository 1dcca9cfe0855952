// A stored log record. While `pending` its content is sealed; once `processed` only the
// redacted content remains; `failed` keeps the sealed content for reprocessing.
import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import type { SealedContent } from '@app/sealing';
import { Schema as MongooseSchema, Types } from 'mongoose';

export enum LogStatus {
  Pending = 'pending',
  Processed = 'processed',
  Failed = 'failed',
}

/** How the record arrived: the seed's JSON `log_data`, or a text/plain line. */
export enum LogSource {
  Json = 'json',
  Text = 'text',
}

@Schema({ _id: false, versionKey: false })
export class FindingSummaryDoc {
  @Prop({ required: true }) rule!: string;
  @Prop({ required: true }) path!: string;
  @Prop({ required: true }) count!: number;
}

@Schema({ _id: false, versionKey: false })
export class FailureDoc {
  @Prop({ required: true }) reason!: string;
  @Prop({ required: true }) at!: Date;
}

@Schema({ collection: 'logs', versionKey: false, minimize: false })
export class LogRecord {
  _id!: Types.ObjectId;

  /** The request (and BullMQ job) that brought the record in. */
  @Prop({ required: true }) taskId!: string;

  @Prop({ required: true, enum: Object.values(LogStatus) }) status!: LogStatus;

  @Prop({ required: true, enum: Object.values(LogSource) }) source!: LogSource;

  /** When logsieve accepted it. */
  @Prop({ required: true }) receivedAt!: Date;

  /** When the client says it happened; `receivedAt` when the client did not say. */
  @Prop({ required: true }) timestamp!: Date;

  @Prop() level?: string;

  @Prop() service?: string;

  /** Unredacted content, encrypted. Present only until the record is processed. */
  @Prop({ type: MongooseSchema.Types.Mixed }) sealed?: SealedContent;

  /** Redacted content; present once processed. */
  @Prop({ type: MongooseSchema.Types.Mixed }) content?: unknown;

  @Prop({ type: [FindingSummaryDoc], default: undefined }) findings?: FindingSummaryDoc[];

  /** The redaction ruleset version it was processed with. */
  @Prop() rulesetVersion?: number;

  @Prop() processedAt?: Date;

  @Prop({ type: FailureDoc }) failure?: FailureDoc;
}

export const LogRecordSchema = SchemaFactory.createForClass(LogRecord);
LogRecordSchema.index({ taskId: 1 });
// The reconciler's scan: pending records oldest first.
LogRecordSchema.index({ status: 1, receivedAt: 1 });
