// Group commit: concurrent requests share one store write and one redaction job. A group
// stays open for a few milliseconds (INGEST_LINGER_MS) or until it holds enough records
// (INGEST_GROUP_MAX_RECORDS); then it is inserted as one document (records sealed, in the
// collection of the minute it opened), its job enqueued carrying the sealed records, and
// every request in it answered. Each request keeps its own task, so its status stays exact;
// none is answered before its own records are durable, and none after the write deadline.
import { Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { loadEnv } from '@app/config';
import {
  ACCEPT_WRITE_DEADLINE_MS,
  AcceptedGroupStore,
  GROUP_MAX_RECORDS,
  GROUP_MAX_TASKS,
  isStoreUnavailable,
  jobIdOf,
  newGroup,
  taskIdOf,
  type GroupRef,
  type SealedRecord,
} from '@app/logs';
import { RedactLogsProducer } from '@app/queues';
import { dependencyErrors } from '@app/observability';
import { groupPayload } from './group-payload';

/** Thrown to every request of a group whose write found the store unreachable (or too slow). */
export class StoreUnavailableError extends Error {
  constructor() {
    super('The log store is unavailable; nothing was stored. Retry later.');
  }
}

/** A request's place in a group: its task, and the index of its first record. */
export interface GroupSlot {
  group: GroupRef;
  taskId: string;
  firstIndex: number;
}

interface Entry {
  taskId: string;
  records: SealedRecord[];
  resolve: (enqueued: boolean) => void;
  reject: (error: unknown) => void;
}

interface OpenGroup {
  ref: GroupRef;
  entries: Entry[];
  /** Records reserved (committed or about to be). */
  reserved: number;
  tasks: number;
  timer?: NodeJS.Timeout;
}

@Injectable()
export class CommitGroups implements OnApplicationShutdown {
  private readonly lingerMs = loadEnv().INGEST_LINGER_MS;
  private readonly maxRecords = loadEnv().INGEST_GROUP_MAX_RECORDS;
  private open?: OpenGroup;
  private readonly flushing = new Set<Promise<void>>();

  constructor(
    private readonly groups: AcceptedGroupStore,
    private readonly producer: RedactLogsProducer,
  ) {}

  /**
   * A place for a request's records in the open group (a new one when they would not fit);
   * `commit` with records built for it. Split from `commit` because ids and sealing need it first.
   */
  reserve(recordCount: number): GroupSlot {
    const open = this.open;
    if (open && (open.reserved + recordCount > Math.min(this.maxRecords, GROUP_MAX_RECORDS + 1) || open.tasks > GROUP_MAX_TASKS)) this.flush(open);
    this.open ??= { ref: newGroup(), entries: [], reserved: 0, tasks: 0 };
    const slot = { group: this.open.ref, taskId: taskIdOf(this.open.ref, this.open.tasks), firstIndex: this.open.reserved };
    this.open.reserved += recordCount;
    this.open.tasks++;
    return slot;
  }

  /** Resolves once the records are durable (and their job enqueued, or left to the reconciler: false). */
  commit(slot: GroupSlot, records: SealedRecord[]): Promise<boolean> {
    const group = this.open?.ref.key === slot.group.key ? this.open : undefined;
    if (!group) throw new Error(`commit group ${slot.group.key} is closed`); // reserve and commit run in one turn of the event loop
    return new Promise<boolean>((resolve, reject) => {
      group.entries.push({ taskId: slot.taskId, records, resolve, reject });
      if (group.reserved >= this.maxRecords || this.lingerMs === 0) this.flush(group);
      else group.timer ??= setTimeout(() => this.flush(group), this.lingerMs);
    });
  }

  private flush(group: OpenGroup): void {
    clearTimeout(group.timer);
    if (this.open === group) this.open = undefined;
    const done = this.write(group).finally(() => this.flushing.delete(done));
    this.flushing.add(done);
  }

  private async write({ ref, entries }: OpenGroup): Promise<void> {
    if (entries.length === 0) return;
    const accepted = {
      key: ref.key,
      receivedAt: ref.openedAt,
      tasks: entries.map((e) => ({ id: e.taskId, count: e.records.length })),
      records: entries.flatMap((e) => e.records).sort((a, b) => a.index - b.index),
    };
    try {
      await withDeadline(this.groups.insert(accepted), ACCEPT_WRITE_DEADLINE_MS);
    } catch (error) {
      // A write cut off or too slow may still land: remove it, so nothing is half-accepted.
      await this.groups.deleteUnacknowledged(ref.key).catch(() => undefined);
      const failure = isStoreUnavailable(error) || error instanceof DeadlineError ? new StoreUnavailableError() : error;
      for (const entry of entries) entry.reject(failure);
      return;
    }
    const enqueued = await this.producer.enqueue(jobIdOf(ref.key), groupPayload(accepted));
    // Not queued: the records are durable, and the reconciler queues them once Redis answers.
    if (!enqueued) dependencyErrors.inc({ dependency: 'redis' });
    for (const entry of entries) entry.resolve(enqueued);
  }

  /** Writes what is waiting before the process exits, so no request is left unanswered. */
  async onApplicationShutdown(): Promise<void> {
    if (this.open) this.flush(this.open);
    await Promise.all([...this.flushing]);
  }
}

class DeadlineError extends Error {}

function withDeadline<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new DeadlineError(`no answer within ${ms} ms`)), ms)));
  return Promise.race([work, deadline]).finally(() => clearTimeout(timer));
}
