// A stored log record. Pending and failed records (content sealed) live in the hourly
// `pending_logs_<hour>` collections; processing inserts the redacted record into
// `logs_<hour>` and then deletes the pending one. Two collections rather than an update in
// place: on FerretDB an update costs ~100 times an insert, and a single update command of 100
// statements or more never returns. Hours and ids: partitions.ts.
import type { SealedContent } from '@app/sealing';
import type { Types } from 'mongoose';

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

export interface FindingSummaryDoc {
  rule: string;
  path: string;
  count: number;
}

export interface FailureDoc {
  reason: string;
  at: Date;
}

export interface LogRecord {
  /** Its four time bytes are the record's event time, which names its hour. */
  _id: Types.ObjectId;
  /** The request that brought the record in. */
  taskId: string;
  /** The redaction job that carries it (one per commit group: several requests share one). */
  jobId: string;
  status: LogStatus;
  source: LogSource;
  /** When logsieve accepted it. */
  receivedAt: Date;
  /** When the client says it happened; `receivedAt` when the client did not say. */
  timestamp: Date;
  /** Copied from the redacted content once processed, for filtering. */
  level?: string;
  /** Copied from the redacted content once processed, for filtering. */
  service?: string;
  /** Unredacted content, encrypted. Present only until the record is processed. */
  sealed?: SealedContent;
  /** Redacted content; present once processed. */
  content?: unknown;
  findings?: FindingSummaryDoc[];
  /** The redaction ruleset version it was processed with. */
  rulesetVersion?: number;
  processedAt?: Date;
  failure?: FailureDoc;
}
