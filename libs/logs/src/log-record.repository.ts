// The only code that writes the log collections. Returns plain objects. Records live in hourly
// partitions named by their ids (partitions.ts), so every lookup by id reads one small
// collection, and writes touch only the hours their records belong to.
import { Injectable } from '@nestjs/common';
import { isValidObjectId, mongo, Types } from 'mongoose';
import { DUPLICATE_KEY, writeErrorsOf } from './errors';
import { LogStatus, type LogRecord } from './log-record.schema';
import type { NewLogRecord, ProcessingOutcome, SealedLogRecord, StoredLogRecord } from './log-record.types';
import { byPartition, PartitionedCollections } from './partitioned-collections';
import { partitionOfLogId, PartitionKind } from './partitions';
import { PendingDeletionBuffer } from './pending-deletion.buffer';
import { fromStorableKeys, toStorableKeys } from './storable-keys';

export const isLogId = (id: string): boolean => /^[0-9a-f]{24}$/i.test(id) && isValidObjectId(id);

/** FerretDB 1.24 never answers an update command of 100 statements or more. */
const UPDATE_CHUNK = 50;
/**
 * Up to this many ids are read one `_id` at a time: FerretDB answers a bare `_id` filter in
 * about a millisecond but scans and decodes a whole collection for `$in` (380 ms at 5,000
 * pending records, whatever the number of ids).
 */
const PER_ID_LOOKUP_MAX = 200;
const LOOKUPS_IN_FLIGHT = 16;

/** The documents with these ids in one collection: bare `_id` lookups for a few, one `$in` for many. */
/** Records of one partition by id: bare `_id` lookups (a few in flight) up to a few hundred, else one `$in`. */
export async function findByIds(collection: mongo.Collection, ids: readonly string[], projection?: Record<string, 0 | 1>): Promise<LogRecord[]> {
  const objectIds = ids.map((id) => new Types.ObjectId(id));
  if (objectIds.length > PER_ID_LOOKUP_MAX) return (await collection.find({ _id: { $in: objectIds } }, { projection }).toArray()) as unknown as LogRecord[];
  const found: LogRecord[] = [];
  for (let i = 0; i < objectIds.length; i += LOOKUPS_IN_FLIGHT) {
    const docs = await Promise.all(objectIds.slice(i, i + LOOKUPS_IN_FLIGHT).map((_id) => collection.findOne({ _id }, { projection })));
    for (const doc of docs) if (doc) found.push(doc as unknown as LogRecord);
  }
  return found;
}

/** A pending record as the reconciler and reprocessing see it: where it belongs. */
export interface PendingRef {
  id: string;
  taskId: string;
  jobId: string;
}

/** What processing left of records a job found no longer pending (an earlier delivery's work). */
export interface EarlierOutcomes {
  processed: Map<string, { taskId: string; findings: Array<{ rule: string; count: number }> }>;
  failed: Map<string, { taskId: string; reason: string }>;
}

@Injectable()
export class LogRecordRepository {
  constructor(
    private readonly partitions: PartitionedCollections,
    private readonly deletions: PendingDeletionBuffer,
  ) {
    deletions.bind(partitions);
  }

  /** Inserts the records, one ordered insertMany per hour they fall in; resolves once the server acknowledged them. */
  async insertPending(records: readonly NewLogRecord[]): Promise<void> {
    for (const [key, group] of byPartition(records, (r) => partitionOfLogId(r.id))) {
      const collection = await this.partitions.write(PartitionKind.Pending, key);
      await collection.insertMany(
        group.map(({ id, ...rest }) => ({ _id: new Types.ObjectId(id), status: LogStatus.Pending, ...rest })),
        { ordered: true },
      );
    }
  }

  /** Best-effort removal of records whose request failed before it was acknowledged. */
  async deleteUnacknowledged(ids: readonly string[]): Promise<void> {
    for (const [key, group] of byPartition(ids.filter(isLogId), partitionOfLogId)) {
      await this.partitions.read(PartitionKind.Pending, key).deleteMany({ _id: { $in: group.map((id) => new Types.ObjectId(id)) }, status: LogStatus.Pending });
    }
  }

