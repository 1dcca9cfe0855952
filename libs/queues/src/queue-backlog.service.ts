// Backpressure: how many redaction jobs wait, checked at most once a second, so ingest can
// answer 429 before Redis fills up rather than queue without bound.
import { InjectQueue } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import { loadEnv } from '@app/config';
import type { Queue } from 'bullmq';
import { QueueName } from './queue-names';

const CACHE_MS = 1000;
const LOOKUP_TIMEOUT_MS = 500;

@Injectable()
export class QueueBacklogService {
  private checkedAt = 0;
  private waiting = 0;

  constructor(@InjectQueue(QueueName.RedactLogs) private readonly queue: Queue) {}

  /** Whether the backlog is past INGEST_HIGH_WATER_JOBS. Unknown (Redis away) counts as not: records are durable anyway. */
  async overloaded(now = Date.now()): Promise<boolean> {
    if (now - this.checkedAt >= CACHE_MS) {
      this.checkedAt = now;
      const counts = await this.depth();
      this.waiting = counts ? counts.waiting + counts.delayed : 0;
    }
    return this.waiting >= loadEnv().INGEST_HIGH_WATER_JOBS;
  }

  /** Redaction jobs by state, or null when Redis does not answer within half a second. */
  async depth(): Promise<QueueDepth | null> {
    let timer: NodeJS.Timeout | undefined;
    try {
      const counts = await Promise.race([
        this.queue.getJobCounts('waiting', 'prioritized', 'active', 'delayed', 'failed'),
        new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error('timeout')), LOOKUP_TIMEOUT_MS))),
      ]);
      return { waiting: (counts.waiting ?? 0) + (counts.prioritized ?? 0), active: counts.active ?? 0, delayed: counts.delayed ?? 0, failed: counts.failed ?? 0 };
    } catch {
      return null;
    } finally {
      clearTimeout(timer);
    }
  }
}

export interface QueueDepth {
  waiting: number;
  active: number;
  delayed: number;
  failed: number;
}
