import { ApiKeyScope, PublicRoute, RequiresScope } from '@app/auth';
import { loadEnv } from '@app/config';
import { bulkResponse, ELASTIC_PRODUCT_HEADER, elasticsearchRoot, LogIngestService, parseElasticsearchBulk } from '@app/ingest';
import { applyDecorators, Controller, Get, HttpCode, NotFoundException, Param, Post, Put, Req, Res } from '@nestjs/common';
import { ApiBody, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { RequestWithRawBody } from '../http/raw-body.middleware';
import { countIngest } from '../logs/logs.controller';
import { ElasticsearchErrorResponses } from './protocol-responses';

/** The version `GET /` reports: what Beats and Logstash 8 check before they send. */
export const ELASTICSEARCH_VERSION = '8.19.0';

/** Set-up calls agents make at start (index templates, ILM policies, ingest pipelines): acknowledged, not kept. */
const SETUP_PATHS = ['_index_template/:name', '_component_template/:name', '_template/:name', '_ilm/policy/:name', '_ingest/pipeline/:name'];

/** The documentation of the four bulk operations (POST and PUT, with and without an index in the path). */
const BulkOperation = (method: 'POST' | 'PUT', withIndex = false) =>
  applyDecorators(
    HttpCode(200),
    ApiOperation({
      summary: `Elasticsearch: bulk${withIndex ? ' into an index' : ''}${method === 'PUT' ? ' (PUT)' : ''}`,
      description:
        'NDJSON action and source lines, as Filebeat, Logstash, Vector, Fluent Bit (`es`), the OpenTelemetry Collector and `helpers.bulk` send. ' +
        '`index` and `create` store their source (ECS fields such as `@timestamp`, `message`, `log.level`, `service.name` map to the record); ' +
        '`update` and `delete` fail alone. Each item answers with its own status, so clients retry only what failed; stored ones carry their ' +
        'log id as `_id`. Stored durably before the 200. Basic auth with the API key as password.',
    }),
    ...(withIndex ? [ApiParam({ name: 'index', description: 'The index for actions that name none; kept as the attribute `index`.' })] : []),
    ApiBody({ schema: { type: 'string', example: '{"create":{"_index":"logs-app"}}\n{"@timestamp":"2026-11-29T10:00:00Z","message":"payment retry","log.level":"warn"}\n' } }),
    ApiOkResponse({ schema: { example: { took: 3, errors: false, items: [{ create: { _index: 'logs-app', _id: '692ac1500000000000000000', result: 'created', status: 201 } }] } } }),
  );

@ApiTags('shippers')
// (The protocol's error answers above the scope's, so they are what the document says.)
@ElasticsearchErrorResponses()
@RequiresScope(ApiKeyScope.Ingest)
@Controller()
export class ElasticsearchController {
  constructor(private readonly ingest: LogIngestService) {}

  @Get()
  @PublicRoute()
  @ApiOperation({
    summary: 'Elasticsearch: cluster identity',
    description:
      'What Elasticsearch clients, Beats and Logstash read first (`GET /` and `HEAD /`), with the `X-Elastic-Product` header they check. ' +
      'A browser (Accept: text/html) gets the dashboard here instead.',
  })
  @ApiOkResponse({ schema: { example: elasticsearchRoot(ELASTICSEARCH_VERSION) } })
  root(@Res({ passthrough: true }) res: Response): object {
    res.setHeader(...ELASTIC_PRODUCT_HEADER);
    return elasticsearchRoot(ELASTICSEARCH_VERSION);
  }

  @Post('_bulk')
  @BulkOperation('POST')
  bulk(@Req() req: RequestWithRawBody, @Res({ passthrough: true }) res: Response): Promise<object> {
    return this.store(req, res, undefined);
  }

  @Post(':index/_bulk')
  @BulkOperation('POST', true)
  bulkInto(@Req() req: RequestWithRawBody, @Res({ passthrough: true }) res: Response, @Param('index') index: string): Promise<object> {
    return this.store(req, res, index);
  }

  // elasticsearch-py and some agents send bulk requests with PUT.
  @Put('_bulk')
  @BulkOperation('PUT')
  bulkPut(@Req() req: RequestWithRawBody, @Res({ passthrough: true }) res: Response): Promise<object> {
    return this.store(req, res, undefined);
  }

  @Put(':index/_bulk')
  @BulkOperation('PUT', true)
  bulkPutInto(@Req() req: RequestWithRawBody, @Res({ passthrough: true }) res: Response, @Param('index') index: string): Promise<object> {
    return this.store(req, res, index);
  }

  private async store(req: RequestWithRawBody, res: Response, index: string | undefined): Promise<object> {
    const started = Date.now();
    res.setHeader(...ELASTIC_PRODUCT_HEADER);
    const items = parseElasticsearchBulk(req.rawBody ?? Buffer.alloc(0), index, loadEnv().MAX_BATCH_RECORDS);
    const logs = items.flatMap((item) => (item.log ? [item.log] : []));
    const logIds = logs.length > 0 ? (await this.ingest.accept(logs)).logIds : [];
    countIngest(req, logs.length, items.length - logs.length);
    return bulkResponse(items, logIds, Date.now() - started);
  }

  @Get(['_license', '_xpack'])
  @ApiOperation({ summary: 'Elasticsearch: licence and features', description: 'Logstash and Beats ask which features the cluster has: a basic licence, no X-Pack features.' })
  license(@Res({ passthrough: true }) res: Response): object {
    res.setHeader(...ELASTIC_PRODUCT_HEADER);
    return { license: { status: 'active', type: 'basic', mode: 'basic' }, features: {} };
  }

  @Put(SETUP_PATHS)
  @ApiParam({ name: 'name', description: 'The template, policy or pipeline an agent installs.' })
  @ApiOperation({ summary: 'Elasticsearch: set-up calls', description: 'Index templates, ILM policies and ingest pipelines agents install at start: acknowledged and not kept (logsieve has its own storage and retention).' })
  @ApiOkResponse({ schema: { example: { acknowledged: true } } })
  acknowledge(@Res({ passthrough: true }) res: Response): object {
    res.setHeader(...ELASTIC_PRODUCT_HEADER);
    return { acknowledged: true };
  }

  @Get(SETUP_PATHS)
  @ApiParam({ name: 'name', description: 'The template, policy or pipeline an agent looks up.' })
  @ApiOperation({ summary: 'Elasticsearch: set-up lookups', description: 'Always 404, so an agent installs (PUT) what it would otherwise check.' })
  @ApiNotFoundResponse({ description: 'Not kept.', schema: { example: { error: { type: 'resource_not_found_exception', reason: 'not kept by logsieve' }, status: 404 } } })
  lookup(): never {
    throw new NotFoundException('logsieve keeps no index templates, ILM policies or pipelines');
  }
}
