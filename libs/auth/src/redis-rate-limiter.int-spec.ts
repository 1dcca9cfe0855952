// The shared rate limit against real Redis: hits far from the limit are counted in the process
// and sent in batches, so one replica is exact and several agree where it matters.
import { Redis } from 'ioredis';
import { randomBytes } from 'node:crypto';
import { RedisRateLimiter } from './redis-rate-limiter';

describe('rate limits shared through Redis', () => {
  let redis: Redis;
  const prefix = `{rate-test-${randomBytes(4).toString('hex')}}`;
  const limiters: RedisRateLimiter[] = [];
  const limiter = () => {
    const made = new RedisRateLimiter(process.env.REDIS_URL!, prefix);
    limiters.push(made);
    return made;
  };
  const counter = async (key: string) => Number(await redis.get(`${prefix}:rate:${key}`));
  const ready = (made: RedisRateLimiter) => made.connected();

  beforeAll(() => {
    redis = new Redis(process.env.REDIS_URL!);
  });
  afterAll(async () => {
    for (const made of limiters) made.close();
    await redis.quit();
  });

  it('admits exactly the limit in one process, the hits far from it sent in batches', async () => {
    const one = limiter();
    await ready(one);
    const scriptCalls = async () => Number(/cmdstat_evalsha:calls=(\d+)/.exec(await redis.info('commandstats'))?.[1] ?? 0);
    const before = await scriptCalls();
    const verdicts = [];
    for (let i = 0; i < 250; i++) verdicts.push(await one.hit('exact', 200));
    const calls = (await scriptCalls()) - before;
    expect(verdicts.filter((v) => v.allowed)).toHaveLength(200);
    expect(verdicts.findIndex((v) => !v.allowed)).toBe(200);
    expect(verdicts[199]).toMatchObject({ allowed: true, remaining: 0 });
    expect(verdicts[100].remaining).toBe(99);
    // The first hit, a batch per tenth of what was left and each hit in the last tenth asked Redis.
    expect(calls).toBeLessThan(100);
    await new Promise((resolve) => setTimeout(resolve, 250));
    expect(await counter('exact')).toBe(250);
  });

  it('sends hits far from the limit within a moment, so other replicas see them', async () => {
    const one = limiter();
    await ready(one);
    for (let i = 0; i < 50; i++) await one.hit('far', 100_000);
    expect(await counter('far')).toBeLessThan(50);
    await new Promise((resolve) => setTimeout(resolve, 250));
    expect(await counter('far')).toBe(50);
  });

  it('lets several processes together admit the limit, each at most a tenth of it over', async () => {
    const replicas = [limiter(), limiter(), limiter()];
    await Promise.all(replicas.map(ready));
    let allowed = 0;
    await Promise.all(
      replicas.map(async (replica) => {
        for (let i = 0; i < 200; i++) {
          if ((await replica.hit('shared', 300)).allowed) allowed++;
          if (i % 10 === 0) await new Promise((resolve) => setTimeout(resolve, 5));
        }
      }),
    );
    expect(allowed).toBeGreaterThanOrEqual(300);
    expect(allowed).toBeLessThanOrEqual(300 + 3 * 30);
    await new Promise((resolve) => setTimeout(resolve, 250));
    expect(await counter('shared')).toBe(600);
  });

  it('counts a new window once the old one expires', async () => {
    const short = new RedisRateLimiter(process.env.REDIS_URL!, prefix, 300);
    limiters.push(short);
    await ready(short);
    const first = [];
    for (let i = 0; i < 5; i++) first.push((await short.hit('window', 3)).allowed);
    expect(first).toEqual([true, true, true, false, false]);
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect((await short.hit('window', 3)).allowed).toBe(true);
  });
});
