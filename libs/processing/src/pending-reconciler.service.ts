// Finds accepted groups that have no result and whose job never reached Redis (or was lost)
// and enqueues them again under their job id, so a job that exists is never added twice; a
// job that gave up without recording it has its failure recorded. Then drops the minutes of
// groups that are all done and old enough that no write can reach them. Failed groups whose
// reprocessing was interrupted (no result, no job) are queued again the same way.
import { Injectable, Logger } from '@nestjs/common';
import { loadEnv } from '@app/config';
import { AcceptedGroupStore, GroupResultStore, jobIdOf } from '@app/logs';
import { RedactLogsProducer, type RedactLogsPayload } from '@app/queues';
import { groupPayload } from '@app/ingest';
import { LogRedactionService } from './log-redaction.service';

export interface ReconcileReport {
  jobs: number;
  enqueued: number;
  markedFailed: number;
  minutesDropped: number;
}

@Injectable()
export class PendingReconcilerService {
  private readonly logger = new Logger(PendingReconcilerService.name);

  constructor(
    private readonly groups: AcceptedGroupStore,
    private readonly results: GroupResultStore,
    private readonly producer: RedactLogsProducer,
    private readonly redaction: LogRedactionService,
  ) {}

  async reconcile(now = new Date()): Promise<ReconcileReport> {
    const cutoff = now.getTime() - loadEnv().RECONCILE_MIN_AGE_MS;
    const report: ReconcileReport = { jobs: 0, enqueued: 0, markedFailed: 0, minutesDropped: 0 };
    for (const minute of await this.groups.minutes()) {
      const groups = await this.groups.inMinute(minute);
      const unfinished = await this.results.unfinished(groups);
      for (const group of unfinished) {
        if (group.receivedAt.getTime() > cutoff) continue;
        await this.recover(groupPayload(group), report);
      }
      if (unfinished.length === 0 && AcceptedGroupStore.droppable(minute, now)) {
        await this.groups.dropMinute(minute);
        report.minutesDropped++;
      }
    }
    for (const hour of await this.groups.failedHours()) {
      const failed = await this.groups.failedInHour(hour);
      for (const group of await this.results.unfinished(failed)) {
        if (group.failedAt.getTime() > cutoff) continue;
        await this.recover(groupPayload(group, group.prior), report);
      }
    }
    if (report.enqueued > 0 || report.markedFailed > 0) this.logger.log(`reconciled ${report.enqueued} job(s), marked ${report.markedFailed} record(s) failed`);
    return report;
  }

  private async recover(payload: RedactLogsPayload, report: ReconcileReport): Promise<void> {
    report.jobs++;
    const jobId = jobIdOf(payload.group);
    const job = await this.producer.getJob(jobId);
    const state = job ? await job.getState() : undefined;
    if (state === 'failed') {
      // The job gave up but could not record it (the store was away then): record it now.
      await this.redaction.giveUp(payload, job!.failedReason || 'job failed');
      report.markedFailed += payload.records.length;
      return;
    }
    if (state !== undefined && state !== 'unknown' && state !== 'completed') return; // waiting, delayed or active: it will get there
    // Completed without a result (its writes were lost), or never queued: run it, checking for work already done.
    if (state === 'completed') await job!.remove();
    if (await this.producer.enqueue(jobId, { ...payload, recheck: true })) report.enqueued++;
  }
}
