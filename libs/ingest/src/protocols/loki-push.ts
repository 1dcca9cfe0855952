// Loki's push API (POST /loki/api/v1/push) into records: JSON, or protobuf in a Snappy block
// as Promtail, Alloy and Fluent Bit send by default. Stream labels and structured metadata
// become attributes; the usual service and level labels map to service and level; a line that
// is a JSON object is read as a record (pino through Loki keeps its fields).
import { LogSource, setOwn } from '@app/logs';
import { uncompressSync } from 'snappy';
import { IngestError } from '../ingest-error';
import { readEach, RecordError, type IncomingLog } from '../normalise-log';
import { parseJson, type ParsedRequest } from '../parse-log-request';
import { parseLabelSet } from './label-set';
import { PushRequest } from './loki-push.proto';
import { isPlainObject, levelFrom, lineRecord, serviceFrom } from './shipped-record';

export const LOKI_PROTOBUF = 'application/x-protobuf';
export const LOKI_JSON = 'application/json';

/** Labels Grafana's agents set for the service, in the order Loki's own service_name discovery tries them. */
const SERVICE_LABELS = ['service_name', 'service', 'app', 'application', 'job', 'container', 'container_name'];
const LEVEL_LABELS = ['level', 'detected_level', 'severity', 'lvl'];
/** What Loki fills service_name with when it found none: no service. */
const UNKNOWN_SERVICE = 'unknown_service';

interface LokiEntry {
  labels: Record<string, string>;
  /** Nanoseconds since the epoch, as sent. */
  nanos: bigint | undefined;
  line: unknown;
  metadata: Record<string, string>;
}

export interface LokiLimits {
  maxRecords: number;
  /** The cap on a decompressed body. */
  maxBytes: number;
}

/** A push request's records; throws IngestError for a body that is not a push request. */
export function parseLokiPush(mediaType: string, body: Buffer, limits: LokiLimits): ParsedRequest {
  let entries: LokiEntry[];
  if (mediaType === LOKI_PROTOBUF) entries = protobufEntries(body, limits.maxBytes);
  else if (mediaType === LOKI_JSON) entries = jsonEntries(parseJson(body));
  else throw new IngestError(415, `Content-Type ${mediaType || '(none)'} is not supported; send ${LOKI_PROTOBUF} (Snappy) or ${LOKI_JSON}`);
  if (entries.length === 0) throw new IngestError(400, 'The push request holds no entries');
  if (entries.length > limits.maxRecords) throw new IngestError(413, `The push request holds ${entries.length} entries; the limit is ${limits.maxRecords}`);
  return { ...readEach(entries, entryRecord), single: false };
}

function entryRecord(entry: LokiEntry): IncomingLog {
  if (typeof entry.line !== 'string' || entry.line === '') throw new RecordError('an entry needs a non-empty line');
  const labels = { ...entry.labels, ...entry.metadata };
  const service = serviceFrom(labels, SERVICE_LABELS.filter((name) => labels[name] !== UNKNOWN_SERVICE));
  return lineRecord(entry.line, LogSource.Loki, { attributes: labels, service, level: levelFrom(labels, LEVEL_LABELS), timestamp: timeOf(entry.nanos) });
}

function timeOf(nanos: bigint | undefined): Date | undefined {
  if (nanos === undefined) throw new RecordError('an entry needs a timestamp in nanoseconds since the epoch');
  if (nanos === 0n) return undefined;
  return new Date(Number(nanos / 1_000_000n));
}

function nanosOf(value: unknown): bigint | undefined {
  if (typeof value === 'string' && /^\d{1,20}$/.test(value)) return BigInt(value);
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) return BigInt(value);
  if (typeof value === 'string' && !Number.isNaN(Date.parse(value))) return BigInt(Date.parse(value)) * 1_000_000n; // the legacy `ts`
  return undefined;
}

