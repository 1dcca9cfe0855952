// Worker side of the live tail: publishes each job's processed records. Never throws: a tail
// that misses a message catches up from the store when it reconnects.
import { Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { loadEnv } from '@app/config';
import type { StoredLogRecord } from '@app/logs';
import { Redis } from 'ioredis';
import { encodeTailMessage, liveTailChannel } from './live-tail.channel';

@Injectable()
export class LiveTailPublisher implements OnModuleDestroy {
  private readonly logger = new Logger(LiveTailPublisher.name);
  private readonly channel = liveTailChannel(loadEnv().QUEUE_PREFIX);
  private redis?: Redis;

  async publish(records: readonly StoredLogRecord[]): Promise<void> {
    if (records.length === 0) return;
    if (!this.redis) {
      this.redis = new Redis(loadEnv().REDIS_URL, { maxRetriesPerRequest: 1, commandTimeout: 1000 });
      this.redis.on('error', () => undefined);
    }
    try {
      await this.redis.publish(this.channel, encodeTailMessage(records));
    } catch (error) {
      this.logger.debug(`live tail message dropped (${(error as Error).name})`);
    }
  }

  onModuleDestroy(): void {
    this.redis?.disconnect();
  }
}
