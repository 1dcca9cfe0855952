// The collections of the store, as driver collections, by kind and minute or hour key
// (placement.ts). Collections are made by their first insert; only `_id` is indexed: every
// lookup here is by `_id`, and reads choose documents by the catalog, not by filters.
import { Injectable } from '@nestjs/common';
import { InjectConnection } from '@nestjs/mongoose';
import type { Connection, mongo } from 'mongoose';
import { collectionName, keyOfCollection, StoreKind } from './placement';

/** A listing of existing collections is reused this long; callers add the keys they must always see. */
const LISTING_TTL_MS = 5_000;

@Injectable()
export class StoreCollections {
  private listing?: { names: string[]; at: number };
  private listingRead?: Promise<string[]>;

  constructor(@InjectConnection() private readonly connection: Connection) {}

  get db(): mongo.Db {
    return this.connection.db!;
  }

  collection<T extends mongo.Document = mongo.Document>(kind: StoreKind, key: string): mongo.Collection<T> {
    return this.db.collection<T>(collectionName(kind, key));
  }

  /** Keys of a kind that exist, oldest first; from a listing at most LISTING_TTL_MS old unless `fresh`. */
  async keys(kind: StoreKind, { fresh = false } = {}): Promise<string[]> {
    const names = await this.names(fresh);
    return names
      .map((name) => keyOfCollection(kind, name))
      .filter((key): key is string => key !== undefined)
      .sort();
  }

  /** Notes a collection this process just wrote, so its own reads see it before the next listing. */
  noteWritten(kind: StoreKind, key: string): void {
    const name = collectionName(kind, key);
    if (this.listing && !this.listing.names.includes(name)) this.listing.names.push(name);
  }

  /**
   * How many documents a collection holds, from its metadata (`collStats`): no document is read.
   * A hint, not a count to trust (MongoDB's may be off after an unclean shutdown); undefined
   * when the server cannot tell.
   */
  async countHint(kind: StoreKind, key: string): Promise<number | undefined> {
    const stats = await this.db.command({ collStats: collectionName(kind, key) }).catch(() => undefined);
    return typeof stats?.count === 'number' ? stats.count : undefined;
  }

  async drop(kind: StoreKind, key: string): Promise<void> {
    const name = collectionName(kind, key);
    await this.db.dropCollection(name).catch(() => undefined);
    if (this.listing) this.listing.names = this.listing.names.filter((n) => n !== name);
  }

  private async names(fresh: boolean): Promise<string[]> {
    if (!fresh && this.listing && Date.now() - this.listing.at < LISTING_TTL_MS) return this.listing.names;
    // Concurrent readers share one listing.
    this.listingRead ??= this.db
      .listCollections({}, { nameOnly: true })
      .toArray()
      .then((collections) => {
        this.listing = { names: collections.map((c) => c.name), at: Date.now() };
        return this.listing.names;
      })
      .finally(() => (this.listingRead = undefined));
    return this.listingRead;
  }
}
