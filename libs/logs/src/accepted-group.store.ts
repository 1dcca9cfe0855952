// Accepted commit groups, their content sealed: one document per group in the collection of
// the minute it was opened (`groups_<minute>`), and the records of a group that failed
// processing in `failed_<hour>`. A group document is never updated or deleted one by one:
// once every group of a minute has a result, the minute's collection is dropped whole (so the
// backlog a lookup scans is a minute's, never the day's). Only minutes that no write can reach
// any more are dropped: a group is written within ACCEPT_WRITE_DEADLINE_MS of being opened, or
// its requests fail, and a minute is dropped DROP_AFTER_MS after it ends.
import { Injectable } from '@nestjs/common';
import type { SealedContent } from '@app/sealing';
import { DUPLICATE_KEY } from './errors';
import type { LogSource } from './log-record.schema';
import type { PriorCounts } from './group-result.store';
import { fromPairDocs, toPairDocs, type PairDoc } from './pairs';
import type { AcceptedGroup, GroupTask, SealedRecord } from './log-record.types';
import { groupHour, groupMinute, keyStart, MINUTE_MS, StoreKind } from './placement';
import { StoreCollections } from './store-collections';

/** A group's write must be acknowledged within this long, or its requests fail (nothing is answered 202 later). */
export const ACCEPT_WRITE_DEADLINE_MS = 60_000;
/** A minute's groups are dropped at the earliest this long after the minute ended. */
export const DROP_AFTER_MS = 10 * ACCEPT_WRITE_DEADLINE_MS;

interface SealedRecordDoc {
  i: number;
  t: string;
  s: LogSource;
  ts: Date;
  sealed: SealedContent;
}

interface GroupDoc {
  _id: string;
  receivedAt: Date;
  tasks: GroupTask[];
  records: SealedRecordDoc[];
}

/** A group's failed records, sealed, with why each failed; `prior` while they are being reprocessed. */
export interface FailedGroup extends AcceptedGroup {
  reasons: Array<[number, string]>;
  failedAt: Date;
  prior?: PriorCounts;
}

interface FailedDoc extends GroupDoc {
  reasons: Array<PairDoc<number, string>>;
  failedAt: Date;
  prior?: PriorDoc;
}

/** PriorCounts without arrays in arrays. */
interface PriorDoc {
  tasks: Array<{ id: string; processed: number; redactions: Array<PairDoc<string, number>> }>;
  chunks: Array<PairDoc<string, string>>;
}

const toPriorDoc = (prior: PriorCounts): PriorDoc => ({ tasks: prior.tasks.map((t) => ({ ...t, redactions: toPairDocs(t.redactions) })), chunks: toPairDocs(prior.chunks) });
const fromPriorDoc = (doc: PriorDoc): PriorCounts => ({ tasks: doc.tasks.map((t) => ({ ...t, redactions: fromPairDocs(t.redactions) })), chunks: fromPairDocs(doc.chunks) });

const toDocRecords = (records: readonly SealedRecord[]): SealedRecordDoc[] => records.map((r) => ({ i: r.index, t: r.taskId, s: r.source, ts: r.timestamp, sealed: r.sealed }));
const fromDocRecords = (records: readonly SealedRecordDoc[]): SealedRecord[] => records.map((r) => ({ index: r.i, taskId: r.t, source: r.s, timestamp: r.ts, sealed: r.sealed }));
const fromDoc = (doc: GroupDoc): AcceptedGroup => ({ key: doc._id, receivedAt: doc.receivedAt, tasks: doc.tasks, records: fromDocRecords(doc.records) });
const fromFailedDoc = (doc: FailedDoc): FailedGroup => ({ ...fromDoc(doc), reasons: fromPairDocs(doc.reasons), failedAt: doc.failedAt, ...(doc.prior ? { prior: fromPriorDoc(doc.prior) } : {}) });

@Injectable()
export class AcceptedGroupStore {
  constructor(private readonly collections: StoreCollections) {}

  /** Resolves once the server has the group. */
  async insert(group: AcceptedGroup): Promise<void> {
    const minute = groupMinute(group.key);
    await this.groups(minute).insertOne({ _id: group.key, receivedAt: group.receivedAt, tasks: group.tasks, records: toDocRecords(group.records) });
    this.collections.noteWritten(StoreKind.Groups, minute);
  }

