// One record by its id, wherever it is: a log id names its group (and so the minute and hour
// of the group's documents) and its index. A finished group's result names the chunks its
// records went to; an unfinished group is still in its minute's collection. Each step reads
// one document by `_id` from a small collection.
import { Injectable } from '@nestjs/common';
import { AcceptedGroupStore } from './accepted-group.store';
import type { ChunkEntry } from './chunk';
import { ChunkCatalog } from './chunk-catalog';
import { GroupResultStore } from './group-result.store';
import { LogStatus } from './log-record.schema';
import type { AcceptedGroup, StoredLogRecord } from './log-record.types';
import { logIdOf, parseLogId } from './placement';

@Injectable()
export class LogRecordReader {
  constructor(
    private readonly groups: AcceptedGroupStore,
    private readonly results: GroupResultStore,
    private readonly catalog: ChunkCatalog,
  ) {}

  async findById(id: string): Promise<StoredLogRecord | null> {
    const parsed = parseLogId(id);
    if (!parsed) return null;
    const { group, index } = parsed;
    const result = await this.results.find(group);
    if (result) {
      const failure = result.failed.find(([i]) => i === index);
      if (failure) {
        const failed = await this.groups.findFailed(group);
        return failed ? pendingView(failed, id, index, LogStatus.Failed, { reason: failure[1], at: result.finishedAt }) : null;
      }
      return this.processed(id, group, result.chunks);
    }
    const accepted = (await this.groups.find(group)) ?? (await this.groups.findFailed(group));
    return accepted ? pendingView(accepted, id, index, LogStatus.Pending) : null;
  }

  /** The processed record in the chunks a result names, or in the chunks of those hours that hold its group (merged or rewritten since). */
  private async processed(id: string, group: string, chunks: ReadonlyArray<[string, string]>): Promise<StoredLogRecord | null> {
    for (const hour of new Set(chunks.map(([h]) => h))) {
      const entries = await this.catalog.entries(hour);
      const named = new Set(chunks.filter(([h]) => h === hour).map(([, chunkId]) => chunkId));
      const found = await this.findIn(id, entries.filter((entry) => named.has(entry.id)));
      if (found) return found;
      const keys = await this.catalog.keys(entries);
      const holding = await this.findIn(id, entries.filter((entry) => !named.has(entry.id) && keys.get(entry.id)?.groups.includes(group)));
      if (holding) return holding;
    }
    return null;
  }

  private async findIn(id: string, entries: readonly ChunkEntry[]): Promise<StoredLogRecord | null> {
    for (const entry of entries) {
      const found = (await this.catalog.records(entry))?.find((record) => record.id === id);
      if (found) return found;
    }
    return null;
  }
}

/** A pending or failed record: status and times, never content. */
function pendingView(group: AcceptedGroup, id: string, index: number, status: LogStatus, failure?: { reason: string; at: Date }): StoredLogRecord | null {
  const record = group.records.find((r) => r.index === index);
  if (!record || logIdOf(group.key, index) !== id) return null;
  return { id, taskId: record.taskId, status, source: record.source, receivedAt: group.receivedAt, timestamp: record.timestamp, ...(failure ? { failure } : {}) };
}
