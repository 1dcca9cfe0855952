// Turns one submitted record (the seed's shape or the native one) into normalised content,
// or says why it cannot be accepted. Pure but for the event-time window, read from the env.
import { loadEnv } from '@app/config';
import { LogSource, type LogContent } from '@app/logs';
import { normaliseLevel } from './log-levels';
import { readShaped, shapeOf, type ShapedRecord } from './record-shapes';
import type { RecordRejection } from './ingest-error';
import { recordLimitProblem } from './record-limits';

export interface IncomingLog {
  source: LogSource;
  content: LogContent;
  /** The client's timestamp, when it gave a usable one. */
  timestamp?: Date;
}

export class RecordError extends Error {}

/** Each item read by `read`; a RecordError refuses that item alone, by its index. */
export function readEach<T>(items: readonly T[], read: (item: T) => IncomingLog): { logs: IncomingLog[]; rejected: RecordRejection[] } {
  const logs: IncomingLog[] = [];
  const rejected: RecordRejection[] = [];
  items.forEach((item, index) => {
    try {
      logs.push(read(item));
    } catch (error) {
      if (!(error instanceof RecordError)) throw error;
      rejected.push({ index, reason: error.message });
    }
  });
  return { logs, rejected };
}

const SERVICE_MAX = 128;
const NATIVE_FIELDS = new Set(['timestamp', 'level', 'service', 'message', 'attributes', 'trace_id', 'span_id']);
const TIMESTAMP_FIELDS = ['timestamp', '@timestamp', 'time', 'ts'];
// Timestamps outside this range are typos or ids, not event times.
const EARLIEST = Date.UTC(2000, 0, 1);
const LATEST_AHEAD_MS = 24 * 3600 * 1000;

const isObject = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === 'object' && !Array.isArray(value);

/** A timestamp from an ISO string or epoch seconds, milliseconds or nanoseconds; undefined when implausible. */
export function parseTimestamp(value: unknown): Date | undefined {
  let millis: number;
  if (typeof value === 'number') millis = value < 1e11 ? value * 1000 : value < 1e14 ? value : value / 1e6;
  else if (typeof value === 'string' && value.trim() !== '') millis = /^\d+$/.test(value) ? (parseTimestamp(Number(value))?.getTime() ?? NaN) : Date.parse(value);
  else return undefined;
  return Number.isFinite(millis) && millis >= EARLIEST && millis <= Date.now() + LATEST_AHEAD_MS ? new Date(millis) : undefined;
}

/** The seed's `{"log_data": ...}`: an object goes to attributes (its message/level/service are read too), a line to message. */
export function normaliseSeed(logData: unknown): IncomingLog {
  if (typeof logData === 'string') {
    if (logData.trim() === '') throw new RecordError('Field "log_data" must not be empty');
    return { source: LogSource.Json, content: { message: logData } };
  }
  if (!isObject(logData)) throw new RecordError('Field "log_data" must be an object or a string');
  const content: LogContent = { attributes: logData };
  if (typeof logData.message === 'string') content.message = logData.message;
  const level = normaliseLevel(logData.level);
  if (level) content.level = level;
  if (typeof logData.service === 'string' && logData.service.length <= SERVICE_MAX) content.service = logData.service;
  const timestamp = TIMESTAMP_FIELDS.map((field) => parseTimestamp(logData[field])).find(Boolean);
  return { source: LogSource.Json, content, timestamp };
}

/** The native record; fields it does not know are kept in attributes rather than dropped. */
export function normaliseNative(record: Record<string, unknown>): IncomingLog {
  const { timestamp, level, service, message, attributes, trace_id, span_id } = record;
  if (message !== undefined && typeof message !== 'string') throw new RecordError('"message" must be a string');
  if (attributes !== undefined && !isObject(attributes)) throw new RecordError('"attributes" must be an object');
  const normalisedLevel = level === undefined ? undefined : normaliseLevel(level);
  if (level !== undefined && !normalisedLevel) throw new RecordError('"level" must be a word of 1-16 letters or a level number (syslog 0-7, pino 10-60)');
  if (service !== undefined && (typeof service !== 'string' || service.length === 0 || service.length > SERVICE_MAX)) {
    throw new RecordError(`"service" must be a string of 1-${SERVICE_MAX} characters`);
  }
  if (trace_id !== undefined && (typeof trace_id !== 'string' || !/^[0-9a-f]{32}$/i.test(trace_id))) throw new RecordError('"trace_id" must be 32 hex digits');
  if (span_id !== undefined && (typeof span_id !== 'string' || !/^[0-9a-f]{16}$/i.test(span_id))) throw new RecordError('"span_id" must be 16 hex digits');
  let parsedTime: Date | undefined;
  if (timestamp !== undefined) {
    parsedTime = parseTimestamp(timestamp);
    if (!parsedTime) throw new RecordError('"timestamp" must be an ISO 8601 date or epoch time after 2000 and not in the future');
  }
  const extra = Object.fromEntries(Object.entries(record).filter(([key]) => !NATIVE_FIELDS.has(key)));
  // A level stored other than as sent (`warning` → warn) keeps what was sent beside it.
  if (normalisedLevel && normalisedLevel !== String(level).toLowerCase()) extra.original_level = level;
  const mergedAttributes = Object.keys(extra).length > 0 ? { ...extra, ...(attributes as Record<string, unknown> | undefined) } : (attributes as Record<string, unknown> | undefined);
  if ((message === undefined || message.trim() === '') && (!mergedAttributes || Object.keys(mergedAttributes).length === 0)) {
    throw new RecordError('a record needs a non-empty "message" or "attributes"');
  }
  const content: LogContent = {
    ...(message !== undefined ? { message } : {}),
    ...(mergedAttributes ? { attributes: mergedAttributes } : {}),
    ...(normalisedLevel ? { level: normalisedLevel } : {}),
    ...(service !== undefined ? { service: service as string } : {}),
    ...(trace_id !== undefined ? { trace_id: (trace_id as string).toLowerCase() } : {}),
    ...(span_id !== undefined ? { span_id: (span_id as string).toLowerCase() } : {}),
  };
  return { source: LogSource.Native, content, timestamp: parsedTime };
}

