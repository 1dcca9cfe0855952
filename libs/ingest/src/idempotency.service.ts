// Idempotency-Key: a retry with the same key within 24 hours gets the first response and
// stores nothing new. The key is reserved before anything is stored, so two concurrent
// requests with one key never both store; a request that fails releases its key.
import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import { isDuplicateKey } from '@app/logs';
import { createHash } from 'node:crypto';
import { IdempotencyKeyDoc } from './idempotency.schema';
import { IngestError } from './ingest-error';

export const IDEMPOTENCY_WINDOW_MS = 24 * 3600 * 1000;
/** A reservation older than this belongs to a request that died midway; a retry may take it over. */
const ABANDONED_AFTER_MS = 60 * 1000;

export type IdempotencyStart = { replay: { status: number; body: unknown } } | { reserved: string };

export class IdempotencyConflictError extends Error {
  constructor() {
    super('A request with this Idempotency-Key is still being processed; retry shortly');
  }
}

@Injectable()
export class IdempotencyService {
  constructor(@InjectModel(IdempotencyKeyDoc.name) private readonly keys: Model<IdempotencyKeyDoc>) {}

  /** Reserves the key, or returns the response its first request got. */
  async begin(key: string, scope: string, now = new Date()): Promise<IdempotencyStart> {
    if (!/^[\x21-\x7e]{1,255}$/.test(key)) throw new IngestError(400, 'Idempotency-Key must be 1-255 visible ASCII characters');
    // Hashed: the key is the client's, possibly meaningful; the scope keeps endpoints apart.
    const id = createHash('sha256').update(`${scope}\u0000${key}`).digest('hex');
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        await this.keys.create({ _id: id, state: 'pending', createdAt: now });
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
}
