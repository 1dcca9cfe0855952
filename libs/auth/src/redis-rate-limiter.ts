// Per-key request counting in Redis, so every api replica counts against one limit.
// A fixed one-minute window per key and scope: one atomic script increments the count and
// starts the window's expiry on the first hit.
// (@nestjs/throttler is CommonJS requiring the ES-module-only NestJS 12, which Jest cannot
// load on Node 20, and its Redis storage's peers stop at NestJS 11.)
// When Redis is unreachable each replica counts in its own memory instead: limits loosen by
// the number of replicas but never lift, and ingest keeps accepting within them.
import { Logger } from '@nestjs/common';
import { Redis } from 'ioredis';
import { LocalRateLimiter } from './local-rate-limiter';

export interface RateLimitVerdict {
  allowed: boolean;
  /** Seconds until the window resets. */
  retryAfterSeconds: number;
  remaining: number;
}

// KEYS: counter. ARGV: window ms. Returns the count and the ms left in the window.
const INCREMENT = `
local hits = redis.call('INCR', KEYS[1])
if hits == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then redis.call('PEXPIRE', KEYS[1], ARGV[1]); ttl = tonumber(ARGV[1]) end
return {hits, ttl}
`;

export class RedisRateLimiter {
  private readonly logger = new Logger(RedisRateLimiter.name);
  private readonly redis: Redis;
  private suspended = false;
  private readonly fallback: LocalRateLimiter;

  constructor(redisUrl: string, private readonly prefix: string, private readonly windowMs = 60_000) {
    this.fallback = new LocalRateLimiter(windowMs);
    this.redis = new Redis(redisUrl, { enableOfflineQueue: false, maxRetriesPerRequest: 1, connectTimeout: 2000 });
    this.redis.on('error', () => undefined);
  }

  /** Counts one request for `key` and says whether it is within `limit` per window. */
  async hit(key: string, limit: number): Promise<RateLimitVerdict> {
    // Still connecting at startup: counted here, without calling Redis unreachable.
    if (this.redis.status === 'connecting' || this.redis.status === 'connect') return this.fallback.hit(key, limit);
    try {
      const [hits, ttlMs] = (await this.redis.eval(INCREMENT, 1, `${this.prefix}:rate:${key}`, this.windowMs)) as [number, number];
      this.suspended = false;
      return { allowed: hits <= limit, retryAfterSeconds: Math.max(1, Math.ceil(ttlMs / 1000)), remaining: Math.max(0, limit - hits) };
    } catch (error) {
      if (!this.suspended) this.logger.warn(`rate limits counted per process: Redis unreachable (${(error as Error).name})`);
      this.suspended = true;
      return this.fallback.hit(key, limit);
    }
  }

  close(): void {
    this.redis.disconnect();
  }
}
