/** Why one record of a request was refused; `index` counts records (or NDJSON lines) from 0. */
export interface RecordRejection {
  index: number;
  reason: string;
}

/** A request logsieve refuses, with the HTTP status and a message that names the problem. */
export class IngestError extends Error {
  constructor(
    readonly status: 400 | 413 | 415 | 429,
    message: string,
    readonly errors?: RecordRejection[],
  ) {
    super(message);
  }
}
