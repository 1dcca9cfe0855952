// Housekeeping on BullMQ job schedulers, so that however many workers run, compaction runs
// once per COMPACT_INTERVAL_MS and retention once per RETENTION_INTERVAL_MS; and an erasure's
// pass over failed records, queued by the api. Each worker
// declares the schedules at boot (an upsert: the same schedule however often it is declared).
import { InjectQueue, OnWorkerEvent, Processor, WorkerHost } from '@nestjs/bullmq';
import { Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { loadEnv } from '@app/config';
import { ChunkCompactionService, FailedErasureService, RetentionService, type CompactionReport, type RetentionReport } from '@app/processing';
import { JobName, QueueName, workerConnection } from '@app/queues';
import type { Job, Queue } from 'bullmq';

export const RETENTION_SCHEDULE = 'retention';
export const COMPACTION_SCHEDULE = 'compaction';

@Processor(QueueName.Maintenance, { connection: workerConnection(loadEnv()), concurrency: 1 })
export class MaintenanceProcessor extends WorkerHost implements OnApplicationBootstrap {
  private readonly logger = new Logger(MaintenanceProcessor.name);

  constructor(
    private readonly retention: RetentionService,
    private readonly compaction: ChunkCompactionService,
    private readonly failedErasure: FailedErasureService,
    @InjectQueue(QueueName.Maintenance) private readonly queue: Queue,
  ) {
    super();
  }

  async onApplicationBootstrap(): Promise<void> {
    const env = loadEnv();
    await this.queue
      .upsertJobScheduler(COMPACTION_SCHEDULE, { every: env.COMPACT_INTERVAL_MS }, { name: JobName.CompactChunks, opts: { removeOnComplete: 10, removeOnFail: 10 } })
      .catch((error: Error) => this.logger.warn(`compaction not scheduled (${error.name}); the next worker to start will`));
    if (env.RETENTION_DAYS === 0 && env.ALERT_RETENTION_DAYS === 0) return;
    await this.queue
      .upsertJobScheduler(RETENTION_SCHEDULE, { every: env.RETENTION_INTERVAL_MS }, { name: JobName.EnforceRetention, opts: { removeOnComplete: 10, removeOnFail: 10 } })
      .catch((error: Error) => this.logger.warn(`retention not scheduled (${error.name}); the next worker to start will`));
  }

  async process(job: Job): Promise<RetentionReport | CompactionReport | number | undefined> {
    if (job.name === JobName.CompactChunks) return this.compaction.compact();
    if (job.name === JobName.EraseFailed) return this.failedErasure.run((job.data as { erasureId: string }).erasureId);
    return job.name === JobName.EnforceRetention ? this.retention.enforce() : undefined;
  }

  /** BullMQ reports lost locks and Redis trouble as `error` events: unheard, one would crash the process. */
  @OnWorkerEvent('error')
  onWorkerError(error: Error): void {
    this.logger.warn(`worker error: ${error.name}: ${error.message.slice(0, 200)}`);
  }
}
