// Turns an ingest request body into logs to store. Pure: content type and bytes in, logs out,
// or an IngestError that says what is wrong (never echoing the body).
import { LogSource } from '@app/logs';
import { IngestError } from './ingest-error';

export interface IncomingLog {
  source: LogSource;
  /** The seed's `log_data`: an object or a string. */
  logData: unknown;
  /** The client's timestamp, when it gave one. */
  timestamp?: Date;
}

export const SUPPORTED_CONTENT_TYPES = ['application/json', 'text/plain'] as const;

export function mediaType(contentType: string | undefined): string | undefined {
  return contentType?.split(';')[0].trim().toLowerCase() || undefined;
}

export function parseLogRequest(contentType: string | undefined, body: Buffer): IncomingLog[] {
  const type = mediaType(contentType);
  if (type !== 'application/json' && type !== 'text/plain') {
    throw new IngestError(
      415,
      `Content-Type ${type ?? '(none)'} is not supported; send ${SUPPORTED_CONTENT_TYPES.join(' or ')}`,
    );
  }
  if (body.length === 0 || body.toString('utf8').trim() === '') {
    throw new IngestError(400, 'Request body is empty');
  }
  return type === 'text/plain' ? [parseTextLine(body)] : [parseSeedJson(body)];
}

function parseTextLine(body: Buffer): IncomingLog {
  const line = body.toString('utf8').replace(/\r?\n$/, '');
  return { source: LogSource.Text, logData: line };
}

function parseSeedJson(body: Buffer): IncomingLog {
  const parsed = parseJson(body);
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new IngestError(400, 'Request body must be a JSON object with a "log_data" field');
  }
  if (!('log_data' in parsed)) {
    throw new IngestError(400, 'Field "log_data" is required');
  }
  const logData = (parsed as { log_data: unknown }).log_data;
  const isObject = logData !== null && typeof logData === 'object' && !Array.isArray(logData);
  if (!isObject && typeof logData !== 'string') {
    throw new IngestError(400, 'Field "log_data" must be an object or a string');
  }
  if (typeof logData === 'string' && logData.trim() === '') {
    throw new IngestError(400, 'Field "log_data" must not be empty');
  }
  return { source: LogSource.Json, logData, timestamp: isObject ? clientTimestamp(logData as Record<string, unknown>) : undefined };
}

/** Parses JSON; the error names the position, never the content. */
export function parseJson(body: Buffer): unknown {
  try {
    return JSON.parse(body.toString('utf8'));
  } catch (error) {
    const position = /position (\d+)/.exec((error as Error).message)?.[1];
    throw new IngestError(400, `Request body is not valid JSON${position ? ` (error at position ${position})` : ''}`);
  }
}

const TIMESTAMP_FIELDS = ['timestamp', '@timestamp', 'time', 'ts'];
// Timestamps outside this range are typos or ids, not event times.
const EARLIEST = Date.UTC(2000, 0, 1);
const LATEST_AHEAD_MS = 24 * 3600 * 1000;

function clientTimestamp(logData: Record<string, unknown>): Date | undefined {
  for (const field of TIMESTAMP_FIELDS) {
    const value = logData[field];
    if (typeof value !== 'string' && typeof value !== 'number') continue;
    // Numbers are epoch seconds or milliseconds.
    const date = typeof value === 'number' ? new Date(value < 1e11 ? value * 1000 : value) : new Date(value);
    const time = date.getTime();
    if (!Number.isNaN(time) && time >= EARLIEST && time <= Date.now() + LATEST_AHEAD_MS) return date;
  }
  return undefined;
}
