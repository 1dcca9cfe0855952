// The only code that touches the `logs` collection. Returns plain objects.
import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { countByRule } from '@app/redaction';
import { isValidObjectId, Model, Types, type AnyBulkWriteOperation } from 'mongoose';
import { LogRecord, LogStatus } from './log-record.schema';
import type {
  NewLogRecord,
  ProcessingOutcome,
  SealedLogRecord,
  StoredLogRecord,
  TaskRecordSummary,
} from './log-record.types';

export const isLogId = (id: string): boolean => /^[0-9a-f]{24}$/i.test(id) && isValidObjectId(id);

export const newLogId = (): string => new Types.ObjectId().toHexString();

@Injectable()
export class LogRecordRepository {
  constructor(@InjectModel(LogRecord.name) private readonly model: Model<LogRecord>) {}

  /** Inserts all records in one ordered insertMany; resolves once the server acknowledged them. */
  async insertPending(records: readonly NewLogRecord[]): Promise<void> {
    await this.model.insertMany(
      records.map(({ id, ...rest }) => ({ _id: new Types.ObjectId(id), status: LogStatus.Pending, ...rest })),
      { ordered: true, lean: true },
    );
  }

  /** Best-effort removal of records whose request failed before it was acknowledged. */
  async deleteUnacknowledged(ids: readonly string[]): Promise<void> {
    await this.model.deleteMany({ _id: { $in: ids.map((id) => new Types.ObjectId(id)) }, status: LogStatus.Pending });
  }

  async findById(id: string): Promise<StoredLogRecord | null> {
    if (!isLogId(id)) return null;
    const doc = await this.model.findById(id, { sealed: 0 }).lean().exec();
    return doc ? toStored(doc) : null;
  }

  /** The pending records among `ids`, with their sealed content. Processed ones are skipped. */
  async findPendingSealed(ids: readonly string[]): Promise<SealedLogRecord[]> {
    const docs = await this.model
      .find({ _id: { $in: ids.filter(isLogId).map((id) => new Types.ObjectId(id)) }, status: LogStatus.Pending }, { sealed: 1 })
      .lean()
      .exec();
    return docs.filter((doc) => doc.sealed).map((doc) => ({ id: doc._id.toHexString(), sealed: doc.sealed! }));
  }

  /**
   * Writes every outcome of a job in one unordered bulk write. Each update only applies to a
   * record still pending, so a job delivered twice never changes a record twice.
   */
  async writeOutcomes(outcomes: readonly ProcessingOutcome[]): Promise<number> {
    if (outcomes.length === 0) return 0;
    const now = new Date();
    const operations: AnyBulkWriteOperation<LogRecord>[] = outcomes.map((outcome) => ({
      updateOne: {
        filter: { _id: new Types.ObjectId(outcome.id), status: LogStatus.Pending },
        update:
          outcome.status === LogStatus.Processed
            ? {
                $set: {
                  status: LogStatus.Processed,
                  content: outcome.content,
                  findings: outcome.findings,
                  rulesetVersion: outcome.rulesetVersion,
                  processedAt: now,
                },
                $unset: { sealed: '' },
              }
            : { $set: { status: LogStatus.Failed, failure: { reason: outcome.reason, at: now } } },
      },
    }));
    const result = await this.model.bulkWrite(operations, { ordered: false });
    return result.modifiedCount;
  }

  /** Marks the still-pending records among `ids` failed, e.g. after a job's last attempt. */
  async markFailed(ids: readonly string[], reason: string): Promise<void> {
    await this.writeOutcomes(ids.filter(isLogId).map((id) => ({ id, status: LogStatus.Failed, reason })));
  }

  async summariseTask(taskId: string): Promise<TaskRecordSummary | null> {
    const docs = await this.model.find({ taskId }, { status: 1, findings: 1, failure: 1 }).lean().exec();
    if (docs.length === 0) return null;
    const count = (status: LogStatus) => docs.filter((doc) => doc.status === status).length;
    return {
      total: docs.length,
      pending: count(LogStatus.Pending),
      processed: count(LogStatus.Processed),
      failed: count(LogStatus.Failed),
      redactionsByRule: countByRule(docs.map((doc) => doc.findings ?? [])),
      failureReasons: [...new Set(docs.flatMap((doc) => (doc.failure ? [doc.failure.reason] : [])))],
    };
  }

  /** Pending records received before `cutoff`, grouped by task: what the reconciler re-enqueues. */
  async findStalePendingByTask(cutoff: Date, limit: number): Promise<Map<string, string[]>> {
    const docs = await this.model
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

  async findIdsByTask(taskId: string): Promise<string[]> {
    const docs = await this.model.find({ taskId }, { _id: 1 }).lean().exec();
    return docs.map((doc) => doc._id.toHexString());
  }
}

function toStored(doc: LogRecord): StoredLogRecord {
  const { _id, sealed: _sealed, ...rest } = doc as LogRecord & Record<string, unknown>;
  return { id: _id.toHexString(), ...(rest as Omit<StoredLogRecord, 'id'>) };
}
