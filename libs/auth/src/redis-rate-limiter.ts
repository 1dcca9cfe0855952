// Per-key request counting in Redis, so every api replica counts against one limit.
// A fixed one-minute window per key and scope: one atomic script adds hits and starts the
// window's expiry on the first.
// (@nestjs/throttler is CommonJS requiring the ES-module-only NestJS 12, which Jest cannot
// load on Node 20, and its Redis storage's peers stop at NestJS 11.)
//
// A round trip per request cost the api a sixth of its time at 32 requests in flight, so hits
// far from the limit are counted here and sent in one pipeline every SYNC_MS. A key's first
// hit in a window goes to Redis at once, and so does any hit once the shared count nears the
// limit or the hits held here reach a tenth of what was left: one replica counts exactly, and
// each of several can admit at most one such tenth more than the limit.
// When Redis is unreachable each replica counts in its own memory instead: limits loosen by
// the number of replicas but never lift, and ingest keeps accepting within them.
import { Logger } from '@nestjs/common';
import { Redis } from 'ioredis';
import { evictWindows, LocalRateLimiter, MAX_KEYS, verdictOf } from './local-rate-limiter';

export interface RateLimitVerdict {
  allowed: boolean;
  /** Seconds until the window resets. */
  retryAfterSeconds: number;
  remaining: number;
}

// KEYS: counter. ARGV: hits to add, window ms. Returns the count and the ms left in the window.
const ADD_HITS = `
local hits = redis.call('INCRBY', KEYS[1], ARGV[1])
if hits == tonumber(ARGV[1]) then redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then redis.call('PEXPIRE', KEYS[1], ARGV[2]); ttl = tonumber(ARGV[2]) end
return {hits, ttl}
`;

/** How often hits counted here are sent. */
const SYNC_MS = 100;
/** Within this share of the limit, every hit asks Redis: replicas agree where it matters. */
const NEAR_LIMIT = 0.1;
/** The share of what was left that a process may admit before it asks again. */
const BATCH_SHARE = 0.1;

/** What this process knows of a key's window. */
interface KeyWindow {
  /** The count Redis last answered (it includes every hit sent from here). */
  shared: number;
  /** Hits counted here and not yet sent. */
  unsent: number;
  /** Hits sent and not yet answered. */
  sending: number;
  resetAt: number;
}

type AddHits = (key: string, hits: number, windowMs: number) => Promise<[number, number]>;

export class RedisRateLimiter {
  private readonly logger = new Logger(RedisRateLimiter.name);
  private readonly redis: Redis & { addHits: AddHits };
  private suspended = false;
  private readonly fallback: LocalRateLimiter;
  private readonly windows = new Map<string, KeyWindow>();
  private syncTimer?: NodeJS.Timeout;

  constructor(redisUrl: string, private readonly prefix: string, private readonly windowMs = 60_000) {
    this.fallback = new LocalRateLimiter(windowMs);
    const redis = new Redis(redisUrl, { enableOfflineQueue: false, maxRetriesPerRequest: 1, connectTimeout: 2000 });
    redis.defineCommand('addHits', { numberOfKeys: 1, lua: ADD_HITS });
    redis.on('error', () => undefined);
    this.redis = redis as Redis & { addHits: AddHits };
  }

  /** Counts one request for `key` and says whether it is within `limit` per window. */
  async hit(key: string, limit: number, now = Date.now()): Promise<RateLimitVerdict> {
    // Still connecting at startup: counted here, without calling Redis unreachable.
    if (this.redis.status === 'connecting' || this.redis.status === 'connect') return this.fallback.hit(key, limit);
    let known = this.windows.get(key);
    if (known && known.resetAt <= now) {
      this.windows.delete(key);
      known = undefined;
    }
    if (known && !this.suspended) {
      const hits = known.shared + known.sending + known.unsent + 1;
      const headroom = limit - known.shared - known.sending;
      if (limit - hits >= Math.max(1, limit * NEAR_LIMIT) && known.unsent < headroom * BATCH_SHARE) {
        known.unsent++;
        this.syncTimer ??= setTimeout(() => void this.sync(), SYNC_MS);
        return verdictOf(hits, limit, known.resetAt - now);
      }
    }
    const window = known ?? { shared: 0, unsent: 0, sending: 0, resetAt: now + this.windowMs };
    const sending = window.unsent + 1;
    window.unsent = 0;
    try {
      const [hits, ttlMs] = await this.send(key, window, sending);
      this.suspended = false;
      return verdictOf(hits, limit, ttlMs);
    } catch (error) {
      if (!this.suspended) this.logger.warn(`rate limits counted per process: Redis unreachable (${(error as Error).name})`);
      this.suspended = true;
      return this.fallback.hit(key, limit);
    }
  }

  /** Resolves once Redis is connected (until then hits are counted in this process). */
  connected(): Promise<void> {
    return this.redis.status === 'ready' ? Promise.resolve() : new Promise((resolve) => this.redis.once('ready', () => resolve()));
  }

  close(): void {
    clearTimeout(this.syncTimer);
    this.redis.disconnect();
  }

  /** Sends every key's unsent hits in one pipeline; hits that fail to send are counted again next time. */
  private async sync(): Promise<void> {
    this.syncTimer = undefined;
    const now = Date.now();
    const batch = [...this.windows].filter(([, window]) => window.unsent > 0 && window.resetAt > now);
    const pipeline = this.redis.pipeline() as unknown as { addHits: AddHits; exec: () => Promise<Array<[Error | null, unknown]> | null> };
    const sent = batch.map(([key, window]) => {
      const hits = window.unsent;
      window.unsent = 0;
      window.sending += hits;
      pipeline.addHits(this.counter(key), hits, this.windowMs);
      return hits;
    });
    const results = await pipeline.exec().catch(() => null);
    batch.forEach(([, window], i) => {
      window.sending -= sent[i];
      const [error, answer] = results?.[i] ?? [new Error('not sent')];
      if (error) window.unsent += sent[i];
      else this.learn(window, ...(answer as [number, number]));
    });
    if (this.windows.size >= MAX_KEYS) evictWindows(this.windows, now);
  }

  /** Sends `hits` of a key at once and learns its shared count. */
  private async send(key: string, window: KeyWindow, hits: number): Promise<[number, number]> {
    window.sending += hits;
    try {
      const answer = await this.redis.addHits(this.counter(key), hits, this.windowMs);
      this.learn(window, ...answer);
      if (!this.windows.has(key)) this.windows.set(key, window);
      return answer;
    } finally {
      window.sending -= hits;
    }
  }

  /** Redis's answers come in the order sent (one connection), so the latest is the newest count. */
  private learn(window: KeyWindow, shared: number, ttlMs: number): void {
    window.shared = shared;
    window.resetAt = Date.now() + ttlMs;
  }

  private counter(key: string): string {
    return `${this.prefix}:rate:${key}`;
  }
}
