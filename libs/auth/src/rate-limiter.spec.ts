// Limits hold when Redis is away: each process counts for itself instead of letting everything through.
import { LocalRateLimiter } from './local-rate-limiter';
import { RedisRateLimiter } from './redis-rate-limiter';

describe('rate limiting without Redis', () => {
  it('counts a fixed window in memory', () => {
    const limiter = new LocalRateLimiter(60_000);
    const verdicts = [0, 1, 2, 3].map(() => limiter.hit('k', 3, 1_000));
    expect(verdicts.map((v) => v.allowed)).toEqual([true, true, true, false]);
    expect(verdicts[3]).toEqual({ allowed: false, retryAfterSeconds: 60, remaining: 0 });
    expect(limiter.hit('k', 3, 61_001).allowed).toBe(true); // the next window
    expect(limiter.hit('other', 3, 1_000).allowed).toBe(true);
  });

  it('falls back to it when Redis cannot be reached, rather than failing open', async () => {
    const limiter = new RedisRateLimiter('redis://127.0.0.1:1', 'test');
    try {
      const verdicts = [];
      for (let i = 0; i < 4; i++) verdicts.push(await limiter.hit('k', 3));
      expect(verdicts.map((v) => v.allowed)).toEqual([true, true, true, false]);
    } finally {
      limiter.close();
    }
  });
});
