/** A request logsieve refuses, with the HTTP status and a message that names the problem. */
export class IngestError extends Error {
  constructor(
    readonly status: 400 | 413 | 415,
    message: string,
  ) {
    super(message);
  }
}
