// Fixed one-minute windows counted in this process: the fallback while Redis is away, so
// limits hold per replica instead of lifting altogether, and the memory of addresses that
// failed to authenticate. Bounded: past MAX_KEYS tracked keys, expired windows are dropped,
// and if none has expired the oldest are.
import type { RateLimitVerdict } from './redis-rate-limiter';

const MAX_KEYS = 50_000;

export class LocalRateLimiter {
  private readonly windows = new Map<string, { hits: number; resetAt: number }>();

  constructor(private readonly windowMs = 60_000) {}

  hit(key: string, limit: number, now = Date.now()): RateLimitVerdict {
    let window = this.windows.get(key);
    if (!window || window.resetAt <= now) {
      if (!window && this.windows.size >= MAX_KEYS) this.evict(now);
      window = { hits: 0, resetAt: now + this.windowMs };
      this.windows.set(key, window);
    }
    window.hits++;
    return { allowed: window.hits <= limit, retryAfterSeconds: Math.max(1, Math.ceil((window.resetAt - now) / 1000)), remaining: Math.max(0, limit - window.hits) };
  }

  private evict(now: number): void {
    for (const [key, window] of this.windows) if (window.resetAt <= now) this.windows.delete(key);
    // Insertion order is age order: drop the oldest tenth when nothing had expired.
    if (this.windows.size >= MAX_KEYS) for (const key of [...this.windows.keys()].slice(0, MAX_KEYS / 10)) this.windows.delete(key);
  }
}
