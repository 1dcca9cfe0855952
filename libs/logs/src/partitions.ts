// Time-partitioned storage: records live in one collection per hour (`logs_2026112917`), so a
// read touches only the hours its range covers and retention drops whole hours. Ids carry the
// time that names their hour: a log id is an ObjectId whose four time bytes are the record's
// event time (its timestamp, to the second), a task id a UUIDv7 whose first 48 bits are the
// millisecond it was accepted. A lookup by id goes straight to one small collection.
//
// One hour, because FerretDB scans a whole collection for any filter, an `_id` included
// (0.10 s at 10k documents, 1.0 s at 100k): an hour of a million logs over 30 days holds
// about 1,400, a day 33,000. MongoDB reads its indexes either way.
import { randomBytes } from 'node:crypto';
import { Types } from 'mongoose';

export const PARTITION_MS = 3_600_000;

export enum PartitionKind {
  /** Processed (redacted) records, by event time. */
  Processed = 'logs',
  /** Pending and failed records (content sealed), by event time. */
  Pending = 'pending_logs',
  /** One document per accepted request, by acceptance time. */
  Tasks = 'tasks',
  /** What processing found, one document per finished task, by the task's acceptance time. */
  TaskResults = 'task_results',
}

const MAX_OBJECT_ID_SECONDS = 0xffffffff;

/** Event times outside what an ObjectId holds (before 1970, after 2106) are stored at its ends. */
export function storableTime(time: Date): Date {
  const seconds = Math.min(MAX_OBJECT_ID_SECONDS, Math.max(0, Math.floor(time.getTime() / 1000)));
  return new Date(Number.isFinite(seconds) ? seconds * 1000 : 0);
}

/** `2026112917`: the hour a time falls in, UTC. */
export function partitionKey(time: Date): string {
  const start = new Date(Math.floor(storableTime(time).getTime() / PARTITION_MS) * PARTITION_MS);
  return start.toISOString().slice(0, 13).replace(/[-T]/g, '');
}

export function partitionStart(key: string): Date {
  return new Date(`${key.slice(0, 4)}-${key.slice(4, 6)}-${key.slice(6, 8)}T${key.slice(8, 10)}:00:00.000Z`);
}

export const collectionName = (kind: PartitionKind, key: string): string => `${kind}_${key}`;

/** The partition key of a collection name of this kind, or undefined. */
export function keyOfCollection(kind: PartitionKind, name: string): string | undefined {
  const match = new RegExp(`^${kind}_(\\d{10})$`).exec(name);
  return match?.[1];
}

/** Every hour from `to` back to `from`, newest first. */
export function partitionsBetween(from: Date, to: Date): string[] {
  const keys: string[] = [];
  if (from.getTime() > to.getTime()) return keys;
  const first = Math.floor(storableTime(from).getTime() / PARTITION_MS);
  for (let hour = Math.floor(storableTime(to).getTime() / PARTITION_MS); hour >= first; hour--) {
    keys.push(partitionKey(new Date(hour * PARTITION_MS)));
  }
  return keys;
}

/** A new, unique log id whose time is the record's event time. */
export function logIdAt(eventTime: Date): string {
  const bytes = Buffer.from(new Types.ObjectId().id);
  bytes.writeUInt32BE(storableTime(eventTime).getTime() / 1000, 0);
  return new Types.ObjectId(bytes).toHexString();
}

/** The partition holding a log id's record. */
export const partitionOfLogId = (id: string): string => partitionKey(new Types.ObjectId(id).getTimestamp());

/** A UUIDv7 (RFC 9562): 48 bits of Unix milliseconds, version 7, then random bits. */
export function taskIdAt(time: Date): string {
  const bytes = randomBytes(16);
  bytes.writeUIntBE(time.getTime(), 0, 6);
  bytes[6] = (bytes[6] & 0x0f) | 0x70;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

const UUID_V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;

/** The partition holding a task id's documents; undefined for an id that is not a UUIDv7. */
export function partitionOfTaskId(id: string): string | undefined {
  if (!UUID_V7.test(id)) return undefined;
  return partitionKey(new Date(parseInt(id.replace(/-/g, '').slice(0, 12), 16)));
}
