// Tests read the store as it is, below the API: processed records in chunks (every live
// catalog entry of every hour, decoded), and accepted ones in their groups (those without a
// result) or kept failed. Filters are the few MongoDB shapes tests use on records:
// equality, or `$in`, on top-level fields (`_id` as an ObjectId).
import { ChunkStore, collectionName, groupHour, groupMinute, keyOfCollection, logIdOf, parseLogId, StoreCollections, StoreKind, type StoredLogRecord } from '@app/logs';
import { ObjectId } from 'mongodb';

type Doc = Record<string, any> & { _id: ObjectId };

/** A driver Db, or a Mongoose Connection (whose `db` is one). */
type DbLike = { collection(name: string): any; listCollections(...args: any[]): any; db?: unknown };

type NativeDb = { collection(name: string): any; listCollections(filter: object, options: object): { toArray(): Promise<Array<{ name: string }>> } };
const native = (db: DbLike): NativeDb => (db.db ?? db) as never;

export type StoredKind = 'logs' | 'pending_logs';

async function keys(db: DbLike, kind: StoreKind): Promise<string[]> {
  const names = (await native(db).listCollections({}, { nameOnly: true }).toArray()).map((c) => c.name);
  return names.flatMap((name) => keyOfCollection(kind, name) ?? []).sort();
}

/** Every processed record: the live chunks of every hour, read through the store's own code. */
async function processedRecords(db: DbLike): Promise<Doc[]> {
  const chunks = new ChunkStore(new StoreCollections({ db: native(db) } as never));
  const out: Doc[] = [];
  const seen = new Set<string>();
  for (const hour of await chunks.hours({ fresh: true })) {
    for (const entry of await chunks.catalog(hour)) {
      for (const record of (await chunks.read(entry)) ?? []) {
        if (seen.has(record.id)) continue;
        seen.add(record.id);
        out.push(asDoc(record));
      }
    }
  }
  return out;
}

/** Records not processed: those of groups without a result, and those kept failed. Sealed content included. */
async function unprocessedRecords(db: DbLike): Promise<Doc[]> {
  const out: Doc[] = [];
  const done = async (key: string) => (await native(db).collection(collectionName(StoreKind.Results, groupHour(key))).findOne({ _id: key })) !== null;
  for (const minute of await keys(db, StoreKind.Groups)) {
    for (const group of await native(db).collection(collectionName(StoreKind.Groups, minute)).find({}).toArray()) {
      if (await done(group._id)) continue;
      out.push(...group.records.map((r: any) => sealedDoc(group, r, 'pending')));
    }
  }
  for (const hour of await keys(db, StoreKind.Failed)) {
    for (const group of await native(db).collection(collectionName(StoreKind.Failed, hour)).find({}).toArray()) {
      out.push(...group.records.map((r: any) => sealedDoc(group, r, group.prior ? 'pending' : 'failed')));
    }
  }
  return out;
}

const asDoc = ({ id, ...record }: StoredLogRecord): Doc => ({ _id: new ObjectId(id), ...record });
const sealedDoc = (group: any, r: any, status: string): Doc => ({ _id: new ObjectId(logIdOf(group._id, r.i)), taskId: r.t, status, source: r.s, timestamp: r.ts, receivedAt: group.receivedAt, sealed: r.sealed });

function matches(doc: Doc, filter: Record<string, unknown>): boolean {
  return Object.entries(filter).every(([field, wanted]) => {
    const value = field === '_id' ? doc._id.toHexString() : doc[field];
    const norm = (v: unknown) => (v instanceof ObjectId ? v.toHexString() : v);
    if (wanted !== null && typeof wanted === 'object' && '$in' in (wanted as object)) return ((wanted as { $in: unknown[] }).$in.map(norm) as unknown[]).includes(value);
    return norm(wanted) === value;
  });
}

/** Every record of a kind matching `filter`. */
export async function storedDocs(db: DbLike, kind: StoredKind, filter: Record<string, unknown> = {}): Promise<Doc[]> {
  const docs = kind === 'logs' ? await processedRecords(db) : await unprocessedRecords(db);
  return docs.filter((doc) => matches(doc, filter));
}

export async function countStored(db: DbLike, kind: StoredKind, filter: Record<string, unknown> = {}): Promise<number> {
  return (await storedDocs(db, kind, filter)).length;
}

/** One record of a kind by its id, or null. */
export async function storedRecord(db: DbLike, kind: StoredKind, id: string): Promise<Doc | null> {
  return (await storedDocs(db, kind, { _id: id }))[0] ?? null;
}

/** Spoils the sealed content of an accepted record (its tag), so opening it fails. */
export async function spoilSealed(db: DbLike, id: string, tag: string): Promise<void> {
  const { group, index } = parseLogId(id)!;
  const collection = native(db).collection(collectionName(StoreKind.Groups, groupMinute(group)));
  const doc = await collection.findOne({ _id: group });
  const records = doc.records.map((r: any) => (r.i === index ? { ...r, sealed: { ...r.sealed, tag } } : r));
  await collection.deleteOne({ _id: group });
  await collection.insertOne({ ...doc, records });
}

/** Distinct stored log records, unprocessed or processed. One being processed may briefly be in both. */
export async function countStoredLogs(db: DbLike): Promise<number> {
  // Unprocessed first: a record processed in between is then found among the processed, never missed by both reads.
  const unprocessed = await storedDocs(db, 'pending_logs');
  const processed = await storedDocs(db, 'logs');
  return new Set([...unprocessed, ...processed].map((doc) => doc._id.toHexString())).size;
}