  async findById(id: string): Promise<StoredLogRecord | null> {
    if (!isLogId(id)) return null;
    const key = partitionOfLogId(id);
    const _id = new Types.ObjectId(id);
    const doc =
      (await this.partitions.read(PartitionKind.Processed, key).findOne({ _id })) ??
      (await this.partitions.read(PartitionKind.Pending, key).findOne({ _id }, { projection: { sealed: 0 } }));
    return doc ? toStored(doc as unknown as LogRecord) : null;
  }

  /** The pending records among `ids`, with their sealed content. Processed and failed ones are skipped. */
  async findPendingSealed(ids: readonly string[]): Promise<SealedLogRecord[]> {
    const found: SealedLogRecord[] = [];
    for (const [key, group] of byPartition(ids.filter(isLogId), partitionOfLogId)) {
      const docs = await findByIds(this.partitions.read(PartitionKind.Pending, key), group);
      for (const doc of docs) {
        if (doc.status === LogStatus.Pending && doc.sealed) found.push({ id: doc._id.toHexString(), sealed: doc.sealed, record: doc });
      }
    }
    return found;
  }

  /**
   * Writes the outcomes of a job. Processed records are inserted into their hour of `logs`
   * (an id already there means an earlier delivery did it: skipped), then their pending copies
   * deleted in batches (PendingDeletionBuffer); a crash in between only means a later delivery
   * finds them pending and repeats both steps. Failed records stay pending-side, marked failed.
   * Resolves to the ids newly processed, the records as stored, and the outcomes after the
   * store refused any record (those become failures).
   */
  async writeOutcomes(outcomes: ProcessingOutcome[]): Promise<{ inserted: Set<string>; processed: StoredLogRecord[]; outcomes: ProcessingOutcome[] }> {
    const now = new Date();
    const inserted = new Set<string>();
    let stored: StoredLogRecord[] = [];
    const processed = outcomes.filter((o): o is Extract<ProcessingOutcome, { status: LogStatus.Processed }> => o.status === LogStatus.Processed);
    if (processed.length > 0) {
      const records = processed.map(({ pending, content, findings, rulesetVersion }) => {
        const { sealed: _sealed, failure: _failure, ...base } = pending;
        // Level and service are copied out for filtering only now that they are redacted too.
        const copied = Object.fromEntries(Object.entries({ level: content.level, service: content.service }).filter(([, v]) => v !== undefined));
        return { ...base, ...copied, status: LogStatus.Processed as const, content, findings, rulesetVersion, processedAt: now };
      });
      const refused = new Map<string, string>();
      for (const [key, group] of byPartition(records, (r) => partitionOfLogId(r._id.toHexString()))) {
        const result = await this.insertIgnoringDuplicates(
          PartitionKind.Processed,
          key,
          group.map((record) => ({ ...record, content: toStorableKeys(record.content) })),
        );
        result.inserted.forEach((index) => inserted.add(group[index]._id.toHexString()));
        // A record the store refuses (a field name it cannot take, a size limit) fails alone.
        result.refused.forEach(({ index, code }) => refused.set(group[index]._id.toHexString(), `the store refused the redacted record (code ${code})`));
      }
      outcomes = [...outcomes.filter((o) => !refused.has(o.id)), ...[...refused].map(([id, reason]) => ({ id, status: LogStatus.Failed as const, reason }))];
      const kept = records.filter((record) => !refused.has(record._id.toHexString()));
      this.deletions.add(kept.map((record) => record._id.toHexString()));
      stored = kept.map(({ _id, ...record }) => ({ id: _id.toHexString(), ...record }));
    }
    const failed = outcomes.filter((o): o is Extract<ProcessingOutcome, { status: LogStatus.Failed }> => o.status === LogStatus.Failed);
    for (const [key, group] of byPartition(failed, (o) => partitionOfLogId(o.id))) {
      const collection = this.partitions.read(PartitionKind.Pending, key);
      for (let i = 0; i < group.length; i += UPDATE_CHUNK) {
        await collection.bulkWrite(
          group.slice(i, i + UPDATE_CHUNK).map(({ id, reason }) => ({
            updateOne: {
              filter: { _id: new Types.ObjectId(id), status: LogStatus.Pending },
              update: { $set: { status: LogStatus.Failed, failure: { reason, at: now } } },
            },
          })),
          { ordered: false },
        );
      }
    }
    return { inserted, processed: stored, outcomes };
  }

