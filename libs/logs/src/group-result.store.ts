// What processing a group found, one document per group in `results_<hour>` (the hour the
// group was opened): each task's counts and redactions, the records that failed and why, and
// the chunks its processed records went to. GET /task reads it by the group its task id names;
// GET /logs/{id} follows it to the chunk holding the record. A group with a result is done.
import { Injectable } from '@nestjs/common';
import { isDuplicateKey } from './errors';
import { fromPairDocs, toPairDocs, type PairDoc } from './pairs';
import { groupHour, StoreKind } from './placement';
import { StoreCollections } from './store-collections';

export interface TaskResult {
  id: string;
  processed: number;
  failed: number;
  redactionsByRule: Record<string, number>;
  failureReasons: string[];
  finishedAt: Date;
}

export interface GroupResult {
  key: string;
  finishedAt: Date;
  tasks: TaskResult[];
  /** [record index, reason] of each record that failed. */
  failed: Array<[number, string]>;
  /** [hour, chunk id] of the chunks its processed records went to (a compaction may have merged them since, in the same hour). */
  chunks: Array<[string, string]>;
}

/** What processing found of a group before its failed records were queued again (reprocessing). */
export interface PriorCounts {
  tasks: Array<{ id: string; processed: number; redactions: Array<[string, number]> }>;
  chunks: Array<[string, string]>;
}

/** A result as the counts its reprocessing starts from. */
export function priorCounts(result: GroupResult): PriorCounts {
  return { tasks: result.tasks.map((t) => ({ id: t.id, processed: t.processed, redactions: Object.entries(t.redactionsByRule) })), chunks: result.chunks };
}

interface TaskResultDoc {
  id: string;
  processed: number;
  failed: number;
  /** {rule, count}: rule ids are a client's words, never field names. */
  redactions: Array<PairDoc<string, number>>;
  reasons: string[];
}

interface ResultDoc {
  _id: string;
  finishedAt: Date;
  tasks: TaskResultDoc[];
  failed: Array<PairDoc<number, string>>;
  chunks: Array<PairDoc<string, string>>;
}

@Injectable()
export class GroupResultStore {
  constructor(private readonly collections: StoreCollections) {}

  /** Stores a group's result; a group that has one keeps it (a redelivered job writes the same). */
  async insert(result: GroupResult): Promise<void> {
    const hour = groupHour(result.key);
    const doc: ResultDoc = {
      _id: result.key,
      finishedAt: result.finishedAt,
      tasks: result.tasks.map((t) => ({ id: t.id, processed: t.processed, failed: t.failed, redactions: toPairDocs(Object.entries(t.redactionsByRule)), reasons: t.failureReasons })),
      failed: toPairDocs(result.failed),
      chunks: toPairDocs(result.chunks),
    };
    try {
      await this.results(hour).insertOne(doc);
    } catch (error) {
      if (!isDuplicateKey(error)) throw error;
    }
    this.collections.noteWritten(StoreKind.Results, hour);
  }

  async find(key: string): Promise<GroupResult | null> {
    const doc = await this.results(groupHour(key)).findOne({ _id: key });
    if (!doc) return null;
    return {
      key: doc._id,
      finishedAt: doc.finishedAt,
      failed: fromPairDocs(doc.failed),
      chunks: fromPairDocs(doc.chunks),
      tasks: doc.tasks.map((t) => ({
        id: t.id,
        processed: t.processed,
        failed: t.failed,
        redactionsByRule: Object.assign(Object.create(null) as Record<string, number>, Object.fromEntries(fromPairDocs(t.redactions))),
        failureReasons: t.reasons,
        finishedAt: doc.finishedAt,
      })),
    };
  }

  /** Forgets a group's result, so its next processing (reprocess) reports afresh. */
  async delete(key: string): Promise<void> {
    await this.results(groupHour(key)).deleteOne({ _id: key });
  }

  /** The groups of an hour that have a result: one read of the hour's keys. */
  async doneIn(hour: string): Promise<Set<string>> {
    return new Set((await this.results(hour).find({}, { projection: { _id: 1 } }).toArray()).map((doc) => doc._id));
  }

  /** Which of these groups (all of one hour) have a result: one read of the hour's keys. */
  async doneAmong(hour: string, keys: readonly string[]): Promise<Set<string>> {
    if (keys.length === 0) return new Set();
    const done = await this.doneIn(hour);
    return new Set(keys.filter((key) => done.has(key)));
  }

  /** The groups among these (of any hours) without a result: still to be processed. */
  async unfinished<G extends { key: string }>(groups: readonly G[]): Promise<G[]> {
    const byHour = new Map<string, G[]>();
    for (const group of groups) byHour.set(groupHour(group.key), [...(byHour.get(groupHour(group.key)) ?? []), group]);
    const out: G[] = [];
    for (const [hour, members] of byHour) {
      const done = await this.doneAmong(hour, members.map((g) => g.key));
      out.push(...members.filter((g) => !done.has(g.key)));
    }
    return out;
  }

  hours(): Promise<string[]> {
    return this.collections.keys(StoreKind.Results);
  }

  async dropHour(hour: string): Promise<void> {
    await this.collections.drop(StoreKind.Results, hour);
  }

  private results(hour: string) {
    return this.collections.collection<ResultDoc>(StoreKind.Results, hour);
  }
}
