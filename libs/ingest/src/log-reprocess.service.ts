// POST /logs/reprocess: failed records (poison, a wrong key, a bug since fixed) are queued
// again, group by group, under their tasks: each group's failed records are carried by a new
// job with what its first processing found (so its tasks' results add up), and the old result
// is forgotten, so the tasks read as pending until the job finishes. A group whose job cannot
// be queued now is queued later by the reconciler (the failed copy keeps what it needs).
import { Injectable } from '@nestjs/common';
import { AcceptedGroupStore, GroupResultStore, jobIdOf, logIdOf, parseLogId, priorCounts, type FailedGroup } from '@app/logs';
import { RedactLogsProducer } from '@app/queues';
import { groupPayload } from './group-payload';

/** Most records one call re-queues; call again for more. */
export const REPROCESS_MAX = 10_000;

export interface ReprocessOutcome {
  requeued: number;
  tasks: number;
}

@Injectable()
export class LogReprocessService {
  constructor(
    private readonly groups: AcceptedGroupStore,
    private readonly results: GroupResultStore,
    private readonly producer: RedactLogsProducer,
  ) {}

  /** Re-queues the failed groups holding `logIds`, or the oldest failed ones when none are given. */
  async reprocess(logIds?: readonly string[]): Promise<ReprocessOutcome> {
    const outcome: ReprocessOutcome = { requeued: 0, tasks: 0 };
    for (const failed of await this.failedGroups(logIds)) {
      const result = await this.results.find(failed.key);
      const prior = result ? priorCounts(result) : failed.prior;
      await this.groups.putFailed({ ...failed, ...(prior ? { prior } : {}) });
      await this.results.delete(failed.key);
      await this.producer.requeue(jobIdOf(failed.key), groupPayload(failed, prior));
      outcome.requeued += failed.records.length;
      outcome.tasks += new Set(failed.records.map((r) => r.taskId)).size;
    }
    return outcome;
  }

  private async failedGroups(logIds?: readonly string[]): Promise<FailedGroup[]> {
    if (logIds) {
      const keys = new Set(logIds.flatMap((id) => parseLogId(id)?.group ?? []));
      const found = await Promise.all([...keys].map((key) => this.groups.findFailed(key)));
      // Only groups still failed: one being reprocessed has no result yet.
      const failed = found.filter((g): g is FailedGroup => g !== null && g.prior === undefined);
      const asked = new Set(logIds);
      return failed.filter((g) => g.records.some((r) => asked.has(logIdOf(g.key, r.index))));
    }
    const out: FailedGroup[] = [];
    let records = 0;
    for (const hour of await this.groups.failedHours()) {
      for (const group of await this.groups.failedInHour(hour)) {
        if (group.prior !== undefined || records + group.records.length > REPROCESS_MAX) continue;
        out.push(group);
        records += group.records.length;
      }
    }
    return out;
  }
}
