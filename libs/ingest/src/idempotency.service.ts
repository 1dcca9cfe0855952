// Idempotency-Key: a retry with the same key within 24 hours gets the first response and
// stores nothing new. The key is reserved before anything is stored, so two concurrent
// requests with one key never both store; a request that fails releases its key.
//
// A key belongs to the API key that sent it (one client cannot claim another's keys) and to
// the request it came with: reused with a different body it gets 422, never the first
// response, since that would answer for logs that were never stored.
import { Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import { isDuplicateKey } from '@app/logs';
import { createHash } from 'node:crypto';
import { IdempotencyKeyDoc } from './idempotency.schema';
import { IngestError } from './ingest-error';

export const IDEMPOTENCY_WINDOW_MS = 24 * 3600 * 1000;
/** A reservation older than this belongs to a request that died midway; a retry may take it over. */
const ABANDONED_AFTER_MS = 60 * 1000;
const SWEEP_INTERVAL_MS = 3600 * 1000;

export type IdempotencyStart = { replay: { status: number; body: unknown } } | { reserved: string };

export class IdempotencyConflictError extends Error {
  constructor() {
    super('A request with this Idempotency-Key is still being processed; retry shortly');
  }
}

export class IdempotencyMismatchError extends Error {
  constructor() {
    super('This Idempotency-Key was used with a different request body in the last 24 hours; use a new key for a new request');
  }
}

/** Who sent a request and what it was: the key is only the client's name for it. */
export interface IdempotentRequest {
  /** The endpoint, keeping keys of different endpoints apart. */
  scope: string;
  /** The API key's id. */
  owner: string;
  /** The request as sent: content type and raw body. */
  contentType: string | undefined;
  body: Buffer;
}

export function requestFingerprint(request: Pick<IdempotentRequest, 'contentType' | 'body'>): string {
  return createHash('sha256').update(request.contentType ?? '').update('\u0000').update(request.body).digest('hex');
}

@Injectable()
export class IdempotencyService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(IdempotencyService.name);
  private sweeper?: NodeJS.Timeout;

  constructor(@InjectModel(IdempotencyKeyDoc.name) private readonly keys: Model<IdempotencyKeyDoc>) {}

  onApplicationBootstrap(): void {
    this.sweeper = setInterval(() => {
      this.sweep().catch((error: Error) => this.logger.warn(`Expired idempotency keys not swept: ${error.message}`));
    }, SWEEP_INTERVAL_MS).unref();
  }

  onModuleDestroy(): void {
    clearInterval(this.sweeper);
  }

  /** Reserves the key, or returns the response its first request got. */
  async begin(key: string, request: IdempotentRequest, now = new Date()): Promise<IdempotencyStart> {
    if (!/^[\x21-\x7e]{1,255}$/.test(key)) throw new IngestError(400, 'Idempotency-Key must be 1-255 visible ASCII characters');
    // Hashed: the key is the client's, possibly meaningful.
    const id = createHash('sha256').update(`${request.scope}\u0000${request.owner}\u0000${key}`).digest('hex');
    const fingerprint = requestFingerprint(request);
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        await this.keys.create({ _id: id, state: 'pending', fingerprint, createdAt: now, expiresAt: new Date(now.getTime() + IDEMPOTENCY_WINDOW_MS) });
        return { reserved: id };
      } catch (error) {
        if (!isDuplicateKey(error)) throw error;
      }
      const existing = await this.keys.findById(id).lean().exec();
      if (!existing) continue; // released meanwhile: try again
      const age = now.getTime() - existing.createdAt.getTime();
      if (age > IDEMPOTENCY_WINDOW_MS || (existing.state === 'pending' && age > ABANDONED_AFTER_MS)) {
        await this.keys.deleteOne({ _id: id, createdAt: existing.createdAt }).exec();
        continue;
      }
      if (existing.fingerprint !== fingerprint) throw new IdempotencyMismatchError();
      if (existing.state === 'done' && existing.response) return { replay: existing.response };
      throw new IdempotencyConflictError();
    }
    throw new IdempotencyConflictError();
  }

  async complete(id: string, status: number, body: unknown): Promise<void> {
    await this.keys.updateOne({ _id: id }, { $set: { state: 'done', response: { status, body } } }).exec();
  }

  /** Frees the key of a request that stored nothing, so a retry can go ahead. */
  async release(id: string): Promise<void> {
    await this.keys.deleteOne({ _id: id, state: 'pending' }).exec();
  }

  /**
   * Deletes keys past their window. MongoDB's TTL index does it too; FerretDB keeps TTL
   * indexes as plain ones, so the API role also sweeps (one filtered delete an hour).
   */
  async sweep(now = new Date()): Promise<number> {
    const { deletedCount } = await this.keys.deleteMany({ expiresAt: { $lt: now } }).exec();
    return deletedCount;
  }
}
