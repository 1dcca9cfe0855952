// The normalised content of a log, whatever shape it arrived in (the seed's log_data, the
// native record, a text line, OTLP). Sealed while pending; redacted once processed.

export interface LogContent {
  message?: string;
  attributes?: Record<string, unknown>;
  level?: string;
  service?: string;
  trace_id?: string;
  span_id?: string;
}

/** The seed's `log_data` as it was sent: an object lives in attributes, a line in message. */
export function seedLogData(content: LogContent): unknown {
  return content.attributes ?? content.message;
}