  /**
   * Inserts the documents; ids already there are skipped. Resolves to which (by index) were
   * new and which the server refused for another reason. Errors without per-document detail
   * (the store unreachable) are thrown, so the job is retried.
   */
  private async insertIgnoringDuplicates(kind: PartitionKind, key: string, docs: object[]): Promise<{ inserted: number[]; refused: Array<{ index: number; code: number }> }> {
    const all = docs.map((_, index) => index);
    try {
      await (await this.partitions.write(kind, key)).insertMany(docs, { ordered: false });
      return { inserted: all, refused: [] };
    } catch (error) {
      const writeErrors = error instanceof mongo.MongoBulkWriteError ? writeErrorsOf(error) : undefined;
      if (!writeErrors || writeErrors.length === 0) throw error;
      const failedAt = new Set(writeErrors.map((e) => e.index));
      const refused = writeErrors.filter((e) => e.code !== DUPLICATE_KEY).map((e) => ({ index: e.index, code: e.code }));
      return { inserted: all.filter((index) => !failedAt.has(index)), refused };
    }
  }

  /** Marks the still-pending records among `ids` failed, e.g. after a job's last attempt. */
  async markFailed(ids: readonly string[], reason: string): Promise<void> {
    await this.writeOutcomes(ids.filter(isLogId).map((id) => ({ id, status: LogStatus.Failed, reason })));
  }

  /** For ids a job found no longer pending: whether an earlier delivery processed or failed them, with what it found. */
  async earlierOutcomes(ids: readonly string[]): Promise<EarlierOutcomes> {
    const out: EarlierOutcomes = { processed: new Map(), failed: new Map() };
    for (const [key, group] of byPartition(ids.filter(isLogId), partitionOfLogId)) {
      const done = await findByIds(this.partitions.read(PartitionKind.Processed, key), group, { taskId: 1, findings: 1 });
      for (const doc of done) out.processed.set(doc._id.toHexString(), { taskId: doc.taskId, findings: doc.findings ?? [] });
      const rest = group.filter((id) => !out.processed.has(id));
      const pending = await findByIds(this.partitions.read(PartitionKind.Pending, key), rest, { taskId: 1, status: 1, failure: 1 });
      for (const doc of pending) if (doc.status === LogStatus.Failed) out.failed.set(doc._id.toHexString(), { taskId: doc.taskId, reason: doc.failure?.reason ?? 'failed' });
    }
    return out;
  }

  /**
   * Of pending copies whose job completed, those processed already only await their batched
   * delete: they are queued for it. Resolves to the rest, whose processing was really lost.
   */
  async unprocessedAmong(ids: readonly string[]): Promise<string[]> {
    const { processed } = await this.earlierOutcomes(ids);
    this.deletions.add(ids.filter((id) => processed.has(id)));
    return ids.filter((id) => !processed.has(id));
  }

  /** Pending records received before `cutoff`, oldest hours first: what the reconciler re-enqueues. */
  async findStalePending(cutoff: Date, limit: number): Promise<PendingRef[]> {
    return this.findPendingRefs({ status: LogStatus.Pending, receivedAt: { $lt: cutoff } }, limit);
  }

