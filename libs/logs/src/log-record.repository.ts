// The only code that touches the log collections. Returns plain objects.
import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { countByRule } from '@app/redaction';
import { isValidObjectId, Model, mongo, Types } from 'mongoose';
import { LogRecord, LogStatus, PENDING_LOG_MODEL, PROCESSED_LOG_MODEL } from './log-record.schema';
import type { NewLogRecord, ProcessingOutcome, SealedLogRecord, StoredLogRecord, TaskRecordSummary } from './log-record.types';
import { DUPLICATE_KEY, writeErrorsOf } from './errors';
import { PendingDeletionBuffer } from './pending-deletion.buffer';
import { fromStorableKeys, toStorableKeys } from './storable-keys';

export const isLogId = (id: string): boolean => /^[0-9a-f]{24}$/i.test(id) && isValidObjectId(id);

export const newLogId = (): string => new Types.ObjectId().toHexString();

const toObjectIds = (ids: readonly string[]) => ids.filter(isLogId).map((id) => new Types.ObjectId(id));

/** FerretDB 1.24 never answers an update command of 100 statements or more. */
const UPDATE_CHUNK = 50;
const SMALL_LOOKUP = 32;

@Injectable()
export class LogRecordRepository {
  constructor(
    @InjectModel(PROCESSED_LOG_MODEL) private readonly processed: Model<LogRecord>,
    @InjectModel(PENDING_LOG_MODEL) private readonly pending: Model<LogRecord>,
    private readonly deletions: PendingDeletionBuffer,
  ) {
    deletions.bind(pending);
  }

  /** Inserts all records in one ordered insertMany; resolves once the server acknowledged them. */
  async insertPending(records: readonly NewLogRecord[]): Promise<void> {
    await this.pending.insertMany(
      records.map(({ id, ...rest }) => ({ _id: new Types.ObjectId(id), status: LogStatus.Pending, ...rest })),
      { ordered: true, lean: true },
    );
  }

  /** Best-effort removal of records whose request failed before it was acknowledged. */
  async deleteUnacknowledged(ids: readonly string[]): Promise<void> {
    await this.pending.deleteMany({ _id: { $in: toObjectIds(ids) }, status: LogStatus.Pending });
  }

  async findById(id: string): Promise<StoredLogRecord | null> {
    if (!isLogId(id)) return null;
    const doc = (await this.processed.findById(id).lean().exec()) ?? (await this.pending.findById(id, { sealed: 0 }).lean().exec());
    return doc ? toStored(doc) : null;
  }

  /** The pending records among `ids`, with their sealed content. Processed ones are skipped. */
  async findPendingSealed(ids: readonly string[]): Promise<SealedLogRecord[]> {
    const objectIds = toObjectIds(ids);
    // FerretDB's SQLite backend uses its _id index only for a bare {_id} filter; a filter with
    // $in or other fields scans the whole collection. Small jobs look their records up one by one.
    const docs =
      objectIds.length <= SMALL_LOOKUP
        ? (await Promise.all(objectIds.map((id) => this.pending.findById(id).lean().exec()))).filter((doc) => doc?.status === LogStatus.Pending)
        : await this.pending.find({ _id: { $in: objectIds }, status: LogStatus.Pending }).lean().exec();
    return docs.filter((doc) => doc?.sealed).map((doc) => ({ id: doc!._id.toHexString(), sealed: doc!.sealed!, record: doc! }));
  }

  /**
   * Writes the outcomes of a job. Processed records are inserted into `logs` (an id already
   * there means an earlier delivery did it: skipped), then their pending copies deleted in
   * batches (PendingDeletionBuffer); a crash in between only means a later delivery finds
   * them pending and repeats both steps.
   * Failed records stay pending-side, marked failed.
   */
  /** Resolves to how many processed records were new (the others were done by an earlier delivery) and the processed records as stored. */
  async writeOutcomes(outcomes: ProcessingOutcome[]): Promise<{ inserted: number; processed: StoredLogRecord[] }> {
    const now = new Date();
    let inserted = 0;
    let stored: StoredLogRecord[] = [];
    const processed = outcomes.filter((o): o is Extract<ProcessingOutcome, { status: LogStatus.Processed }> => o.status === LogStatus.Processed);
    if (processed.length > 0) {
      const records = processed.map(({ pending, content, findings, rulesetVersion }) => {
        const { sealed: _sealed, failure: _failure, ...base } = pending;
        // Level and service are copied out for filtering only now that they are redacted too.
        const copied = Object.fromEntries(Object.entries({ level: content.level, service: content.service }).filter(([, v]) => v !== undefined));
        return { ...base, ...copied, status: LogStatus.Processed as const, content, findings, rulesetVersion, processedAt: now };
      });
      const result = await this.insertIgnoringDuplicates(records.map((record) => ({ ...record, content: toStorableKeys(record.content) })));
      inserted = result.inserted;
      // A record the store refuses (a field name it cannot take, a size limit) fails alone.
      const refused = new Map(result.refused.map(({ index, code }) => [processed[index].id, `the store refused the redacted record (code ${code})`]));
      outcomes = [...outcomes.filter((o) => !refused.has(o.id)), ...[...refused].map(([id, reason]) => ({ id, status: LogStatus.Failed as const, reason }))];
      const kept = records.filter((record) => !refused.has(record._id.toHexString()));
      this.deletions.add(kept.map((record) => record._id.toHexString()));
      stored = kept.map(({ _id, ...record }) => ({ id: _id.toHexString(), ...record }));
    }
    const failed = outcomes.filter((o): o is Extract<ProcessingOutcome, { status: LogStatus.Failed }> => o.status === LogStatus.Failed);
    for (let i = 0; i < failed.length; i += UPDATE_CHUNK) {
      await this.pending.bulkWrite(
        failed.slice(i, i + UPDATE_CHUNK).map(({ id, reason }) => ({
          updateOne: {
            filter: { _id: new Types.ObjectId(id), status: LogStatus.Pending },
            update: { $set: { status: LogStatus.Failed, failure: { reason, at: now } } },
          },
        })),
        { ordered: false },
      );
    }
    return { inserted, processed: stored };
  }

