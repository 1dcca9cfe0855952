// The one source of truth for queues, their jobs and what each job carries.

export enum QueueName {
  RedactLogs = 'redact-logs',
  NotifyWebhooks = 'notify-webhooks',
}

export enum JobName {
  RedactLogs = 'redact-logs',
  NotifyWebhook = 'notify-webhook',
}

/** One alert to one webhook target. The alert is read from MongoDB; the job holds ids only. */
export interface NotifyWebhookPayload {
  alertId: string;
  target: string;
}

/** A redaction job: the records of one ingest request. Ids only, never content. */
export interface RedactLogsPayload {
  logIds: string[];
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
}
