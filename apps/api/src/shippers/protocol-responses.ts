// The error answers of each shipper's protocol, documented for every status its paths can give
// (the raw-body reader's 400/413/415, the key checks' 401/403/429, the store's 503), so the
// OpenAPI document says what clients and fuzzers will really get.
import { applyDecorators } from '@nestjs/common';
import { ApiResponse } from '@nestjs/swagger';

const ERROR_STATUSES = [400, 401, 403, 413, 415, 429, 503] as const;

const WHY: Record<(typeof ERROR_STATUSES)[number], string> = {
  400: 'The body is not what this protocol sends.',
  401: 'No API key, or one that is unknown or revoked.',
  403: 'The key has no ingest scope.',
  413: 'Over MAX_BODY_BYTES or MAX_BATCH_RECORDS.',
  415: 'A Content-Type or Content-Encoding this path does not read.',
  429: 'Over the rate limit, or the processing backlog is over its limit; retry after Retry-After seconds.',
  503: 'MongoDB unreachable; nothing was stored. Retry after Retry-After seconds.',
};

function errorResponses(content: Record<string, { schema: object }>) {
  return applyDecorators(...ERROR_STATUSES.map((status) => ApiResponse({ status, description: WHY[status], content })));
}

/** Loki answers errors as a line of plain text. */
export const LokiErrorResponses = () => errorResponses({ 'text/plain': { schema: { type: 'string', example: 'Request body is not a valid Loki PushRequest (Snappy-compressed protobuf)\n' } } });

const jsonError = (properties: Record<string, object>, required: string[], example: object) => errorResponses({ 'application/json': { schema: { type: 'object', required, properties, example } } });

/** Elasticsearch's error document. */
export const ElasticsearchErrorResponses = () =>
  jsonError(
    { error: { type: 'object', properties: { type: { type: 'string' }, reason: { type: 'string' }, root_cause: { type: 'array', items: { type: 'object' } } } }, status: { type: 'integer' } },
    ['error', 'status'],
    { error: { root_cause: [{ type: 'illegal_argument_exception', reason: 'Malformed action/metadata line [1]' }], type: 'illegal_argument_exception', reason: 'Malformed action/metadata line [1]' }, status: 400 },
  );

/** HEC's `{text, code}`, with the number of the event that was refused. */
export const HecErrorResponses = () =>
  jsonError(
    { text: { type: 'string' }, code: { type: 'integer' }, 'invalid-event-number': { type: 'integer' }, reason: { type: 'string' } },
    ['text', 'code'],
    { text: 'Event field is required', code: 12, 'invalid-event-number': 1 },
  );
