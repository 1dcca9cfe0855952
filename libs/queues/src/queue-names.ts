// The one source of truth for queues, their jobs and what each job carries.

export enum QueueName {
  RedactLogs = 'redact-logs',
  NotifyWebhooks = 'notify-webhooks',
  /** Housekeeping on a schedule: chunk compaction, the reconciler's sweep, retention. */
  Maintenance = 'maintenance',
}

export enum JobName {
  RedactLogs = 'redact-logs',
  NotifyWebhook = 'notify-webhook',
  EnforceRetention = 'enforce-retention',
  CompactChunks = 'compact-chunks',
  /** An erasure's pass over failed (sealed) records, in a worker that can open them. */
  EraseFailed = 'erase-failed',
}

/** One alert to one webhook target. The alert is read from MongoDB; the job holds ids only. */
export interface NotifyWebhookPayload {
  alertId: string;
  target: string;
}

/** A sealed record as a job carries it (times as epoch milliseconds). */
export interface CarriedRecord {
  index: number;
  taskId: string;
  source: string;
  timestamp: number;
  sealed: { kid: string; iv: string; tag: string; data: string };
}

/**
 * A redaction job: one commit group (the requests that shared one store write), carrying its
 * records sealed, so the worker reads nothing back from the store. Content only ever sealed.
 * A reprocessing job carries a group's failed records and the counts of the rest (`prior`).
 */
export interface RedactLogsPayload {
  group: string;
  receivedAt: number;
  tasks: Array<{ id: string; count: number }>;
  records: CarriedRecord[];
  prior?: PriorResult;
  /** Queued again by the reconciler: an earlier delivery may have written part of it. */
  recheck?: boolean;
}

/** What earlier processing of a group found, per task, for records not carried again. */
export interface PriorResult {
  tasks: Array<{ id: string; processed: number; redactions: Array<[string, number]> }>;
  chunks: Array<[string, string]>;
}

export interface JobPayloads {
  [JobName.RedactLogs]: RedactLogsPayload;
  [JobName.NotifyWebhook]: NotifyWebhookPayload;
}

/** The result a redaction job returns (kept in Redis until the job is removed). */
export interface RedactLogsResult {
  processed: number;
  failed: number;
  skipped: number;
  /** Detection problems that did not stop the logs: alerts that could not be stored, or detection skipped. */
  detectionErrors?: string[];
}
