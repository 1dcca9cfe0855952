import type { FindingSummary } from '@app/redaction';
import type { SealedContent } from '@app/sealing';
import type { FailureDoc, LogSource, LogStatus } from './log-record.schema';

export type { LogContent };

import type { LogContent } from './log-content';

/** A record as accepted: its place in its group, its task, and its content sealed. */
export interface SealedRecord {
  /** Its index in the group: with the group key, its log id. */
  index: number;
  taskId: string;
  source: LogSource;
  timestamp: Date;
  sealed: SealedContent;
}

/** One request of a group: its task id and how many of the group's records are its own. */
export interface GroupTask {
  id: string;
  count: number;
}

/** A commit group as accepted: the requests that shared one store write, their records sealed. */
export interface AcceptedGroup {
  key: string;
  receivedAt: Date;
  tasks: GroupTask[];
  records: SealedRecord[];
}

/** A plain-object view of a stored record (processed, pending or failed), its id a string. Never sealed content. */
export interface StoredLogRecord {
  id: string;
  taskId: string;
  status: LogStatus;
  source: LogSource;
  receivedAt: Date;
  timestamp: Date;
  /** Copied from the redacted content, for filtering (processed records). */
  level?: string;
  service?: string;
  content?: LogContent;
  findings?: FindingSummary[];
  rulesetVersion?: number;
  processedAt?: Date;
  failure?: FailureDoc;
}

/** The outcome of processing one record. */
export type ProcessingOutcome =
  | { id: string; status: LogStatus.Processed; record: StoredLogRecord }
  | { id: string; status: LogStatus.Failed; reason: string };
