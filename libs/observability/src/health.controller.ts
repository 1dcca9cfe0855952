// Liveness and readiness. Both roles serve them: the api on its port, the worker on WORKER_PORT.
import { PublicRoute } from '@app/auth';
import { InjectQueue } from '@nestjs/bullmq';
import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, HealthIndicatorService, MongooseHealthIndicator } from '@nestjs/terminus';
import { loadEnv } from '@app/config';
import { QueueName } from '@app/queues';
import type { Queue } from 'bullmq';

const CHECK_TIMEOUT_MS = 1500;

@ApiTags('health')
@PublicRoute()
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    private readonly mongoose: MongooseHealthIndicator,
    @InjectQueue(QueueName.RedactLogs) private readonly queue: Queue,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Liveness: the process is up', description: 'Does not touch MongoDB or Redis.' })
  @ApiOkResponse({ schema: { example: { status: 'ok', role: 'all' } } })
  live() {
    return { status: 'ok', role: loadEnv().APP_ROLE };
  }

  @Get('ready')
  @HealthCheck()
  @ApiOperation({ summary: 'Readiness: MongoDB and Redis answer', description: '503 when either does not answer within 1.5 s.' })
  @ApiOkResponse({ schema: { example: { status: 'ok', info: { mongodb: { status: 'up' }, redis: { status: 'up' } } } } })
  @ApiServiceUnavailableResponse({ description: 'A dependency is down; the body says which.' })
  ready() {
    return this.health.check([
      () => this.mongoose.pingCheck('mongodb', { timeout: CHECK_TIMEOUT_MS }),
      () =>
        this.indicators
          .check('redis')
          .attempt(async () => {
            const client = await this.queue.backend.client;
            await client.info();
          })
          .withTimeout(CHECK_TIMEOUT_MS),
    ]);
  }
}
