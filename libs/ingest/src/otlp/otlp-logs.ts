// OTLP/HTTP logs (protobuf or JSON) into normalised records: resource `service.name` becomes
// service, severity becomes level, body becomes message, attributes are kept (resource and
// scope ones under `resource` and `scope`). Pure; errors never echo the payload.
import { LogSource, setOwn } from '@app/logs';
import { IngestError, type RecordRejection } from '../ingest-error';
import { levelFromNumber, normaliseLevel } from '../log-levels';
import { parseJson, type ParsedRequest } from '../parse-log-request';
import { parseTimestamp, RecordError, withinLimits, type IncomingLog } from '../normalise-log';
import { ExportLogsServiceRequest, ExportLogsServiceResponse } from './otlp-logs.proto';

type AnyValue = Record<string, unknown>;
type KeyValue = { key?: string; value?: AnyValue };

export const OTLP_PROTOBUF = 'application/x-protobuf';
export const OTLP_JSON = 'application/json';

/** Severity number ranges of the OTLP data model, to level names. */
function levelFromSeverity(number: unknown, text: unknown): string | undefined {
  // The text as the SDK wrote it (`WARN`, `Warning`, `INFO2`), else the number (1-24).
  return normaliseLevel(text) ?? levelFromNumber(Number(number), 'otel');
}

/** An OTLP AnyValue as plain JSON. Protobuf and JSON encodings differ only in bytes and int64. */
function plain(value: AnyValue | undefined, bytes: (v: unknown) => string): unknown {
  if (!value) return null;
  if ('stringValue' in value) return value.stringValue;
  if ('boolValue' in value) return value.boolValue;
  if ('intValue' in value) {
    const n = Number(value.intValue);
    return Number.isSafeInteger(n) ? n : String(value.intValue);
  }
  if ('doubleValue' in value) return value.doubleValue;
  if ('arrayValue' in value) return ((value.arrayValue as { values?: AnyValue[] })?.values ?? []).map((v) => plain(v, bytes));
  if ('kvlistValue' in value) return attributes((value.kvlistValue as { values?: KeyValue[] })?.values, bytes);
  if ('bytesValue' in value) return bytes(value.bytesValue);
  return null;
}

function attributes(list: KeyValue[] | undefined, bytes: (v: unknown) => string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  // Defined, not assigned: an attribute named `__proto__` is data.
  for (const { key, value } of list ?? []) {
    if (typeof key === 'string') setOwn(out, key, plain(value, bytes));
  }
  return out;
}

interface Encoding {
  /** Bytes fields: base64 from protobuf, already hex (trace/span ids) or base64 in JSON. */
  bytes: (value: unknown) => string;
  id: (value: unknown) => string | undefined;
}

const PROTOBUF_ENCODING: Encoding = {
  bytes: (v) => Buffer.from(String(v ?? ''), 'base64').toString('base64'),
  id: (v) => (v ? Buffer.from(String(v), 'base64').toString('hex') || undefined : undefined),
};

// OTLP/JSON writes trace and span ids as hex, unlike proto3's canonical JSON.
const JSON_ENCODING: Encoding = {
  bytes: (v) => String(v ?? ''),
  id: (v) => (typeof v === 'string' && v !== '' ? v.toLowerCase() : undefined),
};

/** An OTLP list of messages; absent means empty. JSON clients can send anything, so it is checked. */
function objectsAt(value: unknown, field: string): Array<Record<string, unknown>> {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value) || !value.every((item) => item !== null && typeof item === 'object' && !Array.isArray(item))) {
    throw new IngestError(400, `OTLP field ${field} must be an array of objects`);
  }
  return value as Array<Record<string, unknown>>;
}

function mapRequest(request: { resourceLogs?: unknown[] }, encoding: Encoding): ParsedRequest {
  const logs: IncomingLog[] = [];
  const rejected: RecordRejection[] = [];
  let index = 0;
  for (const resourceLogs of objectsAt(request.resourceLogs, 'resourceLogs')) {
    const resource = attributes((resourceLogs.resource as { attributes?: KeyValue[] })?.attributes, encoding.bytes);
    const service = typeof resource['service.name'] === 'string' ? (resource['service.name'] as string) : undefined;
    for (const scopeLogs of objectsAt(resourceLogs.scopeLogs, 'scopeLogs')) {
      const scope = scopeLogs.scope as { name?: string; version?: string } | undefined;
      for (const record of objectsAt(scopeLogs.logRecords, 'logRecords')) {
        try {
          logs.push(withinLimits(mapRecord(record, { resource, service, scope, encoding })));
        } catch (error) {
          if (!(error instanceof RecordError)) throw error;
          rejected.push({ index, reason: error.message });
        }
        index++;
      }
    }
  }
  return { logs, rejected, single: false };
}

