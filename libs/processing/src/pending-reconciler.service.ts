// Finds pending records whose job never reached Redis (or was lost) and enqueues them again,
// under their job id, so a job that exists is never added twice. Also drops the pending
// partitions of hours whose records are all processed, so its sweep reads only live hours.
import { Injectable, Logger } from '@nestjs/common';
import { loadEnv } from '@app/config';
import { LogRecordRepository, partitionKey, PARTITION_MS } from '@app/logs';
import { RedactLogsProducer } from '@app/queues';
import { asJobs } from '@app/ingest';
import { LogRedactionService } from './log-redaction.service';

const BATCH = 5000;

export interface ReconcileReport {
  jobs: number;
  enqueued: number;
  markedFailed: number;
}

@Injectable()
export class PendingReconcilerService {
  private readonly logger = new Logger(PendingReconcilerService.name);

  constructor(
    private readonly records: LogRecordRepository,
    private readonly producer: RedactLogsProducer,
    private readonly redaction: LogRedactionService,
  ) {}

  async reconcile(now = new Date()): Promise<ReconcileReport> {
    const cutoff = new Date(now.getTime() - loadEnv().RECONCILE_MIN_AGE_MS);
    const stale = await this.records.findStalePending(cutoff, BATCH);
    const staleJobs = asJobs(stale);
    const report: ReconcileReport = { jobs: staleJobs.size, enqueued: 0, markedFailed: 0 };
    for (const [jobId, staleTasks] of staleJobs) {
      const job = await this.producer.getJob(jobId);
      const state = job ? await job.getState() : undefined;
      if (state === 'failed') {
        // The job gave up but could not record it (the store was away then): record it now.
        await this.redaction.giveUp(staleTasks, job!.failedReason || 'job failed');
        report.markedFailed += staleTasks.reduce((sum, t) => sum + t.logIds.length, 0);
        continue;
      }
      if (state === 'completed') {
        // The job finished yet these records are still pending. Usually only their pending
        // copies' batched delete is late; if some were never processed, its writes were lost: run it again.
        const lost = await this.records.unprocessedAmong(staleTasks.flatMap((t) => t.logIds));
        if (lost.length === 0) continue;
        await job!.remove();
      } else if (state !== undefined && state !== 'unknown') {
        continue; // waiting, delayed or active: it will get there
      }
      // All the job's pending records, not only the stale ones.
      const all = asJobs(await this.records.pendingRefsOfJobs(new Set([jobId]), stale)).get(jobId) ?? staleTasks;
      if (await this.producer.enqueue(jobId, all)) report.enqueued++;
    }
    // Two hours back: the current and previous hours may still be written to.
    await this.records.dropDrainedPendingPartitions(partitionKey(new Date(now.getTime() - 2 * PARTITION_MS)));
    if (report.enqueued > 0 || report.markedFailed > 0) {
      this.logger.log(`reconciled ${report.enqueued} job(s), marked ${report.markedFailed} record(s) failed`);
    }
    return report;
  }
}
