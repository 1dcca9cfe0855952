// Swagger documentation of the filters GET /logs, /logs/stream and /stats share. Parsing and
// validation live in @app/search parseLogQuery.
import { applyDecorators } from '@nestjs/common';
import { ApiQuery } from '@nestjs/swagger';

export const LOG_FILTER_DESCRIPTION =
  'Field filters: `attr.<path>=value` matches an attribute (dot-separated path into `attributes`, e.g. `attr.user=jane` or `attr.http.status=500`); ' +
  'numbers and booleans match their JSON value. Filters of different names all apply; repeated `level`/`service` values are alternatives.';

export const LogFilterQueries = (options: { page?: boolean; status?: boolean } = {}) =>
  applyDecorators(
    ApiQuery({ name: 'from', required: false, description: 'ISO 8601 time, or a duration back from now: `15m`, `2h`, `7d`.', example: '1h' }),
    ApiQuery({ name: 'to', required: false, description: 'ISO 8601 time, a duration back from now, or `now`.' }),
    ApiQuery({ name: 'level', required: false, isArray: true, type: String, description: 'Repeatable: `level=error&level=warn`.' }),
    ApiQuery({ name: 'service', required: false, isArray: true, type: String, description: 'Repeatable.' }),
    ApiQuery({ name: 'q', required: false, description: 'Case-insensitive substring of the (redacted) message, matched literally.' }),
    ...(options.status ? [ApiQuery({ name: 'status', required: false, enum: ['processed', 'failed', 'pending'], description: 'Default processed. Failed and pending logs show status and times only.' })] : []),
    ...(options.page
      ? [
          ApiQuery({ name: 'limit', required: false, type: Number, description: '1-1000, default 100.' }),
          ApiQuery({ name: 'cursor', required: false, description: 'The `next` of the previous page.' }),
        ]
      : []),
  );
