// The one source of truth for queues, their jobs and what each job carries.

export enum QueueName {
  RedactLogs = 'redact-logs',
}

export enum JobName {
  RedactLogs = 'redact-logs',
}

/** A redaction job: the records of one ingest request. Ids only, never content. */
export interface RedactLogsPayload {
  logIds: string[];
}

export interface JobPayloads {
  [JobName.RedactLogs]: RedactLogsPayload;
}

/** The result a redaction job returns (kept in Redis until the job is removed). */
export interface RedactLogsResult {
  processed: number;
  failed: number;
  skipped: number;
}
