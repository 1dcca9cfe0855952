// A chunk: processed (redacted) records stored together, compressed, in one document, with a
// small summary in the catalog (time ranges, counts by level, service, rule and minute) and a
// bloom filter of its message trigrams and attribute pairs. Reads choose chunks by summary and
// bloom, then decode and filter in process: on FerretDB a read costs what the documents it
// touches weigh, so a few large documents beat many small ones.
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { BloomFilter } from './bloom-filter';
import { LogStatus } from './log-record.schema';
import type { StoredLogRecord } from './log-record.types';
import { parseLogId } from './placement';

/** Where a chunk's data lives: small recent ones in `heads`, merged ones in `chunks`. */
export type ChunkTier = 'heads' | 'chunks';

/** A chunk's catalog entry: what a read needs to decide whether to open it. */
export interface ChunkEntry {
  id: string;
  /** The hour of its collections (when it was written, never when its records happened). */
  hour: string;
  tier: ChunkTier;
  count: number;
  /** Compressed size. */
  bytes: number;
  minTs: Date;
  maxTs: Date;
  minProcessedAt: Date;
  maxProcessedAt: Date;
  writtenAt: Date;
  /** [level ('' for none), count]; pairs rather than objects: a level is a client's word, never a field name. */
  levels: Array<[string, number]>;
  services: Array<[string, number]>;
  rules: Array<[string, number]>;
  /** [epoch minute, level, count]: /stats sums these for chunks wholly inside its range. */
  minutes: Array<[number, string, number]>;
  /** Chunks this one was rewritten from (compaction, erasure): they are dead once it exists. */
  replaces?: string[];
}

/** What a chunk holds beyond its summary: its bloom filter and the groups its records came from. */
export interface ChunkKeys {
  id: string;
  bloom?: { bits: Buffer; hashes: number };
  groups: string[];
}

const COMPRESSION_LEVEL = 1;
/** Trigrams and pairs a chunk's bloom holds at most; past it the chunk has none and is always read. */
const BLOOM_MAX_BYTES = 128 * 1024;
/** Attribute values longer than this are not in the bloom: a filter on one reads every chunk. */
export const BLOOM_MAX_VALUE_LENGTH = 256;
const BLOOM_MAX_DEPTH = 8;

type Row = Omit<StoredLogRecord, 'receivedAt' | 'timestamp' | 'processedAt' | 'status'> & { receivedAt: number; timestamp: number; processedAt: number };

/** One record a line: a read that filters tests each line before parsing it (see LineFilter). */
export function encodeRecords(records: readonly StoredLogRecord[]): Buffer {
  const lines = records.map(({ status: _status, receivedAt, timestamp, processedAt, ...rest }) =>
    JSON.stringify({ ...rest, receivedAt: receivedAt.getTime(), timestamp: timestamp.getTime(), processedAt: (processedAt ?? receivedAt).getTime() } satisfies Row),
  );
  return deflateRawSync(Buffer.from(lines.join('\n')), { level: COMPRESSION_LEVEL });
}

/** A chunk's records as text, one JSON line each (or, as chunks were first written, one JSON array). */
export function inflateChunk(data: Buffer | Uint8Array): string {
  return inflateRawSync(data).toString('utf8');
}

/**
 * Whether a record's encoded line may match a read: false only when its record cannot. Tested
 * before the line is parsed, which costs most of a decode (a search that needs a few records of
 * a chunk should not parse two thousand).
 */
export type LineFilter = (line: string) => boolean;

/** The records of a chunk's text; with `keep`, only those whose line it keeps. */
export function recordsOfText(text: string, keep?: LineFilter): StoredLogRecord[] {
  // Chunks written as one JSON array are parsed whole: their records have no lines of their own.
  const rows: Array<Record<string, unknown>> = text.startsWith('[') ? JSON.parse(text) : text.split('\n').flatMap((line) => (line === '' || (keep && !keep(line)) ? [] : [JSON.parse(line)]));
  // In place: a copy of each row cost twice the parse (a search may decode dozens of chunks).
  for (const row of rows) {
    row.status = LogStatus.Processed;
    row.receivedAt = new Date(row.receivedAt as number);
    row.timestamp = new Date(row.timestamp as number);
    row.processedAt = new Date(row.processedAt as number);
  }
  return rows as unknown as StoredLogRecord[];
}

export function decodeRecords(data: Buffer | Uint8Array, keep?: LineFilter): StoredLogRecord[] {
  return recordsOfText(inflateChunk(data), keep);
}

