// Accepts logs durably: seal, insert (in a commit group shared with concurrent requests), then
// enqueue. A log is acknowledged only once MongoDB has it; Redis being away only delays processing.
import { Injectable } from '@nestjs/common';
import { loadEnv } from '@app/config';
import { logIdOf, type SealedRecord } from '@app/logs';
import { QueueBacklogService } from '@app/queues';
import { ContentSealer } from '@app/sealing';
import { CommitGroups } from './commit-group';
import { IngestError } from './ingest-error';
import type { IncomingLog } from './normalise-log';

export interface AcceptedLogs {
  taskId: string;
  logIds: string[];
  enqueued: boolean;
}

@Injectable()
export class LogIngestService {
  private readonly sealer = new ContentSealer(loadEnv().SEAL_KEY!);

  constructor(
    private readonly groups: CommitGroups,
    private readonly backlog: QueueBacklogService,
  ) {}

  /** Stores the logs and queues them; refuses (429) while the processing backlog is over its limit. */
  async accept(logs: readonly IncomingLog[]): Promise<AcceptedLogs> {
    if (await this.backlog.overloaded()) {
      throw new IngestError(429, 'The processing backlog is over its limit; nothing was stored. Retry after the Retry-After delay');
    }
    // Where the records land is the group's (by arrival); their event times only travel with them.
    const slot = this.groups.reserve(logs.length);
    const receivedAt = slot.group.openedAt;
    const records: SealedRecord[] = logs.map((log, i) => {
      const index = slot.firstIndex + i;
      const id = logIdOf(slot.group.key, index);
      return { index, taskId: slot.taskId, source: log.source, timestamp: log.timestamp ?? receivedAt, sealed: this.sealer.seal(log.content, id) };
    });
    const enqueued = await this.groups.commit(slot, records);
    return { taskId: slot.taskId, logIds: records.map((r) => logIdOf(slot.group.key, r.index)), enqueued };
  }
}