/** Labels of a JSON stream: an object of strings (`stream`), or the legacy label-set string (`labels`). */
function streamLabels(stream: Record<string, unknown>): Record<string, string> {
  if (typeof stream.labels === 'string') return labelSet(stream.labels);
  if (stream.stream === undefined) return {};
  if (!isPlainObject(stream.stream) || !Object.values(stream.stream).every((v) => typeof v === 'string')) {
    throw new IngestError(400, 'A stream\'s "stream" must be an object of string labels');
  }
  return stream.stream as Record<string, string>;
}

function jsonEntries(json: unknown): LokiEntry[] {
  if (!isPlainObject(json) || !Array.isArray(json.streams)) throw new IngestError(400, 'A Loki push request is an object with a "streams" array');
  const entries: LokiEntry[] = [];
  for (const stream of json.streams as unknown[]) {
    if (!isPlainObject(stream)) throw new IngestError(400, 'Each of "streams" must be an object');
    const labels = streamLabels(stream);
    if (Array.isArray(stream.values)) {
      for (const value of stream.values as unknown[]) {
        if (!Array.isArray(value) || value.length < 2 || value.length > 3) throw new IngestError(400, 'Each of "values" must be [timestamp, line] or [timestamp, line, metadata]');
        const metadata = value[2] === undefined ? {} : value[2];
        if (!isPlainObject(metadata) || !Object.values(metadata).every((v) => typeof v === 'string')) throw new IngestError(400, 'Structured metadata must be an object of strings');
        entries.push({ labels, nanos: nanosOf(value[0]), line: value[1], metadata: metadata as Record<string, string> });
      }
    } else if (Array.isArray(stream.entries)) {
      for (const entry of stream.entries as unknown[]) {
        if (!isPlainObject(entry)) throw new IngestError(400, 'Each of "entries" must be an object');
        entries.push({ labels, nanos: nanosOf(entry.ts ?? entry.timestamp), line: entry.line, metadata: {} });
      }
    } else throw new IngestError(400, 'Each stream needs a "values" array');
  }
  return entries;
}

function protobufEntries(body: Buffer, maxBytes: number): LokiEntry[] {
  const length = snappyLength(body);
  if (length === undefined) throw new IngestError(400, 'Request body is not Snappy-compressed protobuf');
  if (length > maxBytes) throw new IngestError(413, `Request body decompresses past the limit of ${maxBytes} bytes`);
  let message: { streams?: Array<{ labels?: string; entries?: Array<{ timestamp?: { seconds?: string; nanos?: number }; line?: string; structuredMetadata?: Array<{ name?: string; value?: string }> }> }> };
  try {
    const bytes = uncompressSync(body, { asBuffer: true }) as Buffer;
    message = PushRequest.toObject(PushRequest.decode(bytes), { longs: String, defaults: false }) as typeof message;
  } catch {
    throw new IngestError(400, 'Request body is not a valid Loki PushRequest (Snappy-compressed protobuf)');
  }
  const entries: LokiEntry[] = [];
  for (const stream of message.streams ?? []) {
    const labels = labelSet(stream.labels ?? '{}');
    for (const entry of stream.entries ?? []) {
      const metadata: Record<string, string> = {};
      for (const pair of entry.structuredMetadata ?? []) if (pair.name) setOwn(metadata, pair.name, pair.value ?? '');
      const nanos = entry.timestamp ? BigInt(entry.timestamp.seconds ?? '0') * 1_000_000_000n + BigInt(entry.timestamp.nanos ?? 0) : undefined;
      entries.push({ labels, nanos, line: entry.line ?? '', metadata });
    }
  }
  return entries;
}

function labelSet(text: string): Record<string, string> {
  try {
    return parseLabelSet(text);
  } catch (error) {
    throw new IngestError(400, `A stream's labels are not a valid label set: ${(error as Error).message}`);
  }
}

/** The uncompressed length a Snappy block declares (its leading varint), read before inflating it. */
export function snappyLength(body: Buffer): number | undefined {
  let length = 0;
  for (let i = 0; i < Math.min(body.length, 5); i++) {
    length += (body[i] & 0x7f) * 2 ** (7 * i);
    if (body[i] < 0x80) return length;
  }
  return undefined;
}

/** Loki answers errors as a line of text. */
export function lokiErrorBody(message: string): string {
  return `${message}\n`;
}
