import { BadRequestException, Controller, Get, HttpCode, NotFoundException, Param, Post, Req } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBadRequestResponse,
  ApiBody,
  ApiConsumes,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiPayloadTooLargeResponse,
  ApiServiceUnavailableResponse,
  ApiTags,
  ApiUnsupportedMediaTypeResponse,
} from '@nestjs/swagger';
import { LogIngestService, parseLogRequest } from '@app/ingest';
import { isLogId, LogRecordRepository } from '@app/logs';
import { ErrorResponseDto } from '../http/error-response.dto';
import type { RequestWithRawBody } from '../http/raw-body.middleware';
import { IngestResponseDto } from './dto/ingest-response.dto';
import { LogRecordDto } from './dto/log-record.dto';

@ApiTags('logs')
@Controller('logs')
export class LogsController {
  constructor(
    private readonly ingest: LogIngestService,
    private readonly records: LogRecordRepository,
  ) {}

  @Post()
  @HttpCode(202)
  @ApiOperation({
    summary: 'Submit a log for processing',
    description:
      'Stores the log durably (its content sealed until redacted), then queues it for redaction. ' +
      'A 202 means the log is in MongoDB. Send `{"log_data": {...}}` or `{"log_data": "a line"}` as JSON, ' +
      'or one line as text/plain. Bodies may be gzip- or deflate-encoded; the size cap applies after decompression.',
  })
  @ApiConsumes('application/json', 'text/plain')
  @ApiBody({
    schema: {
      oneOf: [
        {
          type: 'object',
          required: ['log_data'],
          properties: { log_data: { oneOf: [{ type: 'object', additionalProperties: true }, { type: 'string', minLength: 1 }] } },
        },
        { type: 'string', minLength: 1 },
      ],
    },
    examples: {
      json: { summary: 'The seed example', value: { log_data: { username: 'john_doe', email: 'john@example.com', activity: 'login_attempt' } } },
      line: { summary: 'A line in JSON', value: { log_data: 'user john@example.com logged in' } },
    },
  })
  @ApiAcceptedResponse({ type: IngestResponseDto, description: 'Stored and queued.' })
  @ApiBadRequestResponse({ type: ErrorResponseDto, description: 'Invalid JSON, missing or wrongly typed log_data, or an empty body.' })
  @ApiPayloadTooLargeResponse({ type: ErrorResponseDto, description: 'Body over MAX_BODY_BYTES (after decompression).' })
  @ApiUnsupportedMediaTypeResponse({ type: ErrorResponseDto, description: 'Content-Type or Content-Encoding not supported.' })
  @ApiServiceUnavailableResponse({ type: ErrorResponseDto, description: 'MongoDB unreachable; nothing was stored. Retry after Retry-After seconds.' })
  async submit(@Req() req: RequestWithRawBody): Promise<IngestResponseDto> {
    const logs = parseLogRequest(req.headers['content-type'], req.rawBody ?? Buffer.alloc(0));
    const accepted = await this.ingest.accept(logs);
    return { status: 'Log stored and processing', log_id: accepted.logIds[0], task_id: accepted.taskId };
  }

  @Get(':log_id')
  @ApiOperation({ summary: 'Read a stored log', description: 'Processed logs show their redacted content; pending and failed ones only status and times.' })
  @ApiParam({ name: 'log_id', example: '64f64e0e924b81b597ca24f1', description: '24 hex digits, as returned by POST /logs.' })
  @ApiOkResponse({ type: LogRecordDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto, description: 'log_id is not 24 hex digits.' })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'No log with this id.' })
  async findOne(@Param('log_id') logId: string): Promise<LogRecordDto> {
    if (!isLogId(logId)) throw new BadRequestException('log_id must be 24 hexadecimal characters');
    const record = await this.records.findById(logId);
    if (!record) throw new NotFoundException(`No log with id ${logId}`);
    return LogRecordDto.from(record);
  }
}
