// Alerts for analysts: list with filters and keyset pagination, one alert with its webhook
// deliveries, acknowledge or resolve, and a live stream.
import { Body, Controller, Get, HttpException, HttpStatus, NotFoundException, Param, Patch, Query, Req, Res, ServiceUnavailableException } from '@nestjs/common';
import { ApiBadRequestResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiQuery, ApiTags } from '@nestjs/swagger';
import { ApiKeyScope, RequiresScope, type RequestWithPrincipal } from '@app/auth';
import { loadEnv } from '@app/config';
import { ALERT_STATUSES, AlertFeedHub, AlertService, parseAlertQuery, SEVERITIES, targetShownToNonAdmin, toAlertView, WebhookDeliveryService } from '@app/detection';
import { encodeCursor, SseStream, StreamsPerKey, TIME_BOUND_PATTERN } from '@app/search';
import type { Response } from 'express';
import { ErrorResponseDto } from '../http/error-response.dto';
import { AlertDetailDto, AlertDto, AlertPageDto, UpdateAlertDto } from './dto/alert.dto';

@ApiTags('alerts')
@RequiresScope(ApiKeyScope.Read)
@Controller('alerts')
export class AlertsController {
  private readonly streamsPerKey = new StreamsPerKey(loadEnv().TAIL_MAX_PER_KEY);

  constructor(
    private readonly alerts: AlertService,
    private readonly deliveries: WebhookDeliveryService,
    private readonly feed: AlertFeedHub,
  ) {}

  @Get()
  @ApiOperation({ summary: 'List alerts', description: 'Newest first. The group key is a keyed pseudonym, never the raw value.' })
  @ApiQuery({ name: 'rule', required: false, schema: { type: 'array', items: { type: 'string', pattern: '^[a-z0-9][a-z0-9-]{1,63}$' } } })
  @ApiQuery({ name: 'severity', required: false, schema: { type: 'array', items: { type: 'string', enum: SEVERITIES } } })
  @ApiQuery({ name: 'status', required: false, schema: { type: 'array', items: { type: 'string', enum: ALERT_STATUSES } } })
  @ApiQuery({ name: 'from', required: false, schema: { type: 'string', pattern: TIME_BOUND_PATTERN } })
  @ApiQuery({ name: 'limit', required: false, schema: { type: 'integer', minimum: 1, maximum: 1000, default: 100 } })
  @ApiQuery({ name: 'cursor', required: false, schema: { type: 'string', pattern: '^[A-Za-z0-9_-]{1,80}$' } })
  @ApiOkResponse({ type: AlertPageDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto })
  async find(@Query() params: Record<string, unknown>): Promise<AlertPageDto> {
    const page = await this.alerts.list(parseAlertQuery(params));
    return { items: page.alerts, next: page.next ? encodeCursor({ timestamp: page.next.createdAt, id: page.next.id }) : null };
  }

  @Get('stream')
  @ApiOperation({ summary: 'Live alerts (server-sent events)', description: 'An `alert` event per new alert; heartbeats as comments; an `end` event with the reason when the server ends the stream.' })
  @ApiProduces('text/event-stream')
  @ApiOkResponse({ description: 'An event stream.', content: { 'text/event-stream': { schema: { type: 'object', properties: { event: { type: 'string', enum: ['alert', 'ready', 'end'] }, data: { type: 'string' }, retry: { type: 'integer' } } } } } })
  async stream(@Req() req: RequestWithPrincipal, @Res() res: Response): Promise<void> {
    const env = loadEnv();
    if (this.feed.size >= env.TAIL_MAX_CONNECTIONS) throw new HttpException(`This server already serves ${env.TAIL_MAX_CONNECTIONS} streams; retry later`, HttpStatus.TOO_MANY_REQUESTS);
    const release = this.streamsPerKey.take(req.principal?.keyId ?? '');
    if (!release) throw new HttpException(`This API key already holds ${env.TAIL_MAX_PER_KEY} streams on this server; close one or retry later`, HttpStatus.TOO_MANY_REQUESTS);
    res.once('close', release);
    const stream = new SseStream(res);
    let detach: () => void;
    try {
      detach = await this.feed.add({ onMessage: (alert) => stream.send('alert', alert), onFeedLost: (reason) => stream.end(`${reason}; reconnect`) });
    } catch {
      throw new ServiceUnavailableException('The live feed is unavailable; retry later');
    }
    stream.onClose(detach);
    stream.open({ heartbeatSeconds: env.TAIL_HEARTBEAT_SECONDS, maxSeconds: env.TAIL_MAX_SECONDS }, 'reconnect');
    stream.send('ready', { live: true });
  }

  @Get(':id')
  @ApiOperation({
    summary: 'Read an alert with its webhook deliveries',
    description: 'Admin keys see each target URL and the last delivery error; other keys see the target\'s origin only (chat webhooks carry their secret in the path) and no error text.',
  })
  @ApiOkResponse({ type: AlertDetailDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  async findOne(@Param('id') id: string, @Req() req: RequestWithPrincipal): Promise<AlertDetailDto> {
    const alert = await this.alerts.find(id);
    if (!alert) throw new NotFoundException('No alert with this id');
    const deliveries = await this.deliveries.deliveriesOf(alert._id);
    const admin = req.principal?.scope === ApiKeyScope.Admin;
    return {
      ...toAlertView(alert),
      deliveries: deliveries.map((d) => ({
        target: admin ? d.target : targetShownToNonAdmin(d.target),
        status: d.status,
        attempts: d.attempts,
        ...(d.lastStatusCode ? { last_status_code: d.lastStatusCode } : {}),
        ...(d.lastError && admin ? { last_error: d.lastError } : {}),
        ...(d.deliveredAt ? { delivered_at: d.deliveredAt.toISOString() } : {}),
      })),
    };
  }

  @Patch(':id')
  @RequiresScope(ApiKeyScope.Triage)
  @ApiOperation({ summary: 'Acknowledge or resolve an alert', description: 'Needs a triage (or admin) key: read keys only look.' })
  @ApiOkResponse({ type: AlertDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto })
  async update(@Param('id') id: string, @Body() body: UpdateAlertDto): Promise<AlertDto> {
    const alert = await this.alerts.setStatus(id, body.status);
    if (!alert) throw new NotFoundException('No alert with this id');
    return alert;
  }
}