/** One JSON value of a request or batch: the seed shape when it has `log_data`, else native. */
export function normaliseRecord(value: unknown): IncomingLog {
  if (!isObject(value)) throw new RecordError('a record must be a JSON object');
  if ('log_data' in value) {
    if (Object.keys(value).length > 1) throw new RecordError('a {"log_data": ...} record takes no other top-level fields');
    return withinLimits(normaliseSeed(value.log_data));
  }
  const shape = shapeOf(value);
  if (shape) return withinLimits(normaliseShaped(readShaped(value, shape)));
  if (!('message' in value) && !('attributes' in value)) {
    throw new RecordError('Field "log_data" is required (or, for a native record, "message" or "attributes"; or a pino, bunyan, ECS, GELF or Docker record)');
  }
  return withinLimits(normaliseNative(value));
}

/**
 * A record of a known logger's shape (see record-shapes.ts). Shippers cannot fix what their
 * loggers write, so fields it cannot use are kept in attributes, never refused: an unreadable
 * time leaves the received time, a non-string message stays an attribute.
 */
export function normaliseShaped(shaped: ShapedRecord): IncomingLog {
  const attributes = shaped.attributes;
  const message = typeof shaped.message === 'string' ? shaped.message : undefined;
  if (shaped.message !== undefined && message === undefined) attributes.message = shaped.message;
  const timestamp = parseTimestamp(shaped.timestamp);
  if (shaped.timestamp !== undefined && !timestamp) attributes.time = shaped.timestamp;
  if ((message === undefined || message.trim() === '') && Object.keys(attributes).length === 0) throw new RecordError('a record needs a non-empty message or other fields');
  const service = typeof shaped.service === 'string' && shaped.service.length > 0 && shaped.service.length <= SERVICE_MAX ? shaped.service : undefined;
  const content: LogContent = {
    ...(message !== undefined ? { message } : {}),
    ...(Object.keys(attributes).length > 0 ? { attributes } : {}),
    ...(shaped.level ? { level: shaped.level } : {}),
    ...(service ? { service } : {}),
  };
  return { source: LogSource.Native, content, timestamp };
}

/**
 * A record the redactor could not keep whole is refused, never stored altered; so is one whose
 * time is outside the window this server takes (checkEventTime).
 */
export function withinLimits(log: IncomingLog): IncomingLog {
  const problem = recordLimitProblem(log.content);
  if (problem) throw new RecordError(problem);
  checkEventTime(log);
  return log;
}

/**
 * Event times are taken from EVENT_TIME_MAX_AGE_HOURS back to EVENT_TIME_MAX_AHEAD_SECONDS
 * ahead (Loki's reject_old_samples_max_age and creation_grace_period). Records land by
 * arrival whatever their time, and a search finds the hours of arrival that can hold its
 * range through this window: a record outside it is refused alone, with the reason, rather
 * than stored where no search of its time would look.
 */
export function checkEventTime(log: IncomingLog, now = Date.now()): void {
  if (!log.timestamp) return;
  const { EVENT_TIME_MAX_AGE_HOURS, EVENT_TIME_MAX_AHEAD_SECONDS } = loadEnv();
  const time = log.timestamp.getTime();
  if (now - time > EVENT_TIME_MAX_AGE_HOURS * 3_600_000) {
    throw new RecordError(`The record's time is more than ${EVENT_TIME_MAX_AGE_HOURS} hours old; this server takes event times up to ${EVENT_TIME_MAX_AGE_HOURS} hours back (EVENT_TIME_MAX_AGE_HOURS)`);
  }
  if (time - now > EVENT_TIME_MAX_AHEAD_SECONDS * 1000) {
    throw new RecordError(`The record's time is more than ${EVENT_TIME_MAX_AHEAD_SECONDS} seconds ahead of the server's clock (EVENT_TIME_MAX_AHEAD_SECONDS)`);
  }
}
