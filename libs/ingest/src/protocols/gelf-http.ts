// GELF over HTTP (POST /gelf, as Graylog's HTTP input takes it): one GELF message, or several
// a line (Graylog's bulk mode). Bodies may be gzip or zlib whatever Content-Encoding says
// (graypy sends zlib labelled `gzip,deflate`), so compression is read from the bytes, as
// Graylog does. The GELF record shape maps the fields (`_service` to service, syslog levels).
import { LogSource } from '@app/logs';
import { gunzipSync, inflateSync } from 'node:zlib';
import { IngestError } from '../ingest-error';
import { readEach, RecordError, type IncomingLog } from '../normalise-log';
import type { ParsedRequest } from '../parse-log-request';
import { jsonDepthExceeds, MAX_JSON_DEPTH } from '../record-limits';
import { documentRecord, isPlainObject } from './shipped-record';

/** The body, inflated when its first bytes are a gzip or zlib header; refused past `maxBytes` inflated. */
export function inflateByMagic(body: Buffer, maxBytes: number): Buffer {
  const gzip = body.length >= 2 && body[0] === 0x1f && body[1] === 0x8b;
  const zlib = body.length >= 2 && (body[0] & 0x0f) === 8 && ((body[0] << 8) | body[1]) % 31 === 0;
  if (!gzip && !zlib) return body;
  try {
    return (gzip ? gunzipSync : inflateSync)(body, { maxOutputLength: maxBytes });
  } catch (error) {
    if ((error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE' || error instanceof RangeError) {
      throw new IngestError(413, `Request body decompresses past the limit of ${maxBytes} bytes`);
    }
    throw new IngestError(400, 'Request body is not valid gzip or zlib data');
  }
}

/** The messages of a GELF body; throws IngestError when none is usable. */
export function parseGelf(body: Buffer, maxRecords: number): ParsedRequest {
  const lines = body.toString('utf8').split('\n').filter((line) => line.trim() !== '');
  if (lines.length === 0) throw new IngestError(400, 'Request body is empty');
  if (lines.length > maxRecords) throw new IngestError(413, `The request holds ${lines.length} messages; the limit is ${maxRecords}`);
  const { logs, rejected } = readEach(lines, gelfRecord);
  if (logs.length === 0) throw new IngestError(400, lines.length === 1 ? rejected[0].reason : 'No message in the request is valid', lines.length === 1 ? undefined : rejected);
  return { logs, rejected, single: lines.length === 1 };
}

function gelfRecord(line: string): IncomingLog {
  if (jsonDepthExceeds(line, MAX_JSON_DEPTH)) throw new RecordError(`a GELF message nests JSON more than ${MAX_JSON_DEPTH} levels deep`);
  let message: unknown;
  try {
    message = JSON.parse(line);
  } catch {
    throw new RecordError('a GELF message must be JSON');
  }
  if (!isPlainObject(message)) throw new RecordError('a GELF message must be a JSON object');
  if (typeof message.short_message !== 'string' || message.short_message.trim() === '') throw new RecordError('a GELF message needs a non-empty "short_message"');
  return documentRecord(message, LogSource.Gelf);
}
