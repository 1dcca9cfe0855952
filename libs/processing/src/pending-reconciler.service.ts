// Finds accepted groups that have no result and whose job never reached Redis (or was lost)
// and enqueues them again under their job id, so a job that exists is never added twice; a
// job that gave up without recording it has its failure recorded. Then drops the minutes of
// groups that are all done and old enough that no write can reach them. Failed groups whose
// reprocessing was interrupted (no result, no job) are queued again the same way.
//
// A sweep costs what may be unfinished, not what was accepted: group documents carry their
// sealed records (on FerretDB every document read is decoded, at about 30 MB/s), so a minute
// still open to writes is read only when its groups outnumber its results (counted from
// metadata and from the hour's result keys, read once a sweep), and a closed minute found all
// done is remembered and not read again.
import { Injectable, Logger } from '@nestjs/common';
import { loadEnv } from '@app/config';
import { AcceptedGroupStore, GroupResultStore, groupMinute, jobIdOf, minuteHour } from '@app/logs';
import { RedactLogsProducer, type RedactLogsPayload } from '@app/queues';
import { groupPayload } from '@app/ingest';
import { LogRedactionService } from './log-redaction.service';

export interface ReconcileReport {
  jobs: number;
  enqueued: number;
  markedFailed: number;
  minutesDropped: number;
  /** Minutes whose groups were read (the rest were settled, or their counts matched). */
  minutesRead: number;
}

@Injectable()
export class PendingReconcilerService {
  private readonly logger = new Logger(PendingReconcilerService.name);
  /** Closed minutes whose every group had a result when read: nothing in them can need recovery. */
  private readonly settled = new Set<string>();

  constructor(
    private readonly groups: AcceptedGroupStore,
    private readonly results: GroupResultStore,
    private readonly producer: RedactLogsProducer,
    private readonly redaction: LogRedactionService,
  ) {}

  async reconcile(now = new Date()): Promise<ReconcileReport> {
    const cutoff = now.getTime() - loadEnv().RECONCILE_MIN_AGE_MS;
    const report: ReconcileReport = { jobs: 0, enqueued: 0, markedFailed: 0, minutesDropped: 0, minutesRead: 0 };
    // Each hour's result keys, read once this sweep.
    const doneByHour = new Map<string, Promise<Set<string>>>();
    const doneIn = (hour: string) => {
      if (!doneByHour.has(hour)) doneByHour.set(hour, this.results.doneIn(hour));
      return doneByHour.get(hour)!;
    };
    const minutes = await this.groups.minutes();
    for (const minute of minutes) {
      if (!this.settled.has(minute)) {
        const done = await doneIn(minuteHour(minute));
        const closed = AcceptedGroupStore.closed(minute, now);
        if (!closed && (await this.countsMatch(minute, done))) continue;
        report.minutesRead++;
        const unfinished = (await this.groups.inMinute(minute)).filter((group) => !done.has(group.key));
        for (const group of unfinished) {
          if (group.receivedAt.getTime() > cutoff) continue;
          await this.recover(groupPayload(group), report);
        }
        if (unfinished.length > 0 || !closed) continue;
        this.settled.add(minute);
      }
      if (AcceptedGroupStore.droppable(minute, now)) {
        await this.groups.dropMinute(minute);
        this.settled.delete(minute);
        report.minutesDropped++;
      }
    }
    // Minutes dropped elsewhere (another worker's sweep) are forgotten.
    const listed = new Set(minutes);
    for (const minute of this.settled) if (!listed.has(minute)) this.settled.delete(minute);
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

  /** Whether an open minute holds no more groups than have results: then none is unfinished (a count the server cannot give means read). */
  private async countsMatch(minute: string, done: ReadonlySet<string>): Promise<boolean> {
    const groups = await this.groups.countHint(minute);
    if (groups === undefined) return false;
    let results = 0;
    for (const key of done) if (groupMinute(key) === minute) results++;
    return groups <= results;
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
