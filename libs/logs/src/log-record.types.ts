import type { FindingSummary } from '@app/redaction';
import type { SealedContent } from '@app/sealing';
import type { LogRecord, LogSource, LogStatus } from './log-record.schema';

export type { LogContent };

import type { LogContent } from './log-content';

/** A record ready to insert. */
export interface NewLogRecord {
  id: string;
  taskId: string;
  jobId: string;
  source: LogSource;
  receivedAt: Date;
  timestamp: Date;
  level?: string;
  service?: string;
  sealed: SealedContent;
}

/** A plain-object view of a stored record: the document without its sealed content or job, its id a string. */
export type StoredLogRecord = Omit<LogRecord, '_id' | 'jobId' | 'sealed' | 'content' | 'findings'> & {
  id: string;
  content?: LogContent;
  findings?: FindingSummary[];
};

/** A pending record as a worker needs it: id, sealed content, and the stored document to carry over. */
export interface SealedLogRecord {
  id: string;
  sealed: SealedContent;
  record: LogRecord;
}

/** The outcome of processing one record, written back in one bulk write per job. */
export type ProcessingOutcome =
  | { id: string; status: LogStatus.Processed; pending: LogRecord; content: LogContent; findings: FindingSummary[]; rulesetVersion: number }
  | { id: string; status: LogStatus.Failed; reason: string };
