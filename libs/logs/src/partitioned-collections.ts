// The collections of time-partitioned storage, as driver collections. A partition is created
// by its first write, with its indexes (MongoDB uses them; FerretDB accepts and ignores them);
// reading a partition that was never written finds nothing, which is right.
import { Injectable, Logger } from '@nestjs/common';
import { InjectConnection } from '@nestjs/mongoose';
import type { Connection, mongo } from 'mongoose';
import { collectionName, keyOfCollection, PartitionKind } from './partitions';

type IndexSpec = { key: Record<string, 1 | -1>; name: string };

const EXISTING_TTL_MS = 5_000;

const INDEXES: Record<PartitionKind, IndexSpec[]> = {
  // GET /logs: newest first, alone or after a level or service filter; the live tail's resume.
  [PartitionKind.Processed]: [
    { key: { timestamp: -1, _id: -1 }, name: 'newest' },
    { key: { level: 1, timestamp: -1 }, name: 'level_newest' },
    { key: { service: 1, timestamp: -1 }, name: 'service_newest' },
    { key: { processedAt: 1, _id: 1 }, name: 'processed_at' },
  ],
  // The reconciler's scan (oldest pending first) and GET /logs?status=failed|pending.
  [PartitionKind.Pending]: [
    { key: { status: 1, receivedAt: 1 }, name: 'status_received' },
    { key: { status: 1, timestamp: -1 }, name: 'status_newest' },
  ],
  [PartitionKind.Tasks]: [],
  [PartitionKind.TaskResults]: [],
};

@Injectable()
export class PartitionedCollections {
  private readonly logger = new Logger(PartitionedCollections.name);
  private readonly prepared = new Map<string, Promise<void>>();
  private readonly listed = new Map<PartitionKind, { keys: Set<string>; at: number }>();

  constructor(@InjectConnection() private readonly connection: Connection) {}

  /** A partition to read from. */
  read(kind: PartitionKind, key: string): mongo.Collection {
    return this.connection.db!.collection(collectionName(kind, key));
  }

  /** A partition to write to, its indexes declared first (once per process and partition). */
  async write(kind: PartitionKind, key: string): Promise<mongo.Collection> {
    const name = collectionName(kind, key);
    const collection = this.connection.db!.collection(name);
    this.listed.get(kind)?.keys.add(key); // this process's reads see its own new hours at once
    if (INDEXES[kind].length > 0) {
      let ready = this.prepared.get(name);
      if (!ready) {
        ready = this.declareIndexes(collection, INDEXES[kind]);
        this.prepared.set(name, ready);
      }
      await ready;
    }
    return collection;
  }

  /**
   * One index a command: FerretDB 1.24 drops the connection (a panic) when one createIndexes
   * names several indexes that all exist already, as they do once another process made them.
   * An index that cannot be made is logged, never a failed write: the records matter more.
   */
  private async declareIndexes(collection: mongo.Collection, specs: readonly IndexSpec[]): Promise<void> {
    for (const { key, name } of specs) {
      try {
        await collection.createIndex(key, { name });
      } catch (error) {
        this.logger.warn(`index ${name} of ${collection.collectionName} not created: ${(error as Error).name}`);
      }
    }
  }

  /** The partitions of a kind that exist, newest first. */
  async list(kind: PartitionKind): Promise<string[]> {
    const collections = await this.connection.db!.listCollections({}, { nameOnly: true }).toArray();
    const keys = collections
      .map((c) => keyOfCollection(kind, c.name))
      .filter((key): key is string => key !== undefined)
      .sort()
      .reverse();
    this.listed.set(kind, { keys: new Set(keys), at: Date.now() });
    return keys;
  }

  /**
   * The partitions of a kind that existed a moment ago (listed at most EXISTING_TTL_MS back),
   * so a read over a long range visits only hours that hold something, never thousands of
   * empty ones. Callers read the newest hours regardless: another process may have just made one.
   */
  async existing(kind: PartitionKind): Promise<ReadonlySet<string>> {
    const cached = this.listed.get(kind);
    if (cached && Date.now() - cached.at < EXISTING_TTL_MS) return cached.keys;
    await this.list(kind);
    return this.listed.get(kind)!.keys;
  }

  async drop(kind: PartitionKind, key: string): Promise<void> {
    this.prepared.delete(collectionName(kind, key));
    await this.connection.db!.dropCollection(collectionName(kind, key)).catch(() => undefined);
  }
}

/** Ids grouped by the partition that holds them. */
export function byPartition<T>(items: readonly T[], partitionOf: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const key = partitionOf(item);
    const group = groups.get(key);
    if (group) group.push(item);
    else groups.set(key, [item]);
  }
  return groups;
}
