// The one source of truth for queues, their jobs and what each job carries.

export enum QueueName {
  RedactLogs = 'redact-logs',
  NotifyWebhooks = 'notify-webhooks',
  /** Housekeeping on a schedule: retention. */
  Maintenance = 'maintenance',
}

export enum JobName {
  RedactLogs = 'redact-logs',
  NotifyWebhook = 'notify-webhook',
  EnforceRetention = 'enforce-retention',
}

/** One alert to one webhook target. The alert is read from MongoDB; the job holds ids only. */
export interface NotifyWebhookPayload {
  alertId: string;
  target: string;
}

/** The records of one ingest request, as a job carries them. */
export interface TaskLogs {
  taskId: string;
  logIds: string[];
  /** Every record of the task (as ingest queues it); the reconciler and reprocessing queue parts. */
  whole?: boolean;
}

/**
 * A redaction job: the records of the requests of one commit group (concurrent requests that
 * shared one store write), each request's task kept apart. Ids only, never content.
 */
export interface RedactLogsPayload {
  tasks: TaskLogs[];
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
