// Swagger documentation of the filters GET /logs, /logs/stream and /stats share, with the
// same bounds parseLogQuery (@app/search) enforces.
import { applyDecorators } from '@nestjs/common';
import { ApiQuery } from '@nestjs/swagger';
import { TIME_BOUND_PATTERN } from '@app/search';

export const LOG_FILTER_DESCRIPTION =
  'Field filters: `attr.<path>=value` matches an attribute (dot-separated path into `attributes`, e.g. `attr.user=jane` or `attr.http.status=500`); ' +
  'numbers and booleans match their JSON value. Filters of different names all apply; repeated `level`/`service` values are alternatives.';

export const LogFilterQueries = (options: { page?: boolean; status?: boolean } = {}) =>
  applyDecorators(
    ApiQuery({ name: 'from', required: false, schema: { type: 'string', pattern: TIME_BOUND_PATTERN }, description: 'ISO 8601 time, or a duration back from now: `15m`, `2h`, `7d`.', example: '1h' }),
    ApiQuery({ name: 'to', required: false, schema: { type: 'string', pattern: TIME_BOUND_PATTERN }, description: 'ISO 8601 time, a duration back from now, or `now`.' }),
    ApiQuery({ name: 'level', required: false, schema: { type: 'array', maxItems: 20, items: { type: 'string', pattern: '^[A-Za-z]{1,16}$' } }, description: 'Repeatable: `level=error&level=warn`.' }),
    ApiQuery({ name: 'service', required: false, schema: { type: 'array', maxItems: 20, items: { type: 'string', minLength: 1, maxLength: 128 } }, description: 'Repeatable.' }),
    ApiQuery({ name: 'q', required: false, schema: { type: 'string', minLength: 1, maxLength: 200 }, description: 'Case-insensitive substring of the (redacted) message, matched literally.' }),
    ...(options.status ? [ApiQuery({ name: 'status', required: false, enum: ['processed', 'failed', 'pending'], description: 'Default processed. Failed and pending logs show status and times only, and take no content filters (q, level, service, attr.*).' })] : []),
    ...(options.page
      ? [
          ApiQuery({ name: 'limit', required: false, schema: { type: 'integer', minimum: 1, maximum: 1000, default: 100 } }),
          ApiQuery({ name: 'cursor', required: false, schema: { type: 'string', pattern: '^[A-Za-z0-9_-]{1,80}$' }, description: 'The `next` of the previous page.' }),
        ]
      : []),
  );
