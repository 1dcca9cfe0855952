// Fixed one-minute windows counted in this process: the fallback while Redis is away, so
// limits hold per replica instead of lifting altogether, and the memory of addresses that
// failed to authenticate. Bounded: past MAX_KEYS tracked keys, expired windows are dropped,
// and if none has expired the oldest are.
import type { RateLimitVerdict } from './redis-rate-limiter';

export const MAX_KEYS = 50_000;

export class LocalRateLimiter {
  private readonly windows = new Map<string, { hits: number; resetAt: number }>();

  constructor(private readonly windowMs = 60_000) {}

  hit(key: string, limit: number, now = Date.now()): RateLimitVerdict {
    let window = this.windows.get(key);
    if (!window || window.resetAt <= now) {
      if (!window && this.windows.size >= MAX_KEYS) evictWindows(this.windows, now);
      window = { hits: 0, resetAt: now + this.windowMs };
      this.windows.set(key, window);
    }
    window.hits++;
    return verdictOf(window.hits, limit, window.resetAt - now);
  }
}

/** The verdict on `hits` in a window with `msLeft` to run. */
export function verdictOf(hits: number, limit: number, msLeft: number): RateLimitVerdict {
  return { allowed: hits <= limit, retryAfterSeconds: Math.max(1, Math.ceil(msLeft / 1000)), remaining: Math.max(0, limit - hits) };
}

/** Bounds a map of windows to MAX_KEYS: expired windows go first, and if none has expired, the oldest tenth. */
export function evictWindows(windows: Map<string, { resetAt: number }>, now: number): void {
  for (const [key, window] of windows) if (window.resetAt <= now) windows.delete(key);
  // Insertion order is age order: drop the oldest tenth when nothing had expired.
  if (windows.size >= MAX_KEYS) for (const key of [...windows.keys()].slice(0, MAX_KEYS / 10)) windows.delete(key);
}
