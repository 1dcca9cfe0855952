// A stored log record. Pending and failed records (content sealed) live in `pending_logs`;
// processing inserts the redacted record into `logs` and then deletes the pending one.
// Two collections rather than an update in place: on FerretDB an update costs ~100 times an
// insert, and a single update command of 100 statements or more never returns.
import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import type { SealedContent } from '@app/sealing';
import { Schema as MongooseSchema, Types } from 'mongoose';

export enum LogStatus {
  Pending = 'pending',
  Processed = 'processed',
  Failed = 'failed',
}

/** How the record arrived. */
export enum LogSource {
  /** The seed's `{"log_data": ...}`. */
  Json = 'json',
  /** A text/plain line. */
  Text = 'text',
  /** The native record `{timestamp, level, service, message, attributes, trace_id, span_id}`. */
  Native = 'native',
  /** OTLP/HTTP logs. */
  Otlp = 'otlp',
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

@Schema({ versionKey: false, minimize: false })
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

  /** Copied from the redacted content once processed, for filtering. */
  @Prop() level?: string;

  /** Copied from the redacted content once processed, for filtering. */
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

export const PENDING_COLLECTION = 'pending_logs';
export const PROCESSED_COLLECTION = 'logs';

/** Processed (redacted) records: the collection everyone reads. */
export const ProcessedLogSchema = SchemaFactory.createForClass(LogRecord);
ProcessedLogSchema.set('collection', PROCESSED_COLLECTION);
ProcessedLogSchema.index({ taskId: 1 });
// GET /logs: newest first, alone or after a level or service filter; the live tail's resume.
ProcessedLogSchema.index({ timestamp: -1, _id: -1 });
ProcessedLogSchema.index({ level: 1, timestamp: -1 });
ProcessedLogSchema.index({ service: 1, timestamp: -1 });
ProcessedLogSchema.index({ processedAt: 1, _id: 1 });

/** Pending and failed records, content sealed. */
export const PendingLogSchema = SchemaFactory.createForClass(LogRecord);
PendingLogSchema.set('collection', PENDING_COLLECTION);
PendingLogSchema.index({ taskId: 1 });
// The reconciler's scan: pending records oldest first.
PendingLogSchema.index({ status: 1, receivedAt: 1 });
// GET /logs?status=failed|pending, newest first.
PendingLogSchema.index({ status: 1, timestamp: -1 });

export const PROCESSED_LOG_MODEL = 'ProcessedLog';
export const PENDING_LOG_MODEL = 'PendingLog';
