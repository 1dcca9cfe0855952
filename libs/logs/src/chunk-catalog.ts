// What a process knows of the chunks, held in memory so a read costs what it returns: each
// hour's catalog entries, chunk keys and recently read chunks. Chunks never change once
// written (a rewrite makes new ones), so keys and chunks are cached by id for good;
// entries are re-read for the two newest hours on every use (they are being written) and
// kept for older hours until the hour's version changes (ChunkStore raises it on every
// rewrite, in any process; versions are read at most once a VERSION_CHECK_MS), a chunk is
// found gone, or `invalidate` is called.
import { Injectable } from '@nestjs/common';
import { inflateChunk, recordsOfText, type ChunkEntry, type ChunkKeys, type LineFilter } from './chunk';
import { ChunkStore } from './chunk.store';
import type { StoredLogRecord } from './log-record.types';
import { HOUR_MS, hourKey } from './placement';

/** How old the hours' versions a read trusts may be: an older hour's rewrite reaches readers this late at most. */
const VERSION_CHECK_MS = 1_000;
/** Older hours' entries are re-read after this long even when their version holds. */
const OLD_HOUR_TTL_MS = 15 * 60_000;
/**
 * Chunks kept in three forms, each by its own budget: decoded (for reads without content
 * filters), as text (filtered reads parse only the lines they need) and as stored (a filtered
 * read's text, or a decode, without a trip to the store). Measured for a chunk of 2,000
 * records: 29 KB stored, 0.96 MB of text, 1.8 MB of heap decoded (64 times its stored size).
 */
const DECODED_CACHE_BYTES = 128 * 1024 * 1024;
const DECODED_RATIO = 64;
const TEXT_CACHE_BYTES = 96 * 1024 * 1024;
const STORED_CACHE_BYTES = 32 * 1024 * 1024;
/** Chunk keys kept, by bloom bytes (a bloom is up to 128 KiB: a count of entries would not bound memory). */
const KEYS_CACHE_BYTES = 64 * 1024 * 1024;

/** A small least-recently-used map bounded by a weight. */
class WeightedLru<V> {
  private readonly items = new Map<string, { value: V; weight: number }>();
  private total = 0;

  constructor(private readonly maxWeight: number) {}

  get(key: string): V | undefined {
    const item = this.items.get(key);
    if (!item) return undefined;
    this.items.delete(key);
    this.items.set(key, item);
    return item.value;
  }

  set(key: string, value: V, weight: number): void {
    this.delete(key);
    this.items.set(key, { value, weight });
    this.total += weight;
    for (const [oldest, item] of this.items) {
      if (this.total <= this.maxWeight) break;
      this.items.delete(oldest);
      this.total -= item.weight;
    }
  }

  delete(key: string): void {
    const item = this.items.get(key);
    if (!item) return;
    this.items.delete(key);
    this.total -= item.weight;
  }
}

@Injectable()
export class ChunkCatalog {
  private readonly hours = new Map<string, { entries: Promise<ChunkEntry[]>; at: number; version: number }>();
  private versions?: { read: Promise<Map<string, number>>; at: number };
  private readonly keyCache = new WeightedLru<ChunkKeys>(KEYS_CACHE_BYTES);
  private readonly decoded = new WeightedLru<StoredLogRecord[]>(DECODED_CACHE_BYTES);
  private readonly texts = new WeightedLru<string>(TEXT_CACHE_BYTES);
  private readonly stored = new WeightedLru<Buffer>(STORED_CACHE_BYTES);

  constructor(private readonly store: ChunkStore) {}

  /** Hours holding chunks from `from` to `to` (keys, both included), newest first; the two newest hours always. */
  async hoursBetween(from: string, to: string, now = new Date()): Promise<string[]> {
    const recent = [hourKey(now), hourKey(new Date(now.getTime() - HOUR_MS))];
    const all = new Set([...(await this.store.hours()), ...recent]);
    return [...all].filter((hour) => hour >= from && hour <= to).sort().reverse();
  }

