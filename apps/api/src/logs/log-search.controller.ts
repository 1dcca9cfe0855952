// Reading logs: search with filters and keyset pagination, NDJSON export, and the live tail.
// Registered before LogsController so /logs/stream is not taken for a log id.
import { BadRequestException, Controller, Get, HttpException, HttpStatus, Query, Req, Res, ServiceUnavailableException } from '@nestjs/common';
import { ApiBadRequestResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiQuery, ApiServiceUnavailableResponse, ApiTags, ApiHeader } from '@nestjs/swagger';
import { ApiKeyScope, RequiresScope, type RequestWithPrincipal } from '@app/auth';
import { loadEnv } from '@app/config';
import { abortedOnClose, drainedOrClosed, encodeCursor, LiveTailHub, LogSearchService, parseLogQuery, parseTailEventId, ReadAbortedError, StreamsPerKey, type LogQuery } from '@app/search';
import type { Response } from 'express';
import { ErrorResponseDto } from '../http/error-response.dto';
import { LogPageDto } from './dto/log-page.dto';
import { LogRecordDto } from './dto/log-record.dto';
import { LOG_FILTER_DESCRIPTION, LogFilterQueries } from './log-query.params';
import { LiveTailSession } from './live-tail.session';

@ApiTags('logs')
@RequiresScope(ApiKeyScope.Read)
@ApiBadRequestResponse({ type: ErrorResponseDto, description: 'A filter that is malformed, unknown, or an object where a value belongs.' })
@Controller('logs')
export class LogSearchController {
  private readonly sessions = new Set<LiveTailSession>();
  private readonly tailsPerKey = new StreamsPerKey(loadEnv().TAIL_MAX_PER_KEY);

  constructor(
    private readonly search: LogSearchService,
    private readonly hub: LiveTailHub,
  ) {}

  @Get()
  @ApiOperation({
    summary: 'Search stored logs',
    description: `Processed (redacted) logs, newest first, one page at a time. ${LOG_FILTER_DESCRIPTION} Without \`from\`, the last day is searched; the answer's \`range\` says what was. With \`format=ndjson\` every match streams as one record a line (no paging).`,
  })
  @LogFilterQueries({ page: true, status: true })
  @ApiQuery({ name: 'format', required: false, enum: ['json', 'ndjson'], description: 'ndjson: stream every match, one record a line.' })
  @ApiProduces('application/json', 'application/x-ndjson')
  @ApiOkResponse({ type: LogPageDto })
  async find(@Query() params: Record<string, unknown>, @Res({ passthrough: true }) res: Response): Promise<LogPageDto | void> {
    const format = params.format ?? 'json';
    if (format !== 'json' && format !== 'ndjson') throw new BadRequestException('"format" must be json or ndjson');
    const query = parseLogQuery(params, { extra: ['format'] });
    if (format === 'ndjson') return this.export(query, res);
    let page;
    try {
      page = await this.search.page(query, { signal: abortedOnClose(res) });
    } catch (error) {
      // The client left: the read stopped, and nobody is there for an answer.
      if (error instanceof ReadAbortedError) return void res.destroy();
      throw error;
    }
    return {
      items: page.records.map(LogRecordDto.from),
      next: page.next ? encodeCursor(page.next) : null,
      range: { from: page.range.from.toISOString(), to: page.range.to.toISOString() },
    };
  }

  private async export(query: LogQuery, res: Response): Promise<void> {
    res.status(200).type('application/x-ndjson');
    try {
      for await (const record of this.search.export(query, { signal: abortedOnClose(res) })) {
        // A client that disconnects ends the export: leaving the loop closes the store's cursor.
        if (!res.write(`${JSON.stringify(LogRecordDto.from(record))}\n`) && !(await drainedOrClosed(res))) return;
      }
      res.end();
    } catch {
      // Headers are gone: cut the stream so the client sees an incomplete export, not a short one.
      res.destroy();
    }
  }

  @Get('stream')
  @ApiOperation({
    summary: 'Live tail (server-sent events)',
    description:
      `Processed logs as workers finish them, filtered like GET /logs (from, to, level, service, q, attr.*). ${LOG_FILTER_DESCRIPTION} ` +
      'Events: `log` (a record, its id a position), `ready` (caught up, now live), `gap` (too far behind to replay), `end` (the server ended the tail and says why: ' +
      'time limit, slow client, live feed lost, shutdown). Comments are heartbeats. Reconnect with `Last-Event-ID` to resume from the store: nothing processed in between is skipped; ' +
      'records processed within 2 s before that id may arrive again (same id).',
  })
  @LogFilterQueries()
  @ApiHeader({ name: 'Last-Event-ID', required: false, description: 'The id of the last `log` event received.' })
  @ApiProduces('text/event-stream')
  @ApiOkResponse({
    description: 'An event stream.',
    content: {
      'text/event-stream': {
        schema: {
          type: 'object',
          description: 'One server-sent event; `data` is JSON (a log record for `log`, `{reason}` for `end` and `gap`).',
          properties: { event: { type: 'string', enum: ['log', 'ready', 'gap', 'end'] }, data: { type: 'string' }, id: { type: 'string' }, retry: { type: 'integer' } },
        },
      },
    },
  })
  @ApiServiceUnavailableResponse({ type: ErrorResponseDto, description: 'The live feed (Redis) is unavailable.' })
  async stream(@Query() params: Record<string, unknown>, @Req() req: RequestWithPrincipal, @Res() res: Response): Promise<void> {
    const env = loadEnv();
    const query = parseLogQuery(params);
    if (this.hub.size >= env.TAIL_MAX_CONNECTIONS) {
      throw new HttpException(`This server already serves ${env.TAIL_MAX_CONNECTIONS} live tails; retry later`, HttpStatus.TOO_MANY_REQUESTS);
    }
    const release = this.tailsPerKey.take(req.principal?.keyId ?? '');
    if (!release) throw new HttpException(`This API key already holds ${env.TAIL_MAX_PER_KEY} live tails on this server; close one or retry later`, HttpStatus.TOO_MANY_REQUESTS);
    res.once('close', release);
    const lastEventId = req.headers['last-event-id'];
    const resumeFrom = parseTailEventId(typeof lastEventId === 'string' ? lastEventId : undefined);
    if (typeof lastEventId === 'string' && !resumeFrom) throw new BadRequestException('Last-Event-ID is not an event id this API sent');
    const session = new LiveTailSession(res, query, { maxSeconds: env.TAIL_MAX_SECONDS, heartbeatSeconds: env.TAIL_HEARTBEAT_SECONDS });
    try {
      await session.start(this.hub, this.search, resumeFrom);
    } catch (error) {
      if (!res.headersSent) throw new ServiceUnavailableException('The live feed is unavailable; retry later');
      throw error;
    }
  }
}