  /** Best-effort removal of a group whose write was not acknowledged in time. */
  async deleteUnacknowledged(key: string): Promise<void> {
    await this.groups(groupMinute(key)).deleteOne({ _id: key });
  }

  async find(key: string): Promise<AcceptedGroup | null> {
    const doc = await this.groups(groupMinute(key)).findOne({ _id: key });
    return doc ? fromDoc(doc) : null;
  }

  /** A group's tasks and times, without its records. */
  async findTasks(key: string): Promise<{ receivedAt: Date; tasks: GroupTask[] } | null> {
    return this.groups(groupMinute(key)).findOne({ _id: key }, { projection: { receivedAt: 1, tasks: 1 } });
  }

  /** Minutes that hold groups, oldest first. */
  minutes(): Promise<string[]> {
    return this.collections.keys(StoreKind.Groups, { fresh: true });
  }

  /** Every group of a minute (a minute's backlog at most). */
  async inMinute(minute: string): Promise<AcceptedGroup[]> {
    return (await this.groups(minute).find({}).toArray()).map(fromDoc);
  }

  /** How many groups a minute holds, told without reading them (a hint: see StoreCollections.countHint). */
  countHint(minute: string): Promise<number | undefined> {
    return this.collections.countHint(StoreKind.Groups, minute);
  }

  /** Whether a minute is closed: past the write deadline of any group opened in it, so it holds all it ever will. */
  static closed(minute: string, now = new Date()): boolean {
    return keyStart(minute).getTime() + MINUTE_MS + ACCEPT_WRITE_DEADLINE_MS <= now.getTime();
  }

  /** Whether a minute is old enough to drop: no group write can reach it any more. */
  static droppable(minute: string, now = new Date()): boolean {
    return keyStart(minute).getTime() + MINUTE_MS + DROP_AFTER_MS <= now.getTime();
  }

  async dropMinute(minute: string): Promise<void> {
    await this.collections.drop(StoreKind.Groups, minute);
  }

  /** Keeps a group's failed records (replacing an earlier failure of the same group). */
  async putFailed(failed: FailedGroup): Promise<void> {
    const hour = groupHour(failed.key);
    const doc: FailedDoc = {
      _id: failed.key,
      receivedAt: failed.receivedAt,
      tasks: failed.tasks,
      records: toDocRecords(failed.records),
      reasons: toPairDocs(failed.reasons),
      failedAt: failed.failedAt,
      ...(failed.prior ? { prior: toPriorDoc(failed.prior) } : {}),
    };
    const collection = this.failedIn(hour);
    try {
      await collection.insertOne(doc);
    } catch (error) {
      if ((error as { code?: number }).code !== DUPLICATE_KEY) throw error;
      await collection.deleteOne({ _id: failed.key });
      await collection.insertOne(doc);
    }
    this.collections.noteWritten(StoreKind.Failed, hour);
  }

  async findFailed(key: string): Promise<FailedGroup | null> {
    const doc = await this.failedIn(groupHour(key)).findOne({ _id: key });
    return doc ? fromFailedDoc(doc) : null;
  }

  async deleteFailed(key: string): Promise<void> {
    await this.failedIn(groupHour(key)).deleteOne({ _id: key });
  }

  /** Hours holding failed records, oldest first. */
  failedHours(): Promise<string[]> {
    return this.collections.keys(StoreKind.Failed, { fresh: true });
  }

  /** The failed groups of an hour. */
  async failedInHour(hour: string): Promise<FailedGroup[]> {
    return (await this.failedIn(hour).find({}).toArray()).map(fromFailedDoc);
  }

  async dropFailedHour(hour: string): Promise<void> {
    await this.collections.drop(StoreKind.Failed, hour);
  }

  private groups(minute: string) {
    return this.collections.collection<GroupDoc>(StoreKind.Groups, minute);
  }

  private failedIn(hour: string) {
    return this.collections.collection<FailedDoc>(StoreKind.Failed, hour);
  }
}
