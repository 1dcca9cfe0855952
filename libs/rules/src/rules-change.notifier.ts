// Tells every process that the redaction rules changed, over Redis pub/sub, so workers
// reload within moments. A missed message is covered by each process's periodic check.
import { Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { loadEnv } from '@app/config';
import { RedisPublisher } from '@app/queues';
import { Redis } from 'ioredis';

@Injectable()
export class RulesChangeNotifier implements OnModuleDestroy {
  private readonly logger = new Logger(RulesChangeNotifier.name);
  private readonly channel = `${loadEnv().QUEUE_PREFIX}:redaction-rules-changed`;
  private readonly publisher = new RedisPublisher();
  private subscriber?: Redis;

  /** Announces a new ruleset version; never throws (the periodic check is the fallback). */
  async publish(version: number): Promise<void> {
    if (!(await this.publisher.publish(this.channel, String(version)))) {
      this.logger.warn('rules change not announced (Redis unreachable); workers will notice within their check interval');
    }
  }

  subscribe(onChange: (version: number) => void): void {
    this.subscriber = new Redis(loadEnv().REDIS_URL, { maxRetriesPerRequest: null });
    this.subscriber.on('error', () => undefined);
    this.subscriber.on('message', (_channel: string, message: string) => onChange(Number(message)));
    void this.subscriber.subscribe(this.channel).catch((error: Error) => this.logger.warn(`cannot subscribe to rule changes: ${error.message}`));
  }

  async onModuleDestroy(): Promise<void> {
    this.publisher.close();
    await this.subscriber?.quit().catch(() => undefined);
  }
}
