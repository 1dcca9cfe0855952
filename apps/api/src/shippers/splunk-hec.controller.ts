import { ApiKeyScope, PublicRoute, RequiresScope } from '@app/auth';
import { loadEnv } from '@app/config';
import { HEC_HEALTHY, HEC_SUCCESS, hecMetadataOf, LogIngestService, parseHecEvents, parseHecRaw, type ParsedRequest } from '@app/ingest';
import { Controller, Get, HttpCode, Post, Req, Res } from '@nestjs/common';
import { ApiBody, ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { RequestWithRawBody } from '../http/raw-body.middleware';
import { countIngest } from '../logs/logs.controller';
import { HecErrorResponses } from './protocol-responses';

@ApiTags('shippers')
@Controller('services/collector')
export class SplunkHecController {
  constructor(private readonly ingest: LogIngestService) {}

  @Post(['', 'event', 'event/1.0'])
  @HttpCode(200)
  @HecErrorResponses()
  @RequiresScope(ApiKeyScope.Ingest)
  @ApiOperation({
    summary: 'Splunk HTTP Event Collector: events',
    description:
      'What Docker\'s `splunk` log driver, Splunk logging libraries, Fluent Bit (`splunk`), Vector (`splunk_hec_logs`) and the OpenTelemetry ' +
      'Collector (`splunk_hec`) send: JSON events one after another (`{...}{...}`). The key goes in `Authorization: Splunk <key>`. `time` ' +
      '(epoch seconds), `host`, `source`, `sourcetype`, `index` and `fields` are kept; `fields.service` and `fields.level` map to service and ' +
      'level. Taken whole or not at all: a bad event refuses the request with its number (code 5 no data, 6 invalid data format, 12 event ' +
      'required, 13 event blank). Stored durably before the 200.',
  })
  @ApiBody({ schema: { type: 'string', example: '{"time":1764410400.5,"host":"web-1","sourcetype":"app","event":{"message":"payment retry","level":"warn"},"fields":{"service":"checkout"}}' } })
  @ApiOkResponse({ schema: { example: HEC_SUCCESS } })
  event(@Req() req: RequestWithRawBody, @Res() res: Response): Promise<void> {
    return this.store(req, res, parseHecEvents(req.rawBody ?? Buffer.alloc(0), loadEnv().MAX_BATCH_RECORDS));
  }

  @Post(['raw', 'raw/1.0'])
  @HttpCode(200)
  @HecErrorResponses()
  @RequiresScope(ApiKeyScope.Ingest)
  @ApiOperation({ summary: 'Splunk HTTP Event Collector: raw lines', description: 'One record a line; the query names the metadata. A line that is a JSON object is read as a record.' })
  @ApiQuery({ name: 'host', required: false })
  @ApiQuery({ name: 'source', required: false })
  @ApiQuery({ name: 'sourcetype', required: false })
  @ApiQuery({ name: 'index', required: false })
  @ApiQuery({ name: 'channel', required: false, description: 'Accepted and ignored (logsieve does not do indexer acknowledgement).' })
  @ApiBody({ schema: { type: 'string', example: 'payment retry for order 1042\nuser signed in' } })
  @ApiOkResponse({ schema: { example: HEC_SUCCESS } })
  raw(@Req() req: RequestWithRawBody, @Res() res: Response): Promise<void> {
    return this.store(req, res, parseHecRaw(req.rawBody ?? Buffer.alloc(0), hecMetadataOf(req.query), loadEnv().MAX_BATCH_RECORDS));
  }

  @Get(['health', 'health/1.0'])
  @PublicRoute()
  @ApiOperation({ summary: 'Splunk HTTP Event Collector: health', description: 'What HEC clients probe before sending.' })
  @ApiOkResponse({ schema: { example: HEC_HEALTHY } })
  health(): typeof HEC_HEALTHY {
    return HEC_HEALTHY;
  }

  private async store(req: RequestWithRawBody, res: Response, { logs }: ParsedRequest): Promise<void> {
    res.setHeader('X-Logsieve-Task-Id', (await this.ingest.accept(logs)).taskId);
    countIngest(req, logs.length, 0);
    res.status(200).json(HEC_SUCCESS);
  }
}
