import { ApiKeyScope, RequiresScope, type RequestWithPrincipal } from '@app/auth';
import { BadRequestException, Body, ConflictException, Controller, UnprocessableEntityException, Get, HttpCode, NotFoundException, Param, Post, Req, Res } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBadRequestResponse,
  ApiBody,
  ApiConflictResponse,
  ApiQuery,
  ApiUnprocessableEntityResponse,
  ApiConsumes,
  ApiExtraModels,
  ApiHeader,
  ApiTooManyRequestsResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiPayloadTooLargeResponse,
  ApiServiceUnavailableResponse,
  ApiTags,
  ApiUnsupportedMediaTypeResponse,
} from '@nestjs/swagger';
import { IdempotencyConflictError, IdempotencyMismatchError, IdempotencyService, IngestError, LogIngestService, LogReprocessService, parseLogRequest } from '@app/ingest';
import { loadEnv } from '@app/config';
import { ingestBodyBytes, ingestRecords } from '@app/observability';
import { isLogId, LogRecordReader } from '@app/logs';
import type { Response } from 'express';
import { ErrorResponseDto } from '../http/error-response.dto';
import { quoteInput } from '../http/quoted-input';
import type { RequestWithRawBody } from '../http/raw-body.middleware';
import { IngestResponseDto } from './dto/ingest-response.dto';
import { NativeRecordDto, SeedRecordDto } from './dto/ingest-request.dto';
import { LogRecordDto } from './dto/log-record.dto';
import { ReprocessRequestDto, ReprocessResponseDto } from './dto/reprocess.dto';

@ApiTags('logs')
@Controller('logs')
export class LogsController {
  constructor(
    private readonly ingest: LogIngestService,
    private readonly records: LogRecordReader,
    private readonly idempotency: IdempotencyService,
    private readonly reprocessing: LogReprocessService,
  ) {}

  @Post()
  @RequiresScope(ApiKeyScope.Ingest)
  @HttpCode(202)
  @ApiOperation({
    summary: 'Submit a log for processing',
    description:
      'Stores the log durably (its content sealed until redacted), then queues it for redaction. ' +
      'A 202 means the logs are in MongoDB. Send the seed\'s `{"log_data": {...}}` or `{"log_data": "a line"}`, a native record ' +
      '`{timestamp, level, service, message, attributes, trace_id, span_id}`, a JSON array of records, NDJSON (one record a line), ' +
      'or one line as text/plain. In a batch, invalid records are reported by index and the valid ones stored (partial success). ' +
      'Bodies may be gzip- or deflate-encoded; the size cap applies after decompression.',
  })
  @ApiConsumes('application/json', 'application/x-ndjson', 'text/plain')
  @ApiBody({
    schema: {
      oneOf: [
        { $ref: '#/components/schemas/SeedRecordDto' },
        { $ref: '#/components/schemas/NativeRecordDto' },
        { type: 'array', items: { oneOf: [{ $ref: '#/components/schemas/SeedRecordDto' }, { $ref: '#/components/schemas/NativeRecordDto' }] } },
        { type: 'string', minLength: 1, description: 'text/plain: one line; application/x-ndjson: one record a line' },
      ],
    },
    examples: {
      seed: { summary: 'The seed example', value: { log_data: { username: 'john_doe', email: 'john@example.com', activity: 'login_attempt' } } },
      line: { summary: 'A line in JSON', value: { log_data: 'user john@example.com logged in' } },
      native: {
        summary: 'A native record',
        value: { timestamp: '2026-11-29T10:00:00Z', level: 'warn', service: 'auth', message: 'login failed', attributes: { user: 'jane' } },
      },
      batch: { summary: 'A batch', value: [{ message: 'one' }, { message: 'two', level: 'error' }] },
    },
  })
  @ApiExtraModels(SeedRecordDto, NativeRecordDto)
  @ApiAcceptedResponse({ type: IngestResponseDto, description: 'Stored and queued (in a batch: the valid records).' })
  @ApiBadRequestResponse({ type: ErrorResponseDto, description: 'Invalid JSON, missing or wrongly typed log_data, an empty body, or a batch with no valid record (errors by index).' })
  @ApiPayloadTooLargeResponse({ type: ErrorResponseDto, description: 'Body over MAX_BODY_BYTES (after decompression), or more than MAX_BATCH_RECORDS records.' })
  @ApiUnsupportedMediaTypeResponse({ type: ErrorResponseDto, description: 'Content-Type or Content-Encoding not supported.' })
  @ApiServiceUnavailableResponse({ type: ErrorResponseDto, description: 'MongoDB unreachable; nothing was stored. Retry after Retry-After seconds.' })
  @ApiTooManyRequestsResponse({ type: ErrorResponseDto, description: 'The processing backlog is over INGEST_HIGH_WATER_JOBS; nothing was stored. Retry after Retry-After seconds.' })
  @ApiConflictResponse({ type: ErrorResponseDto, description: 'A request with the same Idempotency-Key is still being processed.' })
  @ApiUnprocessableEntityResponse({ type: ErrorResponseDto, description: 'The Idempotency-Key was used by this API key with a different body in the last 24 h.' })
  @ApiQuery({ name: 'strict', required: false, enum: ['true', 'false'], description: 'true: any invalid record refuses the whole request (400 listing each), for shippers that read only the status code. Also the header X-Logsieve-Strict: true.' })
  @ApiHeader({ name: 'X-Logsieve-Strict', required: false, schema: { type: 'string', enum: ['true', 'false'] }, description: 'Same as ?strict=true.' })
  @ApiHeader({ name: 'Idempotency-Key', required: false, schema: { type: 'string', pattern: '^[\\x21-\\x7e]{1,255}$' }, description: 'A retry with the same key and body within 24 h gets the first response (header Idempotent-Replayed: true) and stores nothing new. Keys belong to the API key that sent them; reused with a different body: 422.' })
  async submit(@Req() req: RequestWithRawBody & RequestWithPrincipal, @Res({ passthrough: true }) res: Response): Promise<IngestResponseDto> {
    const key = req.headers['idempotency-key'];
    if (typeof key !== 'string') return this.store(req);
    let start;
    try {
      start = await this.idempotency.begin(key, {
        scope: 'logs',
        owner: req.principal?.keyId ?? '',
        contentType: req.headers['content-type'],
        body: req.rawBody ?? Buffer.alloc(0),
      });
    } catch (error) {
      if (error instanceof IdempotencyConflictError) throw new ConflictException(error.message);
      if (error instanceof IdempotencyMismatchError) throw new UnprocessableEntityException(error.message);
      throw error;
    }
    if ('replay' in start) {
      res.status(start.replay.status).setHeader('Idempotent-Replayed', 'true');
      return start.replay.body as IngestResponseDto;
    }
    try {
      const body = await this.store(req);
      await this.idempotency.complete(start.reserved, 202, body);
      return body;
    } catch (error) {
      await this.idempotency.release(start.reserved).catch(() => undefined);
      throw error;
    }
  }

