// One rewriter of an hour's chunks at a time, across processes: compaction, erasure and
// retention each read chunks and write their replacements, and two of them rewriting the
// same chunk would bring back what the other removed. A lock is a document in `hour_locks`
// made by an insert (the `_id` is unique); a holder that died is overtaken once its lease ends.
import { Injectable } from '@nestjs/common';
import { InjectConnection } from '@nestjs/mongoose';
import { randomUUID } from 'node:crypto';
import type { Connection } from 'mongoose';
import { isDuplicateKey } from './errors';

const LEASE_MS = 5 * 60_000;
const RETRY_MS = 100;

interface LockDoc {
  _id: string;
  holder: string;
  until: Date;
}

@Injectable()
export class HourLocks {
  constructor(@InjectConnection() private readonly connection: Connection) {}

  /** Runs `work` holding the hour's lock, waiting up to `waitMs` for it. */
  async withLock<T>(hour: string, work: () => Promise<T>, waitMs = 60_000): Promise<T> {
    const holder = randomUUID();
    const deadline = Date.now() + waitMs;
    while (!(await this.tryTake(hour, holder))) {
      if (Date.now() > deadline) throw new Error(`hour ${hour} is being rewritten by another process; try again`);
      await new Promise((resolve) => setTimeout(resolve, RETRY_MS));
    }
    try {
      return await work();
    } finally {
      await this.locks().deleteOne({ _id: hour, holder }).catch(() => undefined);
    }
  }

  private async tryTake(hour: string, holder: string): Promise<boolean> {
    try {
      await this.locks().insertOne({ _id: hour, holder, until: new Date(Date.now() + LEASE_MS) });
      return true;
    } catch (error) {
      if (!isDuplicateKey(error)) throw error;
      const current = await this.locks().findOne({ _id: hour });
      // A holder past its lease died: take its lock away (only that lease, if another took it meanwhile).
      if (current && current.until.getTime() < Date.now()) await this.locks().deleteOne({ _id: hour, holder: current.holder });
      return false;
    }
  }

  private locks() {
    return this.connection.db!.collection<LockDoc>('hour_locks');
  }
}
