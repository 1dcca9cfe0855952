interface CollectionsLike {
  collection(name: string): { find(filter: object, options: object): { toArray(): Promise<Array<{ _id: { toHexString(): string } }>> } };
}

/** Distinct stored log records, pending or processed. One moving from pending_logs to logs may briefly be in both. */
export async function countStoredLogs(db: CollectionsLike): Promise<number> {
  const ids = await Promise.all(['pending_logs', 'logs'].map((name) => db.collection(name).find({}, { projection: { _id: 1 } }).toArray()));
  return new Set(ids.flat().map((doc) => doc._id.toHexString())).size;
}
