// Where data lands, decided by arrival and never by a client: every collection is named by
// the minute or hour in which the server wrote into it, so one request touches the same few
// collections however its records are timestamped.
//
// The unit of ingest is a commit group (the requests that shared one store write). Its key
// is 20 hex digits: the second it was opened (8) and 48 random bits (12). Ids derive from it:
//   log id  = group key + the record's index in the group (4 hex digits): a 24-hex ObjectId
//             whose time is the group's second, so its minute and hour are known;
//   task id = a UUIDv7 whose milliseconds are the group's opening, the task's index in the
//             group in `rand_a` and the group's random bits in `rand_b`.
// So `GET /logs/{id}` and `GET /task/{id}` go straight to the documents of their group.
import { randomUUID } from 'node:crypto';

export const MINUTE_MS = 60_000;
export const HOUR_MS = 3_600_000;
/** Records one group holds at most (the index is 16 bits). */
export const GROUP_MAX_RECORDS = 0xffff;
/** Tasks one group holds at most (the index is 12 bits). */
export const GROUP_MAX_TASKS = 0xfff;

export enum StoreKind {
  /** Accepted commit groups, content sealed, by the minute they were opened. */
  Groups = 'groups',
  /** Records that failed processing, sealed, one document per group, by the group's hour. */
  Failed = 'failed',
  /** Processed chunks written while the hour is busy: small, merged soon into `chunks`. */
  Heads = 'heads',
  /** Processed chunks, compressed, by the hour they were written. */
  Chunks = 'chunks',
  /** One small summary per chunk: time ranges and counts. What reads choose chunks by. */
  Catalog = 'catalog',
  /** Per chunk, its bloom filter and the groups it holds. */
  ChunkKeys = 'chunk_keys',
  /** One document per finished group: each task's result, failures, the chunks it went to. */
  Results = 'results',
}

/** Kinds named by the minute rather than the hour. */
const BY_MINUTE = new Set<StoreKind>([StoreKind.Groups]);

/** `2026112917`: the UTC hour a time falls in. */
export function hourKey(time: Date): string {
  return time.toISOString().slice(0, 13).replace(/[-T]/g, '');
}

/** `202611291742`: the UTC minute a time falls in. */
export function minuteKey(time: Date): string {
  return time.toISOString().slice(0, 16).replace(/[-T:]/g, '');
}

/** The hour key of a minute key. */
export const minuteHour = (minute: string): string => minute.slice(0, 10);

/** The start of an hour or minute key. */
export function keyStart(key: string): Date {
  const minutes = key.length === 12 ? key.slice(10, 12) : '00';
  return new Date(`${key.slice(0, 4)}-${key.slice(4, 6)}-${key.slice(6, 8)}T${key.slice(8, 10)}:${minutes}:00.000Z`);
}

export const collectionName = (kind: StoreKind, key: string): string => `${kind}_${key}`;

/** The key of a collection name of this kind, or undefined. */
export function keyOfCollection(kind: StoreKind, name: string): string | undefined {
  const digits = BY_MINUTE.has(kind) ? 12 : 10;
  const match = new RegExp(`^${kind}_(\\d{${digits}})$`).exec(name);
  return match?.[1];
}

/** A commit group: its key and the moment it was opened. */
export interface GroupRef {
  key: string;
  openedAt: Date;
}

/**
 * Up to 12 random hex digits. A UUIDv4's first 12 hex digits are all random, and Node draws
 * them from an entropy cache: a call into the system's generator per id was a visible share
 * of accepting a single-record request.
 */
const randomHex = (digits: number): string => randomUUID().replace('-', '').slice(0, digits);

/** A new group opened now. */
export function newGroup(now = new Date()): GroupRef {
  const seconds = Math.floor(now.getTime() / 1000);
  return { key: seconds.toString(16).padStart(8, '0') + randomHex(12), openedAt: now };
}

const GROUP_KEY = /^[0-9a-f]{20}$/;
export const isGroupKey = (key: string): boolean => GROUP_KEY.test(key);

/** The second a group was opened: it names the group's minute and hour. */
export const groupTime = (key: string): Date => new Date(parseInt(key.slice(0, 8), 16) * 1000);
export const groupMinute = (key: string): string => minuteKey(groupTime(key));
export const groupHour = (key: string): string => hourKey(groupTime(key));

/** The BullMQ job id of a group (BullMQ refuses ids that are whole numbers). */
export const jobIdOf = (groupKey: string): string => `g${groupKey}`;
export const groupOfJobId = (jobId: string): string | undefined => (jobId.startsWith('g') && isGroupKey(jobId.slice(1)) ? jobId.slice(1) : undefined);

export function logIdOf(groupKey: string, index: number): string {
  if (!Number.isInteger(index) || index < 0 || index > GROUP_MAX_RECORDS) throw new RangeError(`record index ${index} is outside a group`);
  return groupKey + index.toString(16).padStart(4, '0');
}

const LOG_ID = /^[0-9a-f]{24}$/;

/** The group and index a log id names, or undefined for an id this store did not make. */
export function parseLogId(id: string): { group: string; index: number } | undefined {
  if (!LOG_ID.test(id)) return undefined;
  return { group: id.slice(0, 20), index: parseInt(id.slice(20), 16) };
}

export const isLogId = (id: string): boolean => parseLogId(id) !== undefined;

/** A UUIDv7 (RFC 9562) for the task at `index` in the group. */
export function taskIdOf(group: GroupRef, index: number): string {
  if (!Number.isInteger(index) || index < 0 || index > GROUP_MAX_TASKS) throw new RangeError(`task index ${index} is outside a group`);
  const bytes = Buffer.alloc(16);
  bytes.writeUIntBE(group.openedAt.getTime(), 0, 6);
  bytes[6] = 0x70 | (index >> 8);
  bytes[7] = index & 0xff;
  bytes.write(randomHex(4), 8, 'hex');
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  Buffer.from(group.key.slice(8), 'hex').copy(bytes, 10);
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

const UUID_V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;

/** The group and index a task id names, or undefined for one that is not a UUIDv7. */
export function parseTaskId(id: string): { group: string; index: number } | undefined {
  if (!UUID_V7.test(id)) return undefined;
  const hex = id.replace(/-/g, '').toLowerCase();
  const seconds = Math.floor(parseInt(hex.slice(0, 12), 16) / 1000);
  if (seconds > 0xffffffff) return undefined;
  return { group: seconds.toString(16).padStart(8, '0') + hex.slice(20), index: parseInt(hex.slice(13, 16), 16) };
}

export const isTaskId = (id: string): boolean => parseTaskId(id) !== undefined;
