// GET /metrics in Prometheus's text format, on both roles. The api serves it to admin keys
// (a scraper sends `Authorization: Bearer <key>`); the worker serves it on WORKER_PORT, which
// carries no public API. Queue depth is read when scraped.
import { ApiKeyScope, RequiresScope } from '@app/auth';
import { InjectQueue } from '@nestjs/bullmq';
import { Controller, Get, Header } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { QueueName } from '@app/queues';
import type { Queue } from 'bullmq';
import { metricsRegistry, queueJobs } from './metrics';

const QUEUE_STATES = ['waiting', 'active', 'delayed', 'failed', 'completed', 'prioritized'] as const;

@ApiTags('operations')
@RequiresScope(ApiKeyScope.Admin)
@Controller('metrics')
export class MetricsController {
  constructor(
    @InjectQueue(QueueName.RedactLogs) private readonly redactLogs: Queue,
    @InjectQueue(QueueName.NotifyWebhooks) private readonly notifyWebhooks: Queue,
  ) {}

  @Get()
  @Header('Content-Type', metricsRegistry.contentType)
  @ApiOperation({ summary: 'Prometheus metrics', description: 'Requests, ingest outcomes, queue depth, accept-to-processed latency, redactions and alerts by rule, webhook results, dependency errors, event-loop lag. No label carries client data.' })
  @ApiProduces('text/plain')
  @ApiOkResponse({ description: 'Prometheus text exposition format.', content: { 'text/plain': { schema: { type: 'string' } } } })
  async scrape(): Promise<string> {
    await Promise.all(
      [this.redactLogs, this.notifyWebhooks].map(async (queue) => {
        // Redis away: the gauge keeps its last values, and the scrape still answers.
        const counts = await queue.getJobCounts(...QUEUE_STATES).catch(() => undefined);
        if (counts) for (const state of QUEUE_STATES) queueJobs.set({ queue: queue.name, state }, counts[state] ?? 0);
      }),
    );
    return metricsRegistry.metrics();
  }
}
