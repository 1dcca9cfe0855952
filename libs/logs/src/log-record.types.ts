import type { FindingSummary } from '@app/redaction';
import type { SealedContent } from '@app/sealing';
import type { LogSource, LogStatus } from './log-record.schema';

/** The content of a log, as received (sealed at rest) and as stored after redaction. */
export interface LogContent {
  /** The seed's `log_data`: an object or a line of text. */
  log_data: unknown;
}

/** A record ready to insert. */
export interface NewLogRecord {
  id: string;
  taskId: string;
  source: LogSource;
  receivedAt: Date;
  timestamp: Date;
  level?: string;
  service?: string;
  sealed: SealedContent;
}

/** A plain-object view of a stored record. */
export interface StoredLogRecord {
  id: string;
  taskId: string;
  status: LogStatus;
  source: LogSource;
  receivedAt: Date;
  timestamp: Date;
  level?: string;
  service?: string;
  content?: LogContent;
  findings?: FindingSummary[];
  /** The redaction ruleset version the record was processed with. */
  rulesetVersion?: number;
  processedAt?: Date;
  failure?: { reason: string; at: Date };
}

/** A pending record as a worker needs it: id and sealed content. */
export interface SealedLogRecord {
  id: string;
  sealed: SealedContent;
}

/** The outcome of processing one record, written back in one bulk write per job. */
export type ProcessingOutcome =
  | { id: string; status: LogStatus.Processed; content: LogContent; findings: FindingSummary[]; rulesetVersion: number }
  | { id: string; status: LogStatus.Failed; reason: string };

/** Per-status counts and redaction totals of one task, for GET /task. */
export interface TaskRecordSummary {
  total: number;
  pending: number;
  processed: number;
  failed: number;
  redactionsByRule: Record<string, number>;
  failureReasons: string[];
}
