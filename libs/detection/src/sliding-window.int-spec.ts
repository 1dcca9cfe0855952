// The sliding windows against real Redis: exact counts at the edges, sliding rather than
// tumbling, suppression, redelivery, distinct and sum, and many concurrent callers.
import { Redis } from 'ioredis';
import { randomBytes } from 'node:crypto';
import { compileRule } from './compile-rule';
import { BUILTIN_DETECTION_RULES, type DetectionRuleDefinition } from './detection-rule';
import { observationsOf } from './observe-records';
import { SlidingWindowStore, type WindowOutcome } from './sliding-window.store';

const rule = (id: string) => compileRule(BUILTIN_DETECTION_RULES.find((r) => r.id === id) as DetectionRuleDefinition);
const T0 = Date.parse('2026-11-29T10:00:00Z');
const logId = () => randomBytes(12).toString('hex');

describe('sliding windows in Redis', () => {
  let redis: Redis;
  let store: SlidingWindowStore;

  beforeAll(() => {
    redis = new Redis(process.env.REDIS_URL!);
    store = new SlidingWindowStore(redis, `{det-test-${randomBytes(4).toString('hex')}}`, randomBytes(32), 300_000);
  });
  afterAll(() => redis.quit());

  /** Failed logins for `user` at the given seconds after T0; resolves to how many alerts were raised. */
  async function failedLogins(user: string, seconds: number[], extra: Record<string, string> = {}): Promise<WindowOutcome[]> {
    const records = seconds.map((s) => ({ logId: logId(), time: T0 + s * 1000, content: { attributes: { event: 'login_failed', user, source_ip: '203.0.113.9', ...extra } } }));
    const outcomes: WindowOutcome[] = [];
    for (const observation of observationsOf(records, [rule('brute-force')])) outcomes.push(await store.observe(observation));
    return outcomes;
  }
  const alerts = (outcomes: WindowOutcome[]) => outcomes.filter((o) => o.kind === 'alert' && !o.redelivered).length;

  it('5 failures in 5 s: exactly 1 alert', async () => expect(alerts(await failedLogins('u1', [0, 1, 2, 3, 4]))).toBe(1));
  it('4 failures: none', async () => expect(alerts(await failedLogins('u2', [0, 1, 2, 3]))).toBe(0));
  it('5 spread over 61 s: none', async () => expect(alerts(await failedLogins('u3', [0, 15.25, 30.5, 45.75, 61]))).toBe(0));
  it('3 at 58-59 s and 2 at 61 s: 1 (the window slides; a tumbling minute would see 3 and 2)', async () =>
    expect(alerts(await failedLogins('u4', [58, 58.5, 59, 61, 61.5]))).toBe(1));
  it('20 within the suppression period: 1', async () => expect(alerts(await failedLogins('u5', Array.from({ length: 20 }, (_, i) => i)))).toBe(1));
  it('exactly 60 s apart is outside the window (it covers (t-60 s, t])', async () => expect(alerts(await failedLogins('u6', [0, 30, 40, 50, 60]))).toBe(0));

  it('a record processed twice counts once, and its redelivery returns the same alert', async () => {
    const records = [0, 1, 2, 3, 4].map((s) => ({ logId: logId(), time: T0 + s * 1000, content: { attributes: { event: 'login_failed', user: 'u7' } } }));
    const observations = observationsOf(records, [rule('brute-force')]);
    const first: WindowOutcome[] = [];
    for (const o of observations) first.push(await store.observe(o));
    const again = await store.observe(observations[4]);
    const dup = await store.observe(observations[1]);
    expect(first.filter((o) => o.kind === 'alert')).toHaveLength(1);
    expect(again).toMatchObject({ kind: 'alert', redelivered: true, value: 5 });
    expect(again.kind === 'alert' && first[4].kind === 'alert' && again.triggerTime === first[4].triggerTime).toBe(true);
    // Still the 5 records, not a sixth; suppressed, as another record triggered the alert.
    expect(dup).toMatchObject({ kind: 'none', value: 5 });
  });

  it('out of order (concurrent jobs): a burst arriving newest first still raises 1; a spread one still none', async () => {
    const feed = async (user: string, seconds: number[]) => {
      const records = seconds.map((sec) => ({ logId: logId(), time: T0 + sec * 1000, content: { attributes: { event: 'login_failed', user } } }));
      const outcomes: WindowOutcome[] = [];
      // Not sorted: the order the jobs happen to run in.
      for (const record of records) outcomes.push(...(await Promise.all(observationsOf([record], [rule('brute-force')]).map((o) => store.observe(o)))));
      return outcomes;
    };
    expect(alerts(await feed('u10', [4, 3, 2, 1, 0]))).toBe(1);
    expect(alerts(await feed('u11', [2, 0, 4, 1, 3]))).toBe(1);
    expect(alerts(await feed('u12', [61, 45.75, 30.5, 15.25, 0]))).toBe(0);
  });

  it('drops records later than the lateness bound', async () => {
    await failedLogins('u8', [1000]);
    const [late] = await failedLogins('u8', [1000 - 301]);
    expect(late.kind).toBe('late');
  });

  it('password spraying: one source failing for 10 distinct users raises 1; repeats of a user do not count', async () => {
    const spray = rule('password-spraying');
    const records = [...Array.from({ length: 9 }, (_, i) => `user${i}`), 'user0', 'user1', 'user9'].map((user, i) => ({
      logId: logId(),
      time: T0 + i * 1000,
      content: { attributes: { event: 'login_failed', user, source_ip: '198.51.100.23' } },
    }));
    const outcomes: WindowOutcome[] = [];
    for (const o of observationsOf(records, [spray])) outcomes.push(await store.observe(o));
    expect(outcomes.map((o) => o.value)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 9, 9, 10]);
    expect(outcomes.filter((o) => o.kind === 'alert')).toHaveLength(1);
  });

  it('transaction volume: the sum over the hour crosses the threshold once', async () => {
    const volume = rule('transaction-volume');
    const records = [4000, 3000, 2500, 600, 5000].map((amount, i) => ({ logId: logId(), time: T0 + i * 600_000, content: { attributes: { event: 'transaction', account: 'acc-1', amount } } }));
    const outcomes: WindowOutcome[] = [];
    for (const o of observationsOf(records, [volume])) outcomes.push(await store.observe(o));
    expect(outcomes.map((o) => o.value)).toEqual([4000, 7000, 9500, 10100, 15100]);
    expect(outcomes.map((o) => o.kind)).toEqual(['none', 'none', 'none', 'alert', 'none']);
  });

  it('many concurrent callers (as many workers) on one group raise exactly 1 alert', async () => {
    const records = Array.from({ length: 40 }, (_, i) => ({ logId: logId(), time: T0 + i * 100, content: { attributes: { event: 'login_failed', user: 'u9' } } }));
    const stores = Array.from({ length: 4 }, () => new SlidingWindowStore(redis, (store as unknown as { prefix: string }).prefix, (store as unknown as { secret: Buffer }).secret, 300_000));
    const outcomes = await Promise.all(observationsOf(records, [rule('brute-force')]).map((o, i) => stores[i % 4].observe(o)));
    expect(outcomes.filter((o) => o.kind === 'alert')).toHaveLength(1);
  });

  it('keeps no raw value in Redis for any built-in rule: every key and every value of every type', async () => {
    const prefix = `{det-raw-${randomBytes(4).toString('hex')}}`;
    const own = new SlidingWindowStore(redis, prefix, randomBytes(32), 300_000);
    const user = 'very-identifiable-user';
    const ip = '192.0.2.77';
    const account = 'acct-identifiable-991';
    const records = [
      // Brute force and spraying: the user and the IP are group keys and distinct values.
      ...Array.from({ length: 16 }, (_, i) => ({ attributes: { event: 'login_failed', user: i < 5 ? user : `${user}-${i}`, source_ip: ip } })),
      // Transaction volume: the account is the group key.
      ...[6000, 5000].map((amount) => ({ attributes: { event: 'transaction', account, amount } })),
    ].map((content, i) => ({ logId: logId(), time: T0 + i * 1000, content }));
    const rules = ['brute-force', 'password-spraying', 'transaction-volume'].map(rule);
    const outcomes: WindowOutcome[] = [];
    for (const o of observationsOf(records, rules)) outcomes.push(await own.observe(o));
    expect(outcomes.filter((o) => o.kind === 'alert').length).toBe(3); // every rule ran and wrote

    const keys = await redis.keys(`${prefix}*`);
    expect(keys.length).toBeGreaterThanOrEqual(3);
    const dump = JSON.stringify(await Promise.all(keys.map(async (key) => [key, await contentsOf(key)])));
    for (const raw of [user, ip, account]) expect(dump).not.toContain(raw);
  });

  /** Everything a key holds, whatever its type. */
  async function contentsOf(key: string): Promise<unknown> {
    const type = await redis.type(key);
    if (type === 'zset') return redis.zrange(key, 0, -1, 'WITHSCORES');
    if (type === 'hash') return redis.hgetall(key);
    if (type === 'set') return redis.smembers(key);
    if (type === 'list') return redis.lrange(key, 0, -1);
    if (type === 'string') return redis.get(key);
    throw new Error(`key of unexpected type ${type}`);
  }
});
