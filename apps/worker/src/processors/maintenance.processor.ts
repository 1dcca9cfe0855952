// Housekeeping on a BullMQ job scheduler, so that however many workers run, retention runs
// once per RETENTION_INTERVAL_MS. Each worker declares the schedule at boot (an upsert: the
// same schedule however often it is declared).
import { InjectQueue, OnWorkerEvent, Processor, WorkerHost } from '@nestjs/bullmq';
import { Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { loadEnv } from '@app/config';
import { RetentionService, type RetentionReport } from '@app/processing';
import { JobName, QueueName, workerConnection } from '@app/queues';
import type { Job, Queue } from 'bullmq';

export const RETENTION_SCHEDULE = 'retention';

@Processor(QueueName.Maintenance, { connection: workerConnection(loadEnv()), concurrency: 1 })
export class MaintenanceProcessor extends WorkerHost implements OnApplicationBootstrap {
  private readonly logger = new Logger(MaintenanceProcessor.name);

  constructor(
    private readonly retention: RetentionService,
    @InjectQueue(QueueName.Maintenance) private readonly queue: Queue,
  ) {
    super();
  }

  async onApplicationBootstrap(): Promise<void> {
    const env = loadEnv();
    if (env.RETENTION_DAYS === 0 && env.ALERT_RETENTION_DAYS === 0) return;
    await this.queue
      .upsertJobScheduler(RETENTION_SCHEDULE, { every: env.RETENTION_INTERVAL_MS }, { name: JobName.EnforceRetention, opts: { removeOnComplete: 10, removeOnFail: 10 } })
      .catch((error: Error) => this.logger.warn(`retention not scheduled (${error.name}); the next worker to start will`));
  }

  async process(job: Job): Promise<RetentionReport | undefined> {
    return job.name === JobName.EnforceRetention ? this.retention.enforce() : undefined;
  }

  /** BullMQ reports lost locks and Redis trouble as `error` events: unheard, one would crash the process. */
  @OnWorkerEvent('error')
  onWorkerError(error: Error): void {
    this.logger.warn(`worker error: ${error.name}: ${error.message.slice(0, 200)}`);
  }
}
