// Splunk's HTTP Event Collector: /services/collector/event (JSON events written one after
// another, `{...}{...}`), /services/collector/raw (lines) and HEC's answers, `{text, code}`.
// A request is taken whole or not at all, as HEC does: an invalid event refuses the request
// with its number, so a client that resends it sends no duplicates. `host`, `source`,
// `sourcetype`, `index` and `fields` are kept as attributes.
import { LogSource, setOwn } from '@app/logs';
import { IngestError } from '../ingest-error';
import { normaliseLevel } from '../log-levels';
import { parseTimestamp, RecordError, type IncomingLog } from '../normalise-log';
import type { ParsedRequest } from '../parse-log-request';
import { splitConcatenatedObjects } from './concatenated-json';
import { documentRecord, isPlainObject, levelFrom, lineRecord, serviceFrom, type ShippedContext } from './shipped-record';

/** HEC's status codes (Splunk's "Format events for HTTP Event Collector" and its troubleshooting table). */
export const HecCode = {
  Success: 0,
  TokenRequired: 2,
  InvalidToken: 4,
  NoData: 5,
  InvalidDataFormat: 6,
  InternalError: 8,
  ServerBusy: 9,
  EventRequired: 12,
  EventBlank: 13,
  Healthy: 17,
} as const;

export const HEC_SUCCESS = { text: 'Success', code: HecCode.Success };
export const HEC_HEALTHY = { text: 'HEC is healthy', code: HecCode.Healthy };

/** A request HEC refuses, with its code and, for a bad event, which one (from 0). */
export class HecError extends IngestError {
  constructor(
    message: string,
    readonly code: number,
    readonly invalidEventNumber?: number,
  ) {
    super(400, message);
  }
}

const METADATA = ['host', 'source', 'sourcetype', 'index'] as const;
export type HecMetadata = Partial<Record<(typeof METADATA)[number], string>>;

/** The events of a /services/collector/event body; throws HecError. */
export function parseHecEvents(body: Buffer, maxRecords: number): ParsedRequest {
  const text = body.toString('utf8');
  if (text.trim() === '') throw new HecError('No data', HecCode.NoData);
  const pieces = splitConcatenatedObjects(text);
  if (pieces.length > maxRecords) throw new IngestError(413, `The request holds ${pieces.length} events; the limit is ${maxRecords}`);
  const logs = pieces.map((piece, index) => {
    if ('error' in piece) throw new HecError(`Invalid data format: ${piece.error}`, HecCode.InvalidDataFormat, index);
    return eventRecord(piece.value, index);
  });
  return { logs, rejected: [], single: false };
}

function eventRecord(value: unknown, index: number): IncomingLog {
  if (!isPlainObject(value)) throw new HecError('Invalid data format: an event must be a JSON object', HecCode.InvalidDataFormat, index);
  const { event, fields, time } = value;
  if (event === undefined || event === null) throw new HecError('Event field is required', HecCode.EventRequired, index);
  if (typeof event === 'string' && event.trim() === '') throw new HecError('Event field cannot be blank', HecCode.EventBlank, index);
  if (fields !== undefined && !isPlainObject(fields)) throw new HecError('Invalid data format: "fields" must be an object', HecCode.InvalidDataFormat, index);
  const timestamp = time === undefined ? undefined : parseTimestamp(typeof time === 'string' ? Number(time) : time);
  if (time !== undefined && !timestamp) throw new HecError('Invalid data format: "time" must be epoch seconds', HecCode.InvalidDataFormat, index);
  const context = contextOf(hecMetadataOf(value), fields ?? {}, timestamp);
  try {
    if (isLoggerEnvelope(event)) return documentRecord(event.message, LogSource.Splunk, { ...context, level: normaliseLevel(event.severity) ?? context.level });
    if (isPlainObject(event)) return documentRecord(event, LogSource.Splunk, context);
    return lineRecord(typeof event === 'string' ? event : JSON.stringify(event), LogSource.Splunk, context);
  } catch (error) {
    if (error instanceof RecordError) throw new HecError(`Invalid data format: ${error.message}`, HecCode.InvalidDataFormat, index);
    throw error;
  }
}

/** Splunk's logging libraries send what was logged as `{message: {...}, severity}`: the payload is the record. */
function isLoggerEnvelope(event: unknown): event is { message: Record<string, unknown>; severity?: unknown } {
  return isPlainObject(event) && isPlainObject(event.message) && Object.keys(event).every((key) => key === 'message' || key === 'severity');
}

/** The lines of a /services/collector/raw body, with the metadata its query gave; throws HecError. */
export function parseHecRaw(body: Buffer, metadata: HecMetadata, maxRecords: number): ParsedRequest {
  const lines = body.toString('utf8').split(/\r?\n/).filter((line) => line.trim() !== '');
  if (lines.length === 0) throw new HecError('No data', HecCode.NoData);
  if (lines.length > maxRecords) throw new IngestError(413, `The request holds ${lines.length} lines; the limit is ${maxRecords}`);
  const context = contextOf(metadata, {}, undefined);
  const logs = lines.map((line, index) => {
    try {
      return lineRecord(line, LogSource.Splunk, context);
    } catch (error) {
      if (error instanceof RecordError) throw new HecError(`Invalid data format: ${error.message}`, HecCode.InvalidDataFormat, index);
      throw error;
    }
  });
  return { logs, rejected: [], single: false };
}

/** The metadata an event carries, or a /raw request's query names (`?sourcetype=...&host=...`). */
export function hecMetadataOf(source: Record<string, unknown>): HecMetadata {
  const metadata: HecMetadata = {};
  for (const name of METADATA) if (typeof source[name] === 'string' && source[name] !== '') metadata[name] = source[name] as string;
  return metadata;
}

function contextOf(metadata: HecMetadata, fields: Record<string, unknown>, timestamp: Date | undefined): ShippedContext {
  const attributes: Record<string, unknown> = { ...metadata };
  for (const [key, value] of Object.entries(fields)) setOwn(attributes, key, value);
  return { attributes, service: serviceFrom(fields, ['service', 'service_name', 'app']), level: levelFrom(fields, ['level', 'severity']), timestamp };
}

/** HEC's body for a refused request. */
export function hecErrorBody(status: number, message: string, error: unknown): object {
  if (error instanceof HecError) {
    return { text: message, code: error.code, ...(error.invalidEventNumber !== undefined ? { 'invalid-event-number': error.invalidEventNumber } : {}) };
  }
  if (status === 401) return /required/i.test(message) ? { text: 'Token is required', code: HecCode.TokenRequired } : { text: 'Invalid token', code: HecCode.InvalidToken };
  if (status === 403) return { text: message, code: HecCode.InvalidToken };
  if (status === 429 || status === 503) return { text: 'Server is busy', code: HecCode.ServerBusy, reason: message };
  if (status >= 500) return { text: 'Internal server error', code: HecCode.InternalError };
  return { text: message, code: HecCode.InvalidDataFormat };
}
