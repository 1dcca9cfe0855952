// The only code that writes chunks. A chunk is three documents in the collections of the
// hour it is written in: its data (`heads_<hour>` while small and recent, `chunks_<hour>` once
// merged), its keys (`chunk_keys_<hour>`: bloom and groups) and its catalog entry
// (`catalog_<hour>`), written in that order, so an entry always has its data. A rewrite
// (compaction, erasure, retention) writes the new chunk naming the ones it `replaces`, then
// deletes those: a reader that sees both trusts the new one.
// Every change to an hour no longer being written raises that hour's version (one small
// document, HOUR_VERSIONS), so processes keep older hours' catalogs until one changes.
import { Injectable } from '@nestjs/common';
import { mongo, Types } from 'mongoose';
import { decodeRecords, encodeRecords, summariseChunk, type ChunkEntry, type ChunkKeys, type ChunkTier } from './chunk';
import type { StoredLogRecord } from './log-record.types';
import { fromPairDocs, toPairDocs, type PairDoc } from './pairs';
import { hourKey, StoreKind } from './placement';
import { StoreCollections } from './store-collections';

interface DataDoc {
  _id: string;
  data: mongo.Binary;
}

interface KeysDoc {
  _id: string;
  bloom?: mongo.Binary;
  hashes?: number;
  groups: string[];
}

type EntryDoc = Omit<ChunkEntry, 'id' | 'hour' | 'levels' | 'services' | 'rules' | 'minutes'> & {
  _id: string;
  levels: Array<PairDoc<string, number>>;
  services: Array<PairDoc<string, number>>;
  rules: Array<PairDoc<string, number>>;
  minutes: Array<{ m: number; l: string; n: number }>;
};

const toEntryDoc = ({ id, hour: _hour, levels, services, rules, minutes, ...rest }: ChunkEntry): EntryDoc => ({
  _id: id,
  ...rest,
  levels: toPairDocs(levels),
  services: toPairDocs(services),
  rules: toPairDocs(rules),
  minutes: minutes.map(([m, l, n]) => ({ m, l, n })),
});

const fromEntryDoc = (hour: string, { _id, levels, services, rules, minutes, ...rest }: EntryDoc): ChunkEntry => ({
  id: _id,
  hour,
  ...rest,
  levels: fromPairDocs(levels),
  services: fromPairDocs(services),
  rules: fromPairDocs(rules),
  minutes: minutes.map(({ m, l, n }) => [m, l, n]),
});

/** The collection of the one document that holds every hour's version. */
const HOUR_VERSIONS = 'hour_versions';
const VERSIONS_ID = 'hours';

interface VersionsDoc {
  _id: string;
  v?: Record<string, number>;
}

const tierKind = (tier: ChunkTier) => (tier === 'heads' ? StoreKind.Heads : StoreKind.Chunks);

@Injectable()
export class ChunkStore {
  constructor(private readonly collections: StoreCollections) {}

  /** Writes a chunk of these records (in the current hour unless told) and resolves to its entry once durable. */
  async write(records: readonly StoredLogRecord[], { tier, hour = hourKey(new Date()), replaces }: { tier: ChunkTier; hour?: string; replaces?: string[] }): Promise<ChunkEntry> {
    const id = new Types.ObjectId().toHexString();
    const data = encodeRecords(records);
    const { entry, keys } = summariseChunk(records, { id, hour, tier, bytes: data.length, writtenAt: new Date(), replaces });
    await this.collections.collection<DataDoc>(tierKind(tier), hour).insertOne({ _id: id, data: new mongo.Binary(data) });
    await this.collections.collection<KeysDoc>(StoreKind.ChunkKeys, hour).insertOne({
      _id: id,
      groups: keys.groups,
      ...(keys.bloom ? { bloom: new mongo.Binary(keys.bloom.bits), hashes: keys.bloom.hashes } : {}),
    });
    await this.collections.collection<EntryDoc>(StoreKind.Catalog, hour).insertOne(toEntryDoc(entry));
    for (const kind of [tierKind(tier), StoreKind.ChunkKeys, StoreKind.Catalog]) this.collections.noteWritten(kind, hour);
    await this.changed([hour]);
    return entry;
  }

  /** A chunk's records; null when the chunk is gone (rewritten or dropped since its entry was read). */
  async read(entry: Pick<ChunkEntry, 'id' | 'hour' | 'tier'>): Promise<StoredLogRecord[] | null> {
    const data = await this.readData(entry);
    return data ? decodeRecords(data) : null;
  }

