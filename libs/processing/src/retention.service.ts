// Retention: logs older than RETENTION_DAYS go an hour at a time, by dropping whole hourly
// partitions (processed and pending-or-failed records, their tasks and task results), which
// costs the same on a million records as on one; alerts older than ALERT_RETENTION_DAYS go
// in batches with their webhook deliveries. Idempotency keys expire on their own (24 h).
import { Injectable, Logger } from '@nestjs/common';
import { loadEnv } from '@app/config';
import { AlertService } from '@app/detection';
import { PartitionedCollections, PartitionKind, partitionStart, PARTITION_MS } from '@app/logs';

const DAY_MS = 24 * 3_600_000;
/** Every kind of partition a log leaves behind. */
const LOG_PARTITIONS = [PartitionKind.Processed, PartitionKind.Pending, PartitionKind.Tasks, PartitionKind.TaskResults] as const;

export interface RetentionReport {
  /** Hourly partitions dropped, by kind. */
  partitionsDropped: Record<string, number>;
  alertsDeleted: number;
}

@Injectable()
export class RetentionService {
  private readonly logger = new Logger(RetentionService.name);

  constructor(
    private readonly partitions: PartitionedCollections,
    private readonly alerts: AlertService,
  ) {}

  async enforce(now = new Date()): Promise<RetentionReport> {
    const { RETENTION_DAYS, ALERT_RETENTION_DAYS } = loadEnv();
    const report: RetentionReport = { partitionsDropped: {}, alertsDeleted: 0 };
    if (RETENTION_DAYS > 0) {
      const cutoff = now.getTime() - RETENTION_DAYS * DAY_MS;
      for (const kind of LOG_PARTITIONS) {
        // An hour goes once all of it is past the cutoff.
        const expired = (await this.partitions.list(kind)).filter((key) => partitionStart(key).getTime() + PARTITION_MS <= cutoff);
        for (const key of expired) await this.partitions.drop(kind, key);
        report.partitionsDropped[kind] = expired.length;
      }
    }
    if (ALERT_RETENTION_DAYS > 0) report.alertsDeleted = await this.alerts.deleteCreatedBefore(new Date(now.getTime() - ALERT_RETENTION_DAYS * DAY_MS));
    const dropped = Object.values(report.partitionsDropped).reduce((sum, n) => sum + n, 0);
    if (dropped > 0 || report.alertsDeleted > 0) this.logger.log(`retention: dropped ${dropped} hourly partition(s), deleted ${report.alertsDeleted} alert(s)`);
    return report;
  }
}
