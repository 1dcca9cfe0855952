import { ApiKeyScope, RequiresScope } from '@app/auth';
import { loadEnv } from '@app/config';
import { LogIngestService, LOKI_JSON, LOKI_PROTOBUF, mediaType, parseLokiPush } from '@app/ingest';
import { Controller, HttpCode, Post, Req, Res } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiNoContentResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { RequestWithRawBody } from '../http/raw-body.middleware';
import { countIngest } from '../logs/logs.controller';
import { LokiErrorResponses } from './protocol-responses';

@ApiTags('shippers')
@RequiresScope(ApiKeyScope.Ingest)
@Controller('loki/api/v1')
export class LokiController {
  constructor(private readonly ingest: LogIngestService) {}

  @Post('push')
  @HttpCode(204)
  @ApiOperation({
    summary: 'Loki push API',
    description:
      'What Promtail, Grafana Alloy, Fluent Bit (`loki` output), Vector (`loki` sink) and Loki logging libraries send: protobuf in a Snappy ' +
      'block (the agents\' default) or JSON, gzip allowed. Stream labels and structured metadata become attributes; `service_name`, ' +
      '`service`, `app`, `job` map to the service and `level`/`detected_level` to the level; a line that is a JSON object is read as a record. ' +
      'Stored durably before the 204, as Loki answers. Entries that cannot be stored (too old, too large) get a 400 naming them, one a line; the rest are stored. Errors are plain text, as Loki answers.',
  })
  @ApiConsumes(LOKI_PROTOBUF, LOKI_JSON)
  @ApiBody({
    schema: { type: 'object', description: 'PushRequest', properties: { streams: { type: 'array', items: { type: 'object' } } } },
    examples: { json: { summary: 'One entry', value: { streams: [{ stream: { service_name: 'checkout', level: 'warn' }, values: [['1764410400000000000', 'payment retry']] }] } } },
  })
  @ApiNoContentResponse({ description: 'Every entry stored.' })
  @LokiErrorResponses()
  async push(@Req() req: RequestWithRawBody, @Res() res: Response): Promise<void> {
    const env = loadEnv();
    const type = mediaType(req.headers['content-type']) ?? LOKI_PROTOBUF; // Loki reads anything not JSON as protobuf
    const { logs, rejected } = parseLokiPush(type, req.rawBody ?? Buffer.alloc(0), { maxRecords: env.MAX_BATCH_RECORDS, maxBytes: env.MAX_BODY_BYTES });
    if (logs.length > 0) res.setHeader('X-Logsieve-Task-Id', (await this.ingest.accept(logs)).taskId);
    countIngest(req, logs.length, rejected.length);
    if (rejected.length === 0) return void res.status(204).end();
    const reasons = rejected.slice(0, 10).map((r) => `entry ${r.index}: ${r.reason}`);
    res.status(400).type('text/plain').send(`${rejected.length} of ${logs.length + rejected.length} entries were refused; the others are stored\n${reasons.join('\n')}\n`);
  }
}
