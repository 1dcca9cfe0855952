// What the shippers' protocols carry, read as records: a JSON document (an Elasticsearch source,
// a HEC event, a GELF message, a Loki line that is JSON) or a line of text, plus what the
// protocol says around it (stream labels, host, index). Every protocol ends here, so a record
// is mapped, limited and refused the same way whichever door it came in by.
import { setOwn, type LogSource } from '@app/logs';
import { normaliseLevel } from '../log-levels';
import { normaliseShaped, withinLimits, type IncomingLog } from '../normalise-log';
import { readShaped, shapeOf, type RecordShape } from '../record-shapes';
import { jsonDepthExceeds, MAX_JSON_DEPTH } from '../record-limits';

/** What the protocol knows about a record beside its body; the body's own fields win. */
export interface ShippedContext {
  /** Protocol metadata kept as attributes (labels, host, index), unless the document has the same key. */
  attributes?: Record<string, unknown>;
  service?: string;
  level?: string;
  timestamp?: Date;
}

/** A document in no logger's shape: the usual field names, read leniently (shippers cannot fix their input). */
export const ANY_DOCUMENT: RecordShape = {
  name: 'document',
  identifiedBy: [],
  message: ['message', 'msg', 'log', 'line', 'short_message', 'event.original'],
  timestamp: ['@timestamp', 'timestamp', 'time', 'ts'],
  level: ['log.level', 'level', 'severity', 'levelname'],
  service: ['service.name', 'service', 'app', 'application'],
};

const SERVICE_MAX = 128;

export const isPlainObject = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === 'object' && !Array.isArray(value);

/** A JSON document: read in its logger's shape when it has one, else as ANY_DOCUMENT. Throws RecordError. */
export function documentRecord(document: Record<string, unknown>, source: LogSource, context: ShippedContext = {}): IncomingLog {
  const shaped = readShaped(document, shapeOf(document) ?? ANY_DOCUMENT);
  for (const [key, value] of Object.entries(context.attributes ?? {})) {
    if (!Object.prototype.hasOwnProperty.call(shaped.attributes, key)) setOwn(shaped.attributes, key, value);
  }
  shaped.level ??= context.level;
  if (typeof shaped.service !== 'string' || shaped.service === '') shaped.service = context.service;
  const log = normaliseShaped(shaped);
  return withinLimits({ ...log, source, timestamp: log.timestamp ?? context.timestamp });
}

/** A line of text, or a JSON object on one line (pino through Loki, a JSON log through HEC raw). Throws RecordError. */
export function lineRecord(line: string, source: LogSource, context: ShippedContext = {}): IncomingLog {
  const document = jsonObjectIn(line);
  if (document) return documentRecord(document, source, context);
  const attributes = context.attributes ?? {};
  return withinLimits({
    source,
    content: {
      message: line,
      ...(Object.keys(attributes).length > 0 ? { attributes: { ...attributes } } : {}),
      ...(context.level ? { level: context.level } : {}),
      ...(context.service ? { service: context.service } : {}),
    },
    timestamp: context.timestamp,
  });
}

/** The object a line holds when the whole line is one JSON object; otherwise undefined. */
function jsonObjectIn(line: string): Record<string, unknown> | undefined {
  const text = line.trim();
  if (!text.startsWith('{') || !text.endsWith('}') || jsonDepthExceeds(text, MAX_JSON_DEPTH)) return undefined;
  try {
    const value: unknown = JSON.parse(text);
    return isPlainObject(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

/** The first of `names` in `labels` usable as a service name. */
export function serviceFrom(labels: Record<string, unknown>, names: readonly string[]): string | undefined {
  for (const name of names) {
    const value = labels[name];
    if (typeof value === 'string' && value !== '' && value.length <= SERVICE_MAX) return value;
  }
  return undefined;
}

/** The first of `names` in `labels` that is a level word or number. */
export function levelFrom(labels: Record<string, unknown>, names: readonly string[]): string | undefined {
  for (const name of names) {
    const level = normaliseLevel(labels[name]);
    if (level) return level;
  }
  return undefined;
}
