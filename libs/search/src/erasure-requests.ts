// The erasures collection: one document per erasure, its progress and counts by kind. Its
// filter is kept twice: for display (services, attribute paths, times; never a value: a user id
// is what is being erased) and sealed whole, so the worker can open it and match records that
// are still sealed (accepted or failed) on their raw values.
import { Injectable } from '@nestjs/common';
import { InjectConnection } from '@nestjs/mongoose';
import { loadEnv } from '@app/config';
import { ContentSealer, type SealedContent } from '@app/sealing';
import type { Connection } from 'mongoose';
import { QueryStatus, type AttributeFilter, type LogQuery } from './log-query';

export type ErasureStatus = 'RUNNING' | 'SUCCESS' | 'FAILURE';

export interface ErasureCounts {
  /** Processed records erased from chunks. */
  processed: number;
  /** Accepted records dropped by a worker before they were stored. */
  pending: number;
  /** Failed (sealed) records erased. */
  failed: number;
}

export interface ErasureDoc {
  _id: string;
  status: ErasureStatus;
  filter: { services: string[]; attribute_paths: string[]; from?: string; to?: string };
  sealedQuery: SealedContent;
  counts: ErasureCounts;
  /** Set once the worker has gone through the failed records. */
  failedDone?: boolean;
  failureReason?: string;
  createdAt: Date;
  finishedAt?: Date;
}

/** A running erasure as the worker applies it: records accepted before `createdAt` that match `query` are dropped. */
export interface ActiveErasure {
  id: string;
  createdAt: Date;
  query: LogQuery;
}

interface SealedQuery {
  services: string[];
  attributes: AttributeFilter[];
  from?: string;
  to?: string;
}

const ACTIVE_CACHE_MS = 1000;

@Injectable()
export class ErasureRequests {
  private readonly sealer = new ContentSealer(loadEnv().SEAL_KEY!);
  private active?: { at: number; erasures: Promise<ActiveErasure[]> };

  constructor(@InjectConnection() private readonly connection: Connection) {}

  async create(id: string, query: LogQuery): Promise<ErasureDoc> {
    const doc: ErasureDoc = {
      _id: id,
      status: 'RUNNING',
      filter: {
        services: query.services,
        attribute_paths: query.attributes.map((a) => a.path.join('.')),
        ...(query.from ? { from: query.from.toISOString() } : {}),
        ...(query.to ? { to: query.to.toISOString() } : {}),
      },
      sealedQuery: this.sealer.seal(
        { services: query.services, attributes: query.attributes, ...(query.from ? { from: query.from.toISOString() } : {}), ...(query.to ? { to: query.to.toISOString() } : {}) } satisfies SealedQuery,
        id,
      ),
      counts: { processed: 0, pending: 0, failed: 0 },
      createdAt: new Date(),
    };
    await this.erasures().insertOne(doc);
    this.active = undefined;
    return doc;
  }

  find(id: string): Promise<ErasureDoc | null> {
    return this.erasures().findOne({ _id: id });
  }

  /** The query an erasure matches by, opened. */
  queryOf(doc: ErasureDoc): LogQuery {
    const sealed = this.sealer.open<SealedQuery>(doc.sealedQuery, doc._id);
    return {
      services: sealed.services,
      attributes: sealed.attributes,
      levels: [],
      status: QueryStatus.Processed,
      limit: 0,
      ...(sealed.from ? { from: new Date(sealed.from) } : {}),
      ...(sealed.to ? { to: new Date(sealed.to) } : {}),
    };
  }

  /** Running erasures, opened; re-read at most once a second. */
  running(now = Date.now()): Promise<ActiveErasure[]> {
    if (!this.active || now - this.active.at > ACTIVE_CACHE_MS) {
      const erasures = this.erasures()
        .find({ status: 'RUNNING' })
        .toArray()
        .then((docs) => docs.map((doc) => ({ id: doc._id, createdAt: doc.createdAt, query: this.queryOf(doc) })));
      this.active = { at: now, erasures };
      erasures.catch(() => (this.active = undefined));
    }
    return this.active.erasures;
  }

  /** Adds to one kind's count. */
  async count(id: string, kind: keyof ErasureCounts, by: number): Promise<void> {
    if (by > 0) await this.erasures().updateOne({ _id: id }, { $inc: { [`counts.${kind}`]: by } });
  }

  async markFailedDone(id: string): Promise<void> {
    await this.erasures().updateOne({ _id: id }, { $set: { failedDone: true } });
  }

  async finish(id: string, status: 'SUCCESS' | 'FAILURE', failureReason?: string): Promise<void> {
    await this.erasures().updateOne({ _id: id }, { $set: { status, finishedAt: new Date(), ...(failureReason ? { failureReason } : {}) } });
    this.active = undefined;
  }

  private erasures() {
    return this.connection.db!.collection<ErasureDoc>('erasures');
  }
}
