// Tests read the store as it is, below the API: records live in hourly partitions
// (`logs_<hour>`, `pending_logs_<hour>`), so these helpers read every hour of a kind.
import { collectionName, keyOfCollection, partitionOfLogId, PartitionKind } from '@app/logs';

type Doc = Record<string, any> & { _id: { toHexString(): string } };

/** A driver Db, or a Mongoose Connection (whose `db` is one). */
type DbLike = { collection(name: string): any; listCollections(...args: any[]): any; db?: unknown };

const native = (db: DbLike): { collection(name: string): any; listCollections(filter: object, options: object): { toArray(): Promise<Array<{ name: string }>> } } =>
  (db.db ?? db) as never;

export type StoredKind = 'logs' | 'pending_logs';

const kindOf = (kind: StoredKind) => (kind === 'logs' ? PartitionKind.Processed : PartitionKind.Pending);

/** The existing hours of a kind, oldest first. */
async function hours(db: DbLike, kind: StoredKind): Promise<string[]> {
  const names = (await native(db).listCollections({}, { nameOnly: true }).toArray()).map((c) => c.name);
  return names.flatMap((name) => keyOfCollection(kindOf(kind), name) ?? []).sort();
}

/** Every document of a kind matching `filter`, across its hours. */
export async function storedDocs(db: DbLike, kind: StoredKind, filter: object = {}, options: object = {}): Promise<Doc[]> {
  const docs: Doc[] = [];
  for (const key of await hours(db, kind)) docs.push(...(await native(db).collection(collectionName(kindOf(kind), key)).find(filter, options).toArray()));
  return docs;
}

export async function countStored(db: DbLike, kind: StoredKind, filter: object = {}): Promise<number> {
  let count = 0;
  for (const key of await hours(db, kind)) count += await native(db).collection(collectionName(kindOf(kind), key)).countDocuments(filter);
  return count;
}

/** The collection holding a record of this kind with this id (its hour). */
export const storedCollection = (db: DbLike, kind: StoredKind, id: string) => native(db).collection(collectionName(kindOf(kind), partitionOfLogId(id)));

/** Distinct stored log records, pending or processed. One moving from pending to processed may briefly be in both. */
export async function countStoredLogs(db: DbLike): Promise<number> {
  // Pending first: a record processed in between is then found in `logs`, never missed by both reads.
  const pending = await storedDocs(db, 'pending_logs', {}, { projection: { _id: 1 } });
  const processed = await storedDocs(db, 'logs', {}, { projection: { _id: 1 } });
  return new Set([...pending, ...processed].map((doc) => doc._id.toHexString())).size;
}
