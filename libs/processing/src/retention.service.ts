// Retention: logs whose time is more than RETENTION_DAYS back are deleted chunk by chunk
// (a chunk wholly past the cutoff is dropped, one that straddles it rewritten without them),
// and an hour left with nothing is dropped whole. Task results and failed records go with the
// hour they arrived in, records never processed (still pending) with the minute they arrived in. Alerts older than ALERT_RETENTION_DAYS go in batches with their
// webhook deliveries. Idempotency keys expire on their own (24 h).
import { Injectable, Logger } from '@nestjs/common';
import { loadEnv } from '@app/config';
import { AlertService } from '@app/detection';
import { AcceptedGroupStore, ChunkRewriter, ChunkStore, GroupResultStore, HOUR_MS, keyStart, MINUTE_MS } from '@app/logs';

const DAY_MS = 24 * 3_600_000;

export interface RetentionReport {
  /** Processed logs deleted. */
  logsDeleted: number;
  /** Hours dropped whole, by what they held. */
  hoursDropped: { chunks: number; results: number; failed: number };
  /** Minutes of accepted groups dropped whole: records still pending past the cutoff. */
  pendingMinutesDropped: number;
  alertsDeleted: number;
}

@Injectable()
export class RetentionService {
  private readonly logger = new Logger(RetentionService.name);

  constructor(
    private readonly chunks: ChunkStore,
    private readonly rewriter: ChunkRewriter,
    private readonly results: GroupResultStore,
    private readonly groups: AcceptedGroupStore,
    private readonly alerts: AlertService,
  ) {}

  async enforce(now = new Date()): Promise<RetentionReport> {
    const { RETENTION_DAYS, ALERT_RETENTION_DAYS, CHUNK_MAX_RECORDS } = loadEnv();
    const report: RetentionReport = { logsDeleted: 0, hoursDropped: { chunks: 0, results: 0, failed: 0 }, pendingMinutesDropped: 0, alertsDeleted: 0 };
    if (RETENTION_DAYS > 0) {
      const cutoff = new Date(now.getTime() - RETENTION_DAYS * DAY_MS);
      const ended = (hour: string) => keyStart(hour).getTime() + HOUR_MS <= cutoff.getTime();
      for (const hour of await this.chunks.hours({ fresh: true })) {
        const emptied = await this.rewriter.inHour(hour, async (entries) => {
          for (const entry of entries) {
            if (entry.minTs >= cutoff) continue;
            report.logsDeleted += await this.rewriter.removeRecords(entry, (record) => record.timestamp < cutoff, CHUNK_MAX_RECORDS);
          }
          return ended(hour) && (await this.chunks.catalog(hour)).length === 0;
        });
        if (emptied) {
          await this.chunks.dropHour(hour);
          report.hoursDropped.chunks++;
        }
      }
      for (const hour of (await this.results.hours()).filter(ended)) {
        await this.results.dropHour(hour);
        report.hoursDropped.results++;
      }
      for (const hour of (await this.groups.failedHours()).filter(ended)) {
        await this.groups.dropFailedHour(hour);
        report.hoursDropped.failed++;
      }
      for (const minute of (await this.groups.minutes()).filter((m) => keyStart(m).getTime() + MINUTE_MS <= cutoff.getTime())) {
        await this.groups.dropMinute(minute);
        report.pendingMinutesDropped++;
      }
    }
    if (ALERT_RETENTION_DAYS > 0) report.alertsDeleted = await this.alerts.deleteCreatedBefore(new Date(now.getTime() - ALERT_RETENTION_DAYS * DAY_MS));
    if (report.logsDeleted > 0 || report.alertsDeleted > 0) this.logger.log(`retention: deleted ${report.logsDeleted} log(s), ${report.alertsDeleted} alert(s)`);
    return report;
  }
}