  private async store(req: RequestWithRawBody): Promise<IngestResponseDto> {
    const { logs, rejected } = parseLogRequest(req.headers['content-type'], req.rawBody ?? Buffer.alloc(0), loadEnv().MAX_BATCH_RECORDS);
    // Strict: for shippers that read only the status code, one bad record refuses the request whole, so they retry or alert.
    if (rejected.length > 0 && isStrict(req)) {
      throw new IngestError(400, `${rejected.length} of ${logs.length + rejected.length} records are invalid; in strict mode nothing was stored`, rejected);
    }
    const accepted = await this.ingest.accept(logs);
    countIngest(req, accepted.logIds.length, rejected.length);
    return {
      status: 'Log stored and processing',
      log_id: accepted.logIds[0],
      task_id: accepted.taskId,
      accepted: accepted.logIds.length,
      log_ids: accepted.logIds,
      rejected: rejected.length,
      ...(rejected.length > 0 ? { errors: rejected } : {}),
    };
  }

  @Post('reprocess')
  @RequiresScope(ApiKeyScope.Admin)
  @HttpCode(202)
  @ApiOperation({ summary: 'Reprocess failed logs', description: 'Puts failed logs (GET /logs?status=failed) back to pending and queues them again under their task ids. Send `{}` for all failed logs (oldest 10,000 a call) or `{"log_ids": [...]}`.' })
  @ApiAcceptedResponse({ type: ReprocessResponseDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto })
  @ApiBody({ type: ReprocessRequestDto, required: true })
  reprocess(@Req() req: RequestWithRawBody, @Body() body: ReprocessRequestDto): Promise<ReprocessResponseDto> {
    // An empty request is more likely a mistake than "everything": that takes an explicit {}.
    if (!req.rawBody?.length) throw new BadRequestException('Send a JSON body: {} to reprocess every failed log, or {"log_ids": [...]}');
    return this.reprocessing.reprocess(body.log_ids);
  }

  @Get(':log_id')
  @RequiresScope(ApiKeyScope.Read)
  @ApiOperation({ summary: 'Read a stored log', description: 'Processed logs show their redacted content; pending and failed ones only status and times.' })
  @ApiParam({ name: 'log_id', example: '64f64e0e924b81b597ca24f1', description: '24 hex digits, as returned by POST /logs.' })
  @ApiOkResponse({ type: LogRecordDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto, description: 'log_id is not 24 hex digits.' })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'No log with this id.' })
  async findOne(@Param('log_id') logId: string): Promise<LogRecordDto> {
    if (!isLogId(logId)) throw new BadRequestException('log_id must be 24 hexadecimal characters');
    const record = await this.records.findById(logId);
    if (!record) throw new NotFoundException(`No log with id ${quoteInput(logId)}`);
    return LogRecordDto.from(record);
  }
}

/** `?strict=true`, or the header `X-Logsieve-Strict: true`, for clients that cannot add a query. */
function isStrict(req: RequestWithRawBody): boolean {
  return req.query.strict === 'true' || req.headers['x-logsieve-strict'] === 'true';
}

/** Ingest metrics of one answered request: records by outcome and the body's bytes. */
export function countIngest(req: RequestWithRawBody, accepted: number, rejected: number): void {
  if (accepted > 0) ingestRecords.inc({ outcome: 'accepted' }, accepted);
  if (rejected > 0) ingestRecords.inc({ outcome: 'rejected' }, rejected);
  ingestBodyBytes.inc(req.rawBody?.length ?? 0);
}