  /**
   * Turns failed records back to pending, for reprocessing: those among `ids`, or the oldest
   * `limit` failed ones. Resolves to the records re-pended.
   */
  async repend(ids: readonly string[] | undefined, limit: number): Promise<PendingRef[]> {
    const refs = ids
      ? await this.pendingRefsAmong(ids, LogStatus.Failed)
      : await this.findPendingRefs({ status: LogStatus.Failed }, limit);
    for (const [key, group] of byPartition(refs, (r) => partitionOfLogId(r.id))) {
      const collection = this.partitions.read(PartitionKind.Pending, key);
      for (let i = 0; i < group.length; i += UPDATE_CHUNK) {
        const chunk = group.slice(i, i + UPDATE_CHUNK).map((r) => new Types.ObjectId(r.id));
        await collection.updateMany({ _id: { $in: chunk }, status: LogStatus.Failed }, { $set: { status: LogStatus.Pending }, $unset: { failure: 1 } });
      }
    }
    return refs;
  }

  /** The pending (not failed) records of the jobs named, as the reconciler re-enqueues them whole. */
  async pendingRefsOfJobs(jobIds: ReadonlySet<string>, among: readonly PendingRef[]): Promise<PendingRef[]> {
    const keys = new Set(among.map((r) => partitionOfLogId(r.id)));
    const refs: PendingRef[] = [];
    for (const key of keys) {
      const docs = await this.partitions
        .read(PartitionKind.Pending, key)
        .find({ status: LogStatus.Pending, jobId: { $in: [...jobIds] } }, { projection: { taskId: 1, jobId: 1 } })
        .toArray();
      refs.push(...docs.map((doc) => ({ id: doc._id.toHexString(), taskId: doc.taskId, jobId: doc.jobId })));
    }
    return refs;
  }

  /**
   * Drops pending partitions older than `before` that hold nothing: once an hour's records are
   * processed its pending collection is empty, and the reconciler's sweep should not read it again.
   */
  async dropDrainedPendingPartitions(before: string): Promise<number> {
    let dropped = 0;
    for (const key of await this.partitions.list(PartitionKind.Pending)) {
      if (key >= before) continue;
      if ((await this.partitions.read(PartitionKind.Pending, key).findOne({}, { projection: { _id: 1 } })) === null) {
        await this.partitions.drop(PartitionKind.Pending, key);
        dropped++;
      }
    }
    return dropped;
  }

  private async findPendingRefs(filter: object, limit: number): Promise<PendingRef[]> {
    const refs: PendingRef[] = [];
    for (const key of (await this.partitions.list(PartitionKind.Pending)).reverse()) {
      if (refs.length >= limit) break;
      const docs = await this.partitions
        .read(PartitionKind.Pending, key)
        .find(filter, { projection: { taskId: 1, jobId: 1 } })
        .sort({ status: 1, receivedAt: 1 })
        .limit(limit - refs.length)
        .toArray();
      refs.push(...docs.map((doc) => ({ id: doc._id.toHexString(), taskId: doc.taskId, jobId: doc.jobId })));
    }
    return refs;
  }

  private async pendingRefsAmong(ids: readonly string[], status: LogStatus): Promise<PendingRef[]> {
    const refs: PendingRef[] = [];
    for (const [key, group] of byPartition(ids.filter(isLogId), partitionOfLogId)) {
      const docs = await this.partitions
        .read(PartitionKind.Pending, key)
        .find({ _id: { $in: group.map((id) => new Types.ObjectId(id)) }, status }, { projection: { taskId: 1, jobId: 1 } })
        .toArray();
      refs.push(...docs.map((doc) => ({ id: doc._id.toHexString(), taskId: doc.taskId, jobId: doc.jobId })));
    }
    return refs;
  }
}

/** A stored document as a plain record: content keys restored, sealed content never included. */
export function toStored(doc: LogRecord): StoredLogRecord {
  const { _id, sealed: _sealed, content, jobId: _jobId, ...rest } = doc as LogRecord & Record<string, unknown>;
  return { id: _id.toHexString(), ...(rest as Omit<StoredLogRecord, 'id'>), ...(content !== undefined ? { content: fromStorableKeys(content) as StoredLogRecord['content'] } : {}) };
}
