// Worker side of the live tail: publishes each job's processed records. Never throws: a tail
// that misses a message catches up from the store when it reconnects.
import { Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { loadEnv } from '@app/config';
import type { StoredLogRecord } from '@app/logs';
import { RedisPublisher } from '@app/queues';
import { encodeTailMessage, liveTailChannel } from './live-tail.channel';

@Injectable()
export class LiveTailPublisher implements OnModuleDestroy {
  private readonly logger = new Logger(LiveTailPublisher.name);
  private readonly channel = liveTailChannel(loadEnv().QUEUE_PREFIX);
  private readonly publisher = new RedisPublisher();

  async publish(records: readonly StoredLogRecord[]): Promise<void> {
    if (records.length === 0) return;
    if (!(await this.publisher.publish(this.channel, encodeTailMessage(records)))) this.logger.debug('live tail message dropped');
  }

  onModuleDestroy(): void {
    this.publisher.close();
  }
}