/** The three-character pieces of a lowercased text: a substring of three or more is in a text only if all its trigrams are. */
export function trigrams(text: string): string[] {
  const lower = text.toLowerCase();
  const out: string[] = [];
  for (let i = 0; i + 3 <= lower.length; i++) out.push(lower.slice(i, i + 3));
  return out;
}

/** A bloom item for an attribute path and one value as text. */
export const attributeItem = (path: readonly string[], value: string): string => `a${path.join('\u0001')}=${value}`;
export const trigramItem = (trigram: string): string => `t${trigram}`;

/** The items a record puts in its chunk's bloom: message trigrams, and path=value for attribute leaves reached through objects. */
export function bloomItems(record: StoredLogRecord, into: Set<string>): void {
  const message = record.content?.message;
  if (typeof message === 'string') for (const trigram of trigrams(message)) into.add(trigramItem(trigram));
  const walk = (node: unknown, path: string[]) => {
    if (path.length > BLOOM_MAX_DEPTH) return;
    if (Array.isArray(node)) {
      for (const item of node) if (item === null || typeof item !== 'object') leaf(item, path);
      return;
    }
    if (node !== null && typeof node === 'object') {
      for (const [key, value] of Object.entries(node)) walk(value, [...path, key]);
      return;
    }
    leaf(node, path);
  };
  const leaf = (value: unknown, path: string[]) => {
    const text = String(value);
    if (path.length > 0 && text.length <= BLOOM_MAX_VALUE_LENGTH) into.add(attributeItem(path, text));
  };
  walk(record.content?.attributes, []);
}

const increment = (counts: Map<string, number>, key: string, by = 1) => counts.set(key, (counts.get(key) ?? 0) + by);

/** The catalog entry and keys of a chunk of these records. */
export function summariseChunk(records: readonly StoredLogRecord[], meta: { id: string; hour: string; tier: ChunkTier; bytes: number; writtenAt: Date; replaces?: string[] }): { entry: ChunkEntry; keys: ChunkKeys } {
  const levels = new Map<string, number>();
  const services = new Map<string, number>();
  const rules = new Map<string, number>();
  const minutes = new Map<string, number>();
  const groups = new Set<string>();
  const items = new Set<string>();
  let minTs = Infinity;
  let maxTs = -Infinity;
  let minProcessed = Infinity;
  let maxProcessed = -Infinity;
  for (const record of records) {
    const ts = record.timestamp.getTime();
    const processed = (record.processedAt ?? record.receivedAt).getTime();
    minTs = Math.min(minTs, ts);
    maxTs = Math.max(maxTs, ts);
    minProcessed = Math.min(minProcessed, processed);
    maxProcessed = Math.max(maxProcessed, processed);
    const level = record.level ?? '';
    increment(levels, level);
    if (record.service !== undefined) increment(services, record.service);
    for (const finding of record.findings ?? []) increment(rules, finding.rule, finding.count);
    increment(minutes, `${Math.floor(ts / 60_000)}\u0000${level}`);
    const group = parseLogId(record.id)?.group;
    if (group) groups.add(group);
    bloomItems(record, items);
  }
  const bloom = BloomFilter.of(items, 0.01, BLOOM_MAX_BYTES);
  const entry: ChunkEntry = {
    id: meta.id,
    hour: meta.hour,
    tier: meta.tier,
    count: records.length,
    bytes: meta.bytes,
    minTs: new Date(minTs),
    maxTs: new Date(maxTs),
    minProcessedAt: new Date(minProcessed),
    maxProcessedAt: new Date(maxProcessed),
    writtenAt: meta.writtenAt,
    levels: [...levels],
    services: [...services],
    rules: [...rules],
    minutes: [...minutes].map(([key, count]) => {
      const [minute, level] = key.split('\u0000');
      return [Number(minute), level, count];
    }),
    ...(meta.replaces?.length ? { replaces: meta.replaces } : {}),
  };
  return { entry, keys: { id: meta.id, ...(bloom ? { bloom: { bits: bloom.bits, hashes: bloom.hashes } } : {}), groups: [...groups] } };
}

/** Whether a chunk's bloom may hold every item of each list (each list: one of its items suffices). */
export function bloomMayMatch(keys: ChunkKeys | undefined, required: ReadonlyArray<readonly string[]>): boolean {
  if (!keys?.bloom || required.length === 0) return true;
  const filter = BloomFilter.from(keys.bloom.bits, keys.bloom.hashes);
  return required.every((alternatives) => alternatives.some((item) => filter.mightHave(item)));
}
