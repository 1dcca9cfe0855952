// Accepts logs durably: seal, insert (in a commit group shared with concurrent requests), then
// enqueue. A log is acknowledged only once MongoDB has it; Redis being away only delays processing.
import { Injectable } from '@nestjs/common';
import { loadEnv } from '@app/config';
import { logIdAt, type NewLogRecord } from '@app/logs';
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
    const receivedAt = new Date();
    const { jobId, taskId } = this.groups.reserve(logs.length);
    const records: NewLogRecord[] = logs.map((log) => {
      const timestamp = log.timestamp ?? receivedAt;
      // The id carries the event time: it names the hour the record is stored in.
      const id = logIdAt(timestamp);
      return { id, taskId, jobId, source: log.source, receivedAt, timestamp, sealed: this.sealer.seal(log.content, id) };
    });
    const logIds = records.map((record) => record.id);
    const enqueued = await this.groups.commit(jobId, { id: taskId, jobId, logIds, receivedAt }, records);
    return { taskId, logIds, enqueued };
  }
}