function mapRecord(
  record: Record<string, unknown>,
  context: { resource: Record<string, unknown>; service?: string; scope?: { name?: string; version?: string }; encoding: Encoding },
): IncomingLog {
  const body = plain(record.body as AnyValue | undefined, context.encoding.bytes);
  const attrs = attributes(record.attributes as KeyValue[] | undefined, context.encoding.bytes);
  const traceId = context.encoding.id(record.traceId);
  const spanId = context.encoding.id(record.spanId);
  if (traceId !== undefined && !/^[0-9a-f]{32}$/.test(traceId)) throw new RecordError('traceId must be 16 bytes');
  if (spanId !== undefined && !/^[0-9a-f]{16}$/.test(spanId)) throw new RecordError('spanId must be 8 bytes');
  const message = typeof body === 'string' ? body : undefined;
  const attributesOut: Record<string, unknown> = {
    ...attrs,
    ...(message === undefined && body !== null ? { body } : {}),
    ...(Object.keys(context.resource).length > 0 ? { resource: context.resource } : {}),
    ...(context.scope?.name ? { scope: { name: context.scope.name, ...(context.scope.version ? { version: context.scope.version } : {}) } } : {}),
  };
  if (message === undefined && Object.keys(attrs).length === 0 && body === null) throw new RecordError('log record has neither body nor attributes');
  const level = levelFromSeverity(record.severityNumber, record.severityText);
  const nanos = [record.timeUnixNano, record.observedTimeUnixNano].map((t) => (t === undefined || t === '0' || t === 0 ? undefined : BigInt(String(t))));
  const timestamp = nanos.map((n) => (n ? parseTimestamp(Number(n / 1_000_000n)) : undefined)).find(Boolean);
  return {
    source: LogSource.Otlp,
    content: {
      ...(message !== undefined ? { message } : {}),
      attributes: attributesOut,
      ...(level ? { level } : {}),
      ...(context.service ? { service: context.service.slice(0, 128) } : {}),
      ...(traceId ? { trace_id: traceId } : {}),
      ...(spanId ? { span_id: spanId } : {}),
    },
    timestamp,
  };
}

function mapRequestOrRefuse(request: { resourceLogs?: unknown[] }, encoding: Encoding, name: string): ParsedRequest {
  try {
    return mapRequest(request, encoding);
  } catch (error) {
    // A shape no check foresaw (attributes that are not KeyValues, values nested past the stack) is the client's error, not ours.
    if (error instanceof IngestError) throw error;
    throw new IngestError(400, `Request body is not a valid OTLP ExportLogsServiceRequest (${name})`);
  }
}

/** Decodes an OTLP logs export request; throws IngestError (400) for bytes that are not one. */
export function parseOtlpLogs(mediaType: string, body: Buffer, maxRecords: number): ParsedRequest {
  let parsed: ParsedRequest;
  if (mediaType === OTLP_PROTOBUF) {
    let message;
    try {
      message = ExportLogsServiceRequest.toObject(ExportLogsServiceRequest.decode(body), { longs: String, bytes: String, defaults: false, oneofs: false });
    } catch {
      throw new IngestError(400, 'Request body is not a valid OTLP ExportLogsServiceRequest (protobuf)');
    }
    parsed = mapRequestOrRefuse(message as { resourceLogs?: unknown[] }, PROTOBUF_ENCODING, 'protobuf');
  } else if (mediaType === OTLP_JSON) {
    const json = parseJson(body);
    if (json === null || typeof json !== 'object' || Array.isArray(json)) throw new IngestError(400, 'Request body must be an OTLP ExportLogsServiceRequest object');
    parsed = mapRequestOrRefuse(json as { resourceLogs?: unknown[] }, JSON_ENCODING, 'JSON');
  } else {
    throw new IngestError(415, `Content-Type ${mediaType || '(none)'} is not supported; send ${OTLP_PROTOBUF} or ${OTLP_JSON}`);
  }
  const total = parsed.logs.length + parsed.rejected.length;
  if (total > maxRecords) throw new IngestError(413, `The request holds ${total} log records; the limit is ${maxRecords}`);
  return parsed;
}

/** The spec's response: `partialSuccess` names how many records were refused and why. */
export function otlpResponse(mediaType: string, rejected: readonly RecordRejection[]): Buffer | object {
  const partialSuccess =
    rejected.length === 0 ? {} : { rejectedLogRecords: rejected.length, errorMessage: rejected.slice(0, 10).map((r) => `record ${r.index}: ${r.reason}`).join('; ') };
  if (mediaType === OTLP_PROTOBUF) {
    return Buffer.from(ExportLogsServiceResponse.encode(ExportLogsServiceResponse.fromObject({ partialSuccess })).finish());
  }
  return { partialSuccess: rejected.length === 0 ? {} : { ...partialSuccess, rejectedLogRecords: String(rejected.length) } };
}
