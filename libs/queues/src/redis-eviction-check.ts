// BullMQ loses jobs if Redis evicts keys under memory pressure; only `noeviction` is safe.
// Checked once at startup: a warning, not a refusal, since managed Redis may hide the setting.
import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { QueueName } from './queue-names';

/** The maxmemory-policy named in a Redis INFO reply, if any. */
export function maxmemoryPolicy(info: string): string | undefined {
  return /^maxmemory_policy:(\S+)/m.exec(info)?.[1];
}

/** The warning to give for an INFO reply, or undefined when the policy is safe or unknown. */
export function evictionWarning(info: string): string | undefined {
  const policy = maxmemoryPolicy(info);
  return policy && policy !== 'noeviction'
    ? `Redis maxmemory-policy is ${policy}: under memory pressure Redis may evict queued jobs. Set maxmemory-policy noeviction.`
    : undefined;
}

@Injectable()
export class RedisEvictionCheck implements OnApplicationBootstrap {
  private readonly logger = new Logger(RedisEvictionCheck.name);

  constructor(@InjectQueue(QueueName.RedactLogs) private readonly queue: Queue) {}

  onApplicationBootstrap(): void {
    // Not awaited: Redis may be away at startup, which must not hold the process up.
    void (async () => {
      const client = await this.queue.backend.client;
      const warning = evictionWarning(await client.info());
      if (warning) this.logger.warn(warning);
    })().catch(() => undefined);
  }
}
