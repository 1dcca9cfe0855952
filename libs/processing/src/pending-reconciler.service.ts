// Finds pending records whose job never reached Redis (or was lost) and enqueues them again,
// under their task id, so a job that exists is never added twice.
import { Injectable, Logger } from '@nestjs/common';
import { loadEnv } from '@app/config';
import { LogRecordRepository } from '@app/logs';
import { RedactLogsProducer } from '@app/queues';

const BATCH = 5000;

export interface ReconcileReport {
  tasks: number;
  enqueued: number;
  markedFailed: number;
}

@Injectable()
export class PendingReconcilerService {
  private readonly logger = new Logger(PendingReconcilerService.name);

  constructor(
    private readonly records: LogRecordRepository,
    private readonly producer: RedactLogsProducer,
  ) {}

  async reconcile(now = new Date()): Promise<ReconcileReport> {
    const cutoff = new Date(now.getTime() - loadEnv().RECONCILE_MIN_AGE_MS);
    const stale = await this.records.findStalePendingByTask(cutoff, BATCH);
    const report: ReconcileReport = { tasks: stale.size, enqueued: 0, markedFailed: 0 };
    for (const [taskId, logIds] of stale) {
      const job = await this.producer.getJob(taskId);
      const state = job ? await job.getState() : undefined;
      if (state === 'failed') {
        // The job gave up but could not record it (the store was away then): record it now.
        await this.records.markFailed(logIds, job!.failedReason || 'job failed');
        report.markedFailed += logIds.length;
        continue;
      }
      if (state === 'completed') {
        // The job finished yet these records are still pending: its writes were lost. Run it again.
        await job!.remove();
      } else if (state !== undefined && state !== 'unknown') {
        continue; // waiting, delayed or active: it will get there
      }
      // All the task's pending ids, not only the stale ones.
      if (await this.producer.enqueue(taskId, await this.records.findPendingIdsByTask(taskId))) report.enqueued++;
    }
    if (report.enqueued > 0 || report.markedFailed > 0) {
      this.logger.log(`reconciled ${report.enqueued} task(s), marked ${report.markedFailed} record(s) failed`);
    }
    return report;
  }
}
