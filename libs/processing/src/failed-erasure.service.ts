// An erasure's pass over failed records: they are sealed, so a worker opens each (as it would
// to reprocess it) and drops those the erasure matches on their raw values, then tells the
// erasure it is done. Safe to run twice: a record erased is gone from the failed group.
import { Injectable, Logger } from '@nestjs/common';
import { loadEnv } from '@app/config';
import { AcceptedGroupStore, logIdOf, type LogContent } from '@app/logs';
import { ErasureRequests, matchesLogQuery, openedRecord } from '@app/search';
import { ContentSealer } from '@app/sealing';

@Injectable()
export class FailedErasureService {
  private readonly logger = new Logger(FailedErasureService.name);
  private readonly sealer = new ContentSealer(loadEnv().SEAL_KEY!);

  constructor(
    private readonly groups: AcceptedGroupStore,
    private readonly erasures: ErasureRequests,
  ) {}

  async run(erasureId: string): Promise<number> {
    const doc = await this.erasures.find(erasureId);
    if (!doc || doc.failedDone) return 0;
    const query = this.erasures.queryOf(doc);
    let erased = 0;
    for (const hour of await this.groups.failedHours()) {
      for (const failed of await this.groups.failedInHour(hour)) {
        if (failed.receivedAt > doc.createdAt) continue;
        const matching = new Set(
          failed.records
            .filter((record) => {
              let content: LogContent;
              try {
                content = this.sealer.open<LogContent>(record.sealed, logIdOf(failed.key, record.index));
              } catch {
                return false; // a record no key opens cannot be judged, nor read by anyone
              }
              return matchesLogQuery(openedRecord(record.timestamp, content), query);
            })
            .map((record) => record.index),
        );
        if (matching.size === 0) continue;
        const records = failed.records.filter((record) => !matching.has(record.index));
        if (records.length === 0) await this.groups.deleteFailed(failed.key);
        else await this.groups.putFailed({ ...failed, records, reasons: failed.reasons.filter(([index]) => !matching.has(index)) });
        erased += matching.size;
      }
    }
    await this.erasures.count(erasureId, 'failed', erased);
    await this.erasures.markFailedDone(erasureId);
    this.logger.log(`erasure ${erasureId}: ${erased} failed log(s) erased`);
    return erased;
  }
}