  /**
   * Inserts the documents; ids already there are skipped. Resolves to how many were new and
   * which (by index) the server refused for another reason. Errors without per-document
   * detail (the store unreachable) are thrown, so the job is retried.
   */
  private async insertIgnoringDuplicates(docs: object[]): Promise<{ inserted: number; refused: Array<{ index: number; code: number }> }> {
    try {
      await this.processed.insertMany(docs, { ordered: false, lean: true });
      return { inserted: docs.length, refused: [] };
    } catch (error) {
      const writeErrors = error instanceof mongo.MongoBulkWriteError ? writeErrorsOf(error) : undefined;
      if (!writeErrors || writeErrors.length === 0) throw error;
      const refused = writeErrors.filter((e) => e.code !== DUPLICATE_KEY).map((e) => ({ index: e.index, code: e.code }));
      return { inserted: docs.length - writeErrors.length, refused };
    }
  }

  /** Marks the still-pending records among `ids` failed, e.g. after a job's last attempt. */
  async markFailed(ids: readonly string[], reason: string): Promise<void> {
    await this.writeOutcomes(ids.filter(isLogId).map((id) => ({ id, status: LogStatus.Failed, reason })));
  }

  async summariseTask(taskId: string): Promise<TaskRecordSummary | null> {
    const [done, all] = await Promise.all([
      this.processed.find({ taskId }, { findings: 1 }).lean().exec(),
      this.pending.find({ taskId }, { status: 1, failure: 1 }).lean().exec(),
    ]);
    // A pending copy whose processed copy exists is only waiting to be deleted.
    const doneIds = new Set(done.map((doc) => doc._id.toHexString()));
    const waiting = all.filter((doc) => !doneIds.has(doc._id.toHexString()));
    if (done.length === 0 && waiting.length === 0) return null;
    const failed = waiting.filter((doc) => doc.status === LogStatus.Failed);
    return {
      total: done.length + waiting.length,
      pending: waiting.length - failed.length,
      processed: done.length,
      failed: failed.length,
      redactionsByRule: countByRule(done.map((doc) => doc.findings ?? [])),
      failureReasons: [...new Set(failed.flatMap((doc) => (doc.failure ? [doc.failure.reason] : [])))],
    };
  }

  /** Pending records received before `cutoff`, grouped by task: what the reconciler re-enqueues. */
  async findStalePendingByTask(cutoff: Date, limit: number): Promise<Map<string, string[]>> {
    const docs = await this.pending
      .find({ status: LogStatus.Pending, receivedAt: { $lt: cutoff } }, { taskId: 1 })
      .sort({ status: 1, receivedAt: 1 })
      .limit(limit)
      .lean()
      .exec();
    const byTask = new Map<string, string[]>();
    for (const doc of docs) {
      const ids = byTask.get(doc.taskId) ?? [];
      ids.push(doc._id.toHexString());
      byTask.set(doc.taskId, ids);
    }
    return byTask;
  }

  /**
   * Turns failed records back to pending, for reprocessing: those among `ids`, or the oldest
   * `limit` failed ones. Resolves to the re-pended ids grouped by task.
   */
  async repend(ids: readonly string[] | undefined, limit: number): Promise<Map<string, string[]>> {
    const filter = ids ? { _id: { $in: toObjectIds(ids) }, status: LogStatus.Failed } : { status: LogStatus.Failed };
    const docs = await this.pending.find(filter, { taskId: 1 }).sort({ status: 1, receivedAt: 1 }).limit(limit).lean().exec();
    for (let i = 0; i < docs.length; i += UPDATE_CHUNK) {
      const chunk = docs.slice(i, i + UPDATE_CHUNK).map((doc) => doc._id);
      await this.pending.updateMany({ _id: { $in: chunk }, status: LogStatus.Failed }, { $set: { status: LogStatus.Pending }, $unset: { failure: 1 } }).exec();
    }
    const byTask = new Map<string, string[]>();
    for (const doc of docs) byTask.set(doc.taskId, [...(byTask.get(doc.taskId) ?? []), doc._id.toHexString()]);
    return byTask;
  }

  /** The ids of a task's records still pending. */
  async findPendingIdsByTask(taskId: string): Promise<string[]> {
    const docs = await this.pending.find({ taskId, status: LogStatus.Pending }, { _id: 1 }).lean().exec();
    return docs.map((doc) => doc._id.toHexString());
  }
}

/** A stored document as a plain record: content keys restored, sealed content never included. */
export function toStored(doc: LogRecord): StoredLogRecord {
  const { _id, sealed: _sealed, content, ...rest } = doc as LogRecord & Record<string, unknown>;
  return { id: _id.toHexString(), ...(rest as Omit<StoredLogRecord, 'id'>), ...(content !== undefined ? { content: fromStorableKeys(content) as StoredLogRecord['content'] } : {}) };
}
