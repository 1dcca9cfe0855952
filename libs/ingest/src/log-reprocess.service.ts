// POST /logs/reprocess: failed records (poison, a wrong key, a bug since fixed) go back to
// pending and their tasks are queued again. Records whose job cannot be queued now stay
// pending, and the reconciler queues them later.
import { Injectable } from '@nestjs/common';
import { LogRecordRepository } from '@app/logs';
import { RedactLogsProducer } from '@app/queues';

/** Most records one call re-queues; call again for more. */
export const REPROCESS_MAX = 10_000;

export interface ReprocessOutcome {
  requeued: number;
  tasks: number;
}

@Injectable()
export class LogReprocessService {
  constructor(
    private readonly records: LogRecordRepository,
    private readonly producer: RedactLogsProducer,
  ) {}

  /** Re-queues the failed records among `logIds`, or the oldest failed ones when none are given. */
  async reprocess(logIds?: readonly string[]): Promise<ReprocessOutcome> {
    const byTask = await this.records.repend(logIds, REPROCESS_MAX);
    for (const [taskId, ids] of byTask) await this.producer.requeue(taskId, ids);
    return { requeued: [...byTask.values()].reduce((sum, ids) => sum + ids.length, 0), tasks: byTask.size };
  }
}
