import { ApiKeyScope, RequiresScope } from '@app/auth';
import { Controller, HttpCode, Post, Req, Res } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBody,
  ApiConsumes,
  ApiOkResponse,
  ApiOperation,
  ApiPayloadTooLargeResponse,
  ApiProduces,
  ApiServiceUnavailableResponse,
  ApiTooManyRequestsResponse,
  ApiTags,
  ApiUnsupportedMediaTypeResponse,
} from '@nestjs/swagger';
import { loadEnv } from '@app/config';
import { LogIngestService, mediaType, OTLP_PROTOBUF, otlpResponse, parseOtlpLogs } from '@app/ingest';
import type { Response } from 'express';
import { ErrorResponseDto } from '../http/error-response.dto';
import type { RequestWithRawBody } from '../http/raw-body.middleware';
import { countIngest } from '../logs/logs.controller';

@ApiTags('otlp')
@RequiresScope(ApiKeyScope.Ingest)
@Controller('v1/logs')
export class OtlpController {
  constructor(private readonly ingest: LogIngestService) {}

  @Post()
  @HttpCode(200)
  @ApiOperation({
    summary: 'OTLP/HTTP logs export',
    description:
      'The OpenTelemetry collector protocol for logs, protobuf or JSON, gzip allowed. Resource `service.name` becomes the service, ' +
      'severity the level, body the message. Stored durably before the 200; records that cannot be stored are counted in ' +
      '`partialSuccess`. The task id is in the `X-Logsieve-Task-Id` header.',
  })
  @ApiConsumes(OTLP_PROTOBUF, 'application/json')
  @ApiProduces(OTLP_PROTOBUF, 'application/json')
  @ApiBody({
    schema: { type: 'object', description: 'ExportLogsServiceRequest', properties: { resourceLogs: { type: 'array', items: { type: 'object' } } } },
    examples: {
      json: {
        summary: 'One record',
        value: {
          resourceLogs: [
            {
              resource: { attributes: [{ key: 'service.name', value: { stringValue: 'checkout' } }] },
              scopeLogs: [{ logRecords: [{ timeUnixNano: '1764410400000000000', severityNumber: 13, body: { stringValue: 'payment retry' } }] }],
            },
          ],
        },
      },
    },
  })
  @ApiOkResponse({ description: 'ExportLogsServiceResponse', schema: { example: { partialSuccess: {} } } })
  @ApiBadRequestResponse({ type: ErrorResponseDto, description: 'Not an ExportLogsServiceRequest.' })
  @ApiPayloadTooLargeResponse({ type: ErrorResponseDto, description: 'Over MAX_BODY_BYTES or MAX_BATCH_RECORDS.' })
  @ApiUnsupportedMediaTypeResponse({ type: ErrorResponseDto })
  @ApiServiceUnavailableResponse({ type: ErrorResponseDto, description: 'MongoDB unreachable; retry after Retry-After seconds.' })
  @ApiTooManyRequestsResponse({ type: ErrorResponseDto, description: 'Backlog over INGEST_HIGH_WATER_JOBS; retry after Retry-After seconds.' })
  async export(@Req() req: RequestWithRawBody, @Res() res: Response): Promise<void> {
    const type = mediaType(req.headers['content-type']) ?? '';
    const { logs, rejected } = parseOtlpLogs(type, req.rawBody ?? Buffer.alloc(0), loadEnv().MAX_BATCH_RECORDS);
    if (logs.length > 0) {
      const accepted = await this.ingest.accept(logs);
      countIngest(req, accepted.logIds.length, rejected.length);
      res.setHeader('X-Logsieve-Task-Id', accepted.taskId);
    }
    const body = otlpResponse(type, rejected);
    if (Buffer.isBuffer(body)) res.status(200).type(OTLP_PROTOBUF).send(body);
    else res.status(200).json(body);
  }
}
