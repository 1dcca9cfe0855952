// Turns an ingest request body into logs to store. Pure: content type and bytes in, logs and
// per-record rejections out, or an IngestError saying what is wrong (never echoing the body).
import { LogSource } from '@app/logs';
import { IngestError, type RecordRejection } from './ingest-error';
import { normaliseRecord, readEach, RecordError, withinLimits, type IncomingLog } from './normalise-log';
import { jsonDepthExceeds, MAX_JSON_DEPTH } from './record-limits';

export type { IncomingLog };

export interface ParsedRequest {
  logs: IncomingLog[];
  rejected: RecordRejection[];
  /** A single seed or native record, not a batch: answered in the seed's shape. */
  single: boolean;
}

const NDJSON_TYPES = new Set(['application/x-ndjson', 'application/ndjson', 'application/jsonl', 'application/x-jsonlines']);
export const SUPPORTED_CONTENT_TYPES = ['application/json', 'application/x-ndjson', 'text/plain'] as const;

export function mediaType(contentType: string | undefined): string | undefined {
  return contentType?.split(';')[0].trim().toLowerCase() || undefined;
}

export function parseLogRequest(contentType: string | undefined, body: Buffer, maxRecords = Number.MAX_SAFE_INTEGER): ParsedRequest {
  const text = body.toString('utf8');
  // Some transports send no Content-Type, and some label NDJSON as JSON: the body says which it is.
  const declared = mediaType(contentType);
  const type = declared === FORM_TYPE ? formAsJson(text) : (declared ?? (text.trim() === '' ? 'application/json' : sniffJsonType(text)));
  const ndjson = type !== undefined && NDJSON_TYPES.has(type);
  if (type !== 'application/json' && type !== 'text/plain' && !ndjson) {
    throw new IngestError(415, `Content-Type ${type ?? '(none)'} is not supported; send ${SUPPORTED_CONTENT_TYPES.join(', ')}${declared === FORM_TYPE ? FORM_HINT : ''}`);
  }
  if (text.trim() === '') throw new IngestError(400, 'Request body is empty');
  if (type === 'text/plain') {
    try {
      return { logs: [withinLimits({ source: LogSource.Text, content: { message: text.replace(/\r?\n$/, '') } })], rejected: [], single: true };
    } catch (error) {
      throw error instanceof RecordError ? new IngestError(400, error.message) : error;
    }
  }
  if (ndjson) return batch(ndjsonValues(text), maxRecords);

  let parsed: unknown;
  try {
    parsed = parseJson(body);
  } catch (error) {
    // NDJSON sent as application/json: every line is JSON, the whole is not.
    if (error instanceof IngestError && error.status === 400 && sniffJsonType(text) === 'application/x-ndjson') return batch(ndjsonValues(text), maxRecords);
    throw error;
  }
  if (Array.isArray(parsed)) return batch(parsed.map((value) => ({ value })), maxRecords);
  if (parsed === null || typeof parsed !== 'object') {
    throw new IngestError(400, 'Request body must be a JSON object (a record), or an array of records');
  }
  try {
    return { logs: [normaliseRecord(parsed)], rejected: [], single: true };
  } catch (error) {
    if (error instanceof RecordError) {
      // A single record answers as the seed did: a plain 400 naming the problem.
      throw new IngestError(400, error.message);
    }
    throw error;
  }
}

const FORM_TYPE = 'application/x-www-form-urlencoded';
const FORM_HINT = " (curl -d sends form data: add -H 'Content-Type: application/json')";

/** curl -d labels every body form data: one that parses as JSON or NDJSON is read as that; anything else stays form data (refused). */
function formAsJson(text: string): string {
  return (text.trim() === '' ? undefined : sniffJsonType(text)) ?? FORM_TYPE;
}

/**
 * What JSON-ish body this is, judged by parsing: one JSON value, or (two or more lines, each
 * one) NDJSON. Undefined for anything else. Only run when the Content-Type leaves it open.
 */
function sniffJsonType(text: string): 'application/json' | 'application/x-ndjson' | undefined {
  if (jsonDepthExceeds(text, MAX_JSON_DEPTH)) return 'application/json'; // refused as such, with the depth named
  try {
    JSON.parse(text);
    return 'application/json';
  } catch {
    const lines = text.split('\n').filter((line) => line.trim() !== '');
    if (lines.length < 2) return undefined;
    try {
      for (const line of lines) JSON.parse(line);
      return 'application/x-ndjson';
    } catch {
      return undefined;
    }
  }
}

/** Each non-blank line is one JSON value; a line that is not JSON is rejected alone. */
function ndjsonValues(text: string): Array<{ value?: unknown; reason?: string }> {
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => {
      try {
        if (jsonDepthExceeds(line, MAX_JSON_DEPTH)) return { reason: `line nests JSON more than ${MAX_JSON_DEPTH} levels deep` };
        return { value: JSON.parse(line) as unknown };
      } catch {
        return { reason: 'line is not valid JSON' };
      }
    });
}

function batch(items: Array<{ value?: unknown; reason?: string }>, maxRecords: number): ParsedRequest {
  if (items.length === 0) throw new IngestError(400, 'The batch holds no records');
  if (items.length > maxRecords) throw new IngestError(413, `The batch holds ${items.length} records; the limit is ${maxRecords}`);
  const { logs, rejected } = readEach(items, (item) => {
    if (item.reason) throw new RecordError(item.reason);
    return normaliseRecord(item.value);
  });
  if (logs.length === 0) throw new IngestError(400, 'No record in the batch is valid', rejected);
  return { logs, rejected, single: false };
}

/** Parses JSON; the error names the position, never the content. Nesting is bounded before parsing. */
export function parseJson(body: Buffer): unknown {
  const text = body.toString('utf8');
  if (jsonDepthExceeds(text, MAX_JSON_DEPTH)) throw new IngestError(400, `Request body nests JSON more than ${MAX_JSON_DEPTH} levels deep`);
  try {
    return JSON.parse(text);
  } catch (error) {
    const position = /position (\d+)/.exec((error as Error).message)?.[1];
    throw new IngestError(400, `Request body is not valid JSON${position ? ` (error at position ${position})` : ''}`);
  }
}