  /** A chunk's data as stored (compressed); null when the chunk is gone. */
  async readData(entry: Pick<ChunkEntry, 'id' | 'hour' | 'tier'>): Promise<Buffer | null> {
    const doc = await this.collections.collection<DataDoc>(tierKind(entry.tier), entry.hour).findOne({ _id: entry.id });
    return doc ? Buffer.from(doc.data.buffer) : null;
  }

  /** An hour's live catalog entries: those no other entry replaces. */
  async catalog(hour: string): Promise<ChunkEntry[]> {
    return (await this.entries(hour)).live;
  }

  /** An hour's entries in one read: live, and dead (replaced by another, left by a rewrite that stopped before deleting them). */
  async entries(hour: string): Promise<{ live: ChunkEntry[]; dead: ChunkEntry[] }> {
    const docs = await this.collections.collection<EntryDoc>(StoreKind.Catalog, hour).find({}).toArray();
    const replaced = new Set(docs.flatMap((doc) => doc.replaces ?? []));
    const live: ChunkEntry[] = [];
    const dead: ChunkEntry[] = [];
    for (const doc of docs) (replaced.has(doc._id) ? dead : live).push(fromEntryDoc(hour, doc));
    return { live, dead };
  }

  /** The keys of chunks of one hour: one read of the hour when many are wanted, else one lookup each. */
  async keys(hour: string, ids: readonly string[]): Promise<Map<string, ChunkKeys>> {
    const collection = this.collections.collection<KeysDoc>(StoreKind.ChunkKeys, hour);
    const docs = ids.length > 8 ? await collection.find({}).toArray() : (await Promise.all(ids.map((id) => collection.findOne({ _id: id })))).filter((d): d is mongo.WithId<KeysDoc> => d !== null);
    const wanted = new Set(ids);
    const found = new Map<string, ChunkKeys>();
    for (const doc of docs) {
      if (!wanted.has(doc._id)) continue;
      found.set(doc._id, { id: doc._id, groups: doc.groups, ...(doc.bloom && doc.hashes ? { bloom: { bits: Buffer.from(doc.bloom.buffer), hashes: doc.hashes } } : {}) });
    }
    return found;
  }

  /** Deletes chunks: entries first (readers stop choosing them), then keys and data. One `_id` each: FerretDB scans for `$in`. */
  async remove(entries: readonly Pick<ChunkEntry, 'id' | 'hour' | 'tier'>[]): Promise<void> {
    for (const { id, hour } of entries) await this.collections.collection<EntryDoc>(StoreKind.Catalog, hour).deleteOne({ _id: id });
    for (const { id, hour, tier } of entries) {
      await this.collections.collection<KeysDoc>(StoreKind.ChunkKeys, hour).deleteOne({ _id: id });
      await this.collections.collection<DataDoc>(tierKind(tier), hour).deleteOne({ _id: id });
    }
    await this.changed(entries.map((entry) => entry.hour));
  }

  /** Hours that hold chunks, oldest first. */
  hours({ fresh = false } = {}): Promise<string[]> {
    return this.collections.keys(StoreKind.Catalog, { fresh });
  }

  async dropHour(hour: string): Promise<void> {
    for (const kind of [StoreKind.Catalog, StoreKind.ChunkKeys, StoreKind.Heads, StoreKind.Chunks]) await this.collections.drop(kind, hour);
    await this.versions.updateOne({ _id: VERSIONS_ID }, { $unset: { [`v.${hour}`]: '' } });
  }

  /** Each hour's version: it changes whenever the hour's chunks do, once the hour is no longer current. */
  async hourVersions(): Promise<Map<string, number>> {
    const doc = await this.versions.findOne({ _id: VERSIONS_ID });
    return new Map(Object.entries(doc?.v ?? {}));
  }

  /** Raises the versions of these hours, except the current one (every reader re-reads it anyway). */
  private async changed(hours: readonly string[]): Promise<void> {
    const current = hourKey(new Date());
    const older = [...new Set(hours)].filter((hour) => hour < current);
    if (older.length === 0) return;
    await this.versions.updateOne({ _id: VERSIONS_ID }, { $inc: Object.fromEntries(older.map((hour) => [`v.${hour}`, 1])) }, { upsert: true });
  }

  private get versions() {
    return this.collections.db.collection<VersionsDoc>(HOUR_VERSIONS);
  }
}
