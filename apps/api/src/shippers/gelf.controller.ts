import { ApiKeyScope, RequiresScope } from '@app/auth';
import { loadEnv } from '@app/config';
import { LogIngestService, parseGelf } from '@app/ingest';
import { Controller, HttpCode, Post, Req, Res } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBadRequestResponse, ApiBody, ApiConsumes, ApiOperation, ApiPayloadTooLargeResponse, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { ErrorResponseDto } from '../http/error-response.dto';
import type { RequestWithRawBody } from '../http/raw-body.middleware';
import { countIngest } from '../logs/logs.controller';

@ApiTags('shippers')
@RequiresScope(ApiKeyScope.Ingest)
@Controller('gelf')
export class GelfController {
  constructor(private readonly ingest: LogIngestService) {}

  @Post()
  @HttpCode(202)
  @ApiOperation({
    summary: 'GELF over HTTP',
    description:
      'A GELF message as Graylog\'s HTTP input takes it (graypy\'s GELFHTTPHandler, Fluent Bit\'s `gelf` output over HTTP), or one a line. ' +
      'gzip or zlib bodies are recognised by their bytes, whatever Content-Encoding says. `_service` (or `_app`, `facility`) becomes the ' +
      'service, the syslog level the level, additional fields attributes. Stored durably before the 202, as Graylog answers.',
  })
  @ApiConsumes('application/json')
  @ApiBody({ schema: { type: 'object', required: ['short_message'], example: { version: '1.1', host: 'web-1', short_message: 'payment retry', level: 4, _service: 'checkout' } } })
  @ApiAcceptedResponse({ description: 'Stored; how many, and any refused messages of a bulk body.', schema: { example: { accepted: 1, rejected: 0 } } })
  @ApiBadRequestResponse({ type: ErrorResponseDto, description: 'Not a GELF message (no short_message, not JSON), or corrupt compression.' })
  @ApiPayloadTooLargeResponse({ type: ErrorResponseDto, description: 'Over MAX_BODY_BYTES (inflated) or MAX_BATCH_RECORDS.' })
  @ApiServiceUnavailableResponse({ type: ErrorResponseDto, description: 'MongoDB unreachable; retry after Retry-After seconds.' })
  async submit(@Req() req: RequestWithRawBody, @Res() res: Response): Promise<void> {
    const { logs, rejected } = parseGelf(req.rawBody ?? Buffer.alloc(0), loadEnv().MAX_BATCH_RECORDS);
    res.setHeader('X-Logsieve-Task-Id', (await this.ingest.accept(logs)).taskId);
    countIngest(req, logs.length, rejected.length);
    res.status(202).json({ accepted: logs.length, rejected: rejected.length, ...(rejected.length > 0 ? { errors: rejected } : {}) });
  }
}
