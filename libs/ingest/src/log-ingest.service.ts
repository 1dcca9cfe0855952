// Accepts logs durably: seal, insert, then enqueue. A log is acknowledged only once MongoDB
// has it; Redis being away only delays processing.
import { Injectable } from '@nestjs/common';
import { loadEnv } from '@app/config';
import { isStoreUnavailable, LogRecordRepository, newLogId, type NewLogRecord } from '@app/logs';
import { QueueBacklogService, RedactLogsProducer } from '@app/queues';
import { ContentSealer } from '@app/sealing';
import { randomUUID } from 'node:crypto';
import { IngestError } from './ingest-error';
import type { IncomingLog } from './normalise-log';

export interface AcceptedLogs {
  taskId: string;
  logIds: string[];
  enqueued: boolean;
}

/** MongoDB could not be reached: nothing was accepted, the client should retry. */
export class StoreUnavailableError extends Error {
  constructor() {
    super('The log store is unavailable; nothing was stored. Retry later.');
  }
}

@Injectable()
export class LogIngestService {
  private readonly sealer = new ContentSealer(loadEnv().SEAL_KEY!);

  constructor(
    private readonly records: LogRecordRepository,
    private readonly producer: RedactLogsProducer,
    private readonly backlog: QueueBacklogService,
  ) {}

  /** Stores the logs and queues them; refuses (429) while the processing backlog is over its limit. */
  async accept(logs: readonly IncomingLog[]): Promise<AcceptedLogs> {
    if (await this.backlog.overloaded()) {
      throw new IngestError(429, 'The processing backlog is over its limit; nothing was stored. Retry after the Retry-After delay');
    }
    const taskId = randomUUID();
    const receivedAt = new Date();
    const records: NewLogRecord[] = logs.map((log) => {
      const id = newLogId();
      return {
        id,
        taskId,
        source: log.source,
        receivedAt,
        timestamp: log.timestamp ?? receivedAt,
        sealed: this.sealer.seal(log.content, id),
      };
    });
    const logIds = records.map((record) => record.id);
    try {
      await this.records.insertPending(records);
    } catch (error) {
      if (!isStoreUnavailable(error)) throw error;
      // An insert cut off midway may have landed in part: remove it so nothing is half-accepted.
      await this.records.deleteUnacknowledged(logIds).catch(() => undefined);
      throw new StoreUnavailableError();
    }
    const enqueued = await this.producer.enqueue(taskId, logIds);
    return { taskId, logIds, enqueued };
  }
}