  /** An hour's live entries. */
  async entries(hour: string, now = new Date()): Promise<ChunkEntry[]> {
    const recent = hour >= hourKey(new Date(now.getTime() - HOUR_MS));
    // The version is read before the entries: a change after it raises the version, and the next read re-reads.
    const version = recent ? 0 : ((await this.hourVersions(now)).get(hour) ?? 0);
    const cached = this.hours.get(hour);
    if (!recent && cached && cached.version === version && now.getTime() - cached.at < OLD_HOUR_TTL_MS) return cached.entries;
    const entries = this.store.catalog(hour);
    this.hours.set(hour, { entries, at: now.getTime(), version });
    entries.catch(() => this.hours.delete(hour));
    return entries;
  }

  /** The live entries of each of these hours, read `inParallel` hours at a time: a range of days read cold costs its slowest hours rather than their sum. */
  async entriesOf(hours: readonly string[], inParallel: number): Promise<ChunkEntry[][]> {
    const out: ChunkEntry[][] = [];
    for (let i = 0; i < hours.length; i += inParallel) out.push(...(await Promise.all(hours.slice(i, i + inParallel).map((hour) => this.entries(hour)))));
    return out;
  }

  /** Reads the catalogs of the hours since `since`, a few at a time, so the first searches after a start find them in memory. */
  async warm(since: Date, inParallel = 4): Promise<void> {
    await this.entriesOf((await this.hoursBetween(hourKey(since), hourKey(new Date()))).reverse(), inParallel);
  }

  private hourVersions(now: Date): Promise<Map<string, number>> {
    if (!this.versions || now.getTime() - this.versions.at >= VERSION_CHECK_MS) {
      const read = this.store.hourVersions();
      this.versions = { read, at: now.getTime() };
      read.catch(() => (this.versions = undefined));
    }
    return this.versions.read;
  }

  /** Forgets an hour's entries: the next read goes to the store. */
  invalidate(hour: string): void {
    this.hours.delete(hour);
  }

  /** The keys of these entries (all of one hour or several). */
  async keys(entries: readonly ChunkEntry[]): Promise<Map<string, ChunkKeys>> {
    const found = new Map<string, ChunkKeys>();
    const missing = new Map<string, string[]>();
    for (const entry of entries) {
      const cached = this.keyCache.get(entry.id);
      if (cached) found.set(entry.id, cached);
      else missing.set(entry.hour, [...(missing.get(entry.hour) ?? []), entry.id]);
    }
    for (const [hour, ids] of missing) {
      for (const [id, keys] of await this.store.keys(hour, ids)) {
        this.keyCache.set(id, keys, 256 + (keys.bloom?.bits.length ?? 0));
        found.set(id, keys);
      }
    }
    return found;
  }

  /**
   * A chunk's records, or null when it is gone (the hour's entries are then forgotten, to be
   * re-read). With `keep`, a chunk not already decoded is read as text and only the lines `keep`
   * passes are parsed: the answer may then hold fewer records, never fewer matches.
   */
  async records(entry: ChunkEntry, keep?: LineFilter): Promise<StoredLogRecord[] | null> {
    const cached = this.decoded.get(entry.id);
    if (cached) return cached;
    if (keep) {
      let text = this.texts.get(entry.id);
      if (text === undefined) {
        const data = await this.data(entry);
        if (!data) return this.gone(entry);
        text = inflateChunk(data);
        // A V8 string of Latin-1 text takes a byte a character (two beyond it).
        this.texts.set(entry.id, text, text.length);
      }
      return recordsOfText(text, keep);
    }
    const data = await this.data(entry);
    if (!data) return this.gone(entry);
    const records = recordsOfText(inflateChunk(data));
    this.decoded.set(entry.id, records, entry.bytes * DECODED_RATIO);
    return records;
  }

  private async data(entry: ChunkEntry): Promise<Buffer | null> {
    const cached = this.stored.get(entry.id);
    if (cached) return cached;
    const data = await this.store.readData(entry);
    if (data) this.stored.set(entry.id, data, data.length);
    return data;
  }

  private gone(entry: ChunkEntry): null {
    this.invalidate(entry.hour);
    return null;
  }
}
