// What a stored log record is: its states and sources. Where records live: placement.ts
// (accepted groups by minute, processed chunks by hour, both named by arrival).

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
  /** Loki's push API (Promtail, Alloy, Fluent Bit's loki output). */
  Loki = 'loki',
  /** Elasticsearch's _bulk API (Filebeat, Logstash, Vector, Fluent Bit's es output). */
  Elasticsearch = 'elasticsearch',
  /** Splunk's HTTP Event Collector (Docker's splunk log driver, Splunk loggers). */
  Splunk = 'splunk',
  /** GELF over HTTP (Graylog's loggers). */
  Gelf = 'gelf',
}

export interface FailureDoc {
  reason: string;
  at: Date;
}
