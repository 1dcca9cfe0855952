import { compileRule, DetectionRuleError } from './compile-rule';
import { BUILTIN_DETECTION_RULES, type DetectionRuleDefinition } from './detection-rule';
import { eventTime, observationsOf } from './observe-records';
import { signWebhook, verifyWebhook } from './webhook-signature';
import { checkTargetUrl, isInternalAddress, targetShownToNonAdmin, WebhookTargetError } from './webhook-target';

const base: DetectionRuleDefinition = { ...BUILTIN_DETECTION_RULES[0], id: 'custom', builtin: false };
const withMatch = (match: DetectionRuleDefinition['match']) => compileRule({ ...base, match });

describe('conditions', () => {
  const record = { level: 'error', service: 'auth', message: 'login failed for admin', attributes: { event: 'login_failed', user: 'admin', http: { status: 401 }, amount: '12.5' } };
  it.each([
    [{ field: 'level', op: 'eq', value: 'error' }, true],
    [{ field: 'attributes.http.status', op: 'eq', value: 401 }, true],
    [{ field: 'attributes.user', op: 'in', value: ['root', 'admin'] }, true],
    [{ field: 'message', op: 'prefix', value: 'login' }, true],
    [{ field: 'attributes.missing', op: 'exists' }, false],
    [{ field: 'attributes.amount', op: 'gt', value: 10 }, true],
    [{ field: 'attributes.amount', op: 'lt', value: 10 }, false],
    [{ field: 'message', op: 'regex', value: 'failed for (admin|root)$' }, true],
    [{ field: 'attributes.user', op: 'eq', value: 'Admin' }, false],
  ] as const)('%j → %s', (condition, expected) => expect(withMatch([condition as never]).matches(record)).toBe(expected));

  it.each([
    [[{ field: 'attributes.$where', op: 'eq', value: 1 }], /field/],
    [[{ field: 'message', op: 'regex', value: '(a+)+\\1' }], /RE2/],
    [[{ field: 'message', op: 'gt', value: 'x' }], /number/],
    [[], /1-20 conditions/],
  ])('refuses %j', (match, message) => {
    expect(() => withMatch(match as never)).toThrow(DetectionRuleError);
    expect(() => withMatch(match as never)).toThrow(message);
  });

  it('refuses more than 3 group fields and a sum without a field', () => {
    expect(() => compileRule({ ...base, groupBy: ['level', 'service', 'message', 'attributes.a'] })).toThrow(/up to 3/);
    expect(() => compileRule({ ...base, aggregate: { kind: 'sum' } as never })).toThrow(/aggregate.field/);
  });
});

describe('common field names (FIELD_ALIASES)', () => {
  const bruteForce = compileRule(BUILTIN_DETECTION_RULES.find((r) => r.id === 'brute-force')!);
  const spraying = compileRule(BUILTIN_DETECTION_RULES.find((r) => r.id === 'password-spraying')!);
  const volume = compileRule(BUILTIN_DETECTION_RULES.find((r) => r.id === 'transaction-volume')!);

  it.each([
    ["the brief's username and activity", { username: 'john_doe', activity: 'login_failed' }, ['john_doe']],
    ['an ECS authentication failure', { event: { category: ['authentication'], outcome: 'failure', action: 'user_login' }, user: { name: 'jane' }, source: { ip: '203.0.113.9' } }, ['jane']],
    ['ECS with dotted keys', { 'event.action': 'login_failed', 'user.name': 'kim' }, ['kim']],
    ['OpenTelemetry conventions', { event: 'login_failed', 'enduser.id': 'u-42', 'client.address': '198.51.100.7' }, ['u-42']],
    ["logsieve's own names win over aliases", { event: 'login_failed', user: 'own', username: 'alias' }, ['own']],
  ])('%s: a failed login, grouped by its user', (_what, attributes, group) => {
    expect(bruteForce.matches({ attributes })).toBe(true);
    expect(bruteForce.groupValues({ attributes })).toEqual(group);
  });

  it('reads the source address and the distinct user for spraying, and amounts for volume, by their aliases', () => {
    const attempt = { attributes: { activity: 'login_failed', username: 'u1', 'client.address': '198.51.100.7' } };
    expect(spraying.groupValues(attempt)).toEqual(['198.51.100.7']);
    expect(spraying.contribution(attempt)).toEqual({ distinct: 'u1' });
    const payment = { attributes: { event: 'transaction', account_id: 'acc-9', transaction: { amount: 250 } } };
    expect(volume.matches(payment)).toBe(true);
    expect(volume.groupValues(payment)).toEqual(['acc-9']);
    expect(volume.contribution(payment)).toEqual({ amount: 250 });
  });

  it('an authentication success is not a failed login', () => {
    expect(bruteForce.matches({ attributes: { event: { category: ['authentication'], outcome: 'success' }, user: { name: 'jane' } } })).toBe(false);
  });
});

describe('observations', () => {
  it('skip records missing a group field or a summable amount, and come oldest first', () => {
    const rule = compileRule(BUILTIN_DETECTION_RULES[2]);
    const obs = observationsOf(
      [
        { logId: 'b', time: 2, content: { attributes: { event: 'transaction', account: 'a', amount: 5 } } },
        { logId: 'a', time: 1, content: { attributes: { event: 'transaction', account: 'a', amount: '7' } } },
        { logId: 'c', time: 3, content: { attributes: { event: 'transaction', amount: 5 } } },
        { logId: 'd', time: 4, content: { attributes: { event: 'transaction', account: 'a', amount: 'lots' } } },
        // Beyond a trillion a sum ignores the amount: two of these made a window `inf` once.
        { logId: 'e', time: 5, content: { attributes: { event: 'transaction', account: 'a', amount: '1e308' } } },
        { logId: 'f', time: 6, content: { attributes: { event: 'transaction', account: 'a', amount: -1e13 } } },
        { logId: 'g', time: 7, content: { attributes: { event: 'transaction', account: 'a', amount: 1e12 } } },
      ],
      [rule],
    );
    expect(obs.map((o) => [o.logId, o.contribution])).toEqual([['a', { amount: 7 }], ['b', { amount: 5 }], ['g', { amount: 1e12 }]]);
  });

  it('bounds event time by when the record was received', () => {
    const received = new Date('2026-11-29T10:00:00Z');
    expect(eventTime(new Date('2030-01-01T00:00:00Z'), received)).toBe(received.getTime() + 60_000);
    expect(eventTime(new Date('2026-11-29T09:00:00Z'), received)).toBe(Date.parse('2026-11-29T09:00:00Z'));
  });
});

describe('webhooks', () => {
  it('signs so a receiver can verify, and refuses tampering, another target, another delivery and stale timestamps', () => {
    const secret = Buffer.from('s'.repeat(32));
    const now = Date.now();
    const ts = Math.floor(now / 1000);
    const delivery = { timestamp: ts, deliveryId: 'a1:t1', target: 'https://hooks.example.com/a', body: '{"a":1}' };
    const signature = signWebhook(secret, delivery);
    const received = { ...delivery, timestamp: String(ts), signature };
    expect(signature).toMatch(/^v2=[0-9a-f]{64}$/);
    expect(verifyWebhook(secret, received, now)).toBe(true);
    expect(verifyWebhook(secret, { ...received, body: '{"a":2}' }, now)).toBe(false);
    expect(verifyWebhook(secret, { ...received, target: 'https://other.example.com/b' }, now)).toBe(false);
    expect(verifyWebhook(secret, { ...received, deliveryId: 'a2:t1' }, now)).toBe(false);
    const stale = { ...delivery, timestamp: ts - 600 };
    expect(verifyWebhook(secret, { ...stale, timestamp: String(ts - 600), signature: signWebhook(secret, stale) }, now)).toBe(false);
  });

  it.each([
    'http://127.0.0.1/x',
    'http://localhost:8080/',
    'http://localhost./',
    'http://api.localhost/',
    'http://10.1.2.3/',
    'http://[::1]/',
    'http://[::127.0.0.1]/',
    'http://[64:ff9b::10.0.0.1]/',
    'http://[2002:a00:1::]/',
    'http://[fec0::1]/',
    'http://192.0.0.8/',
    'http://169.254.169.254/latest',
    'ftp://example.com/',
    'https://u:p@example.com/',
  ])('refuses %s', (url) => expect(() => checkTargetUrl(url, false)).toThrow(WebhookTargetError));

  it('shows keys below admin only the origin of a target', () => {
    expect(targetShownToNonAdmin('https://hooks.slack.com/services/T0/B0/' + 'x'.repeat(24))).toBe('https://hooks.slack.com/…');
    expect(targetShownToNonAdmin('https://chat.example.com/hook?token=abc')).toBe('https://chat.example.com/…');
  });

  it('accepts public targets, and private ones when allowed', () => {
    expect(checkTargetUrl('https://hooks.example.com/a', false).hostname).toBe('hooks.example.com');
    expect(checkTargetUrl('http://127.0.0.1:9000/', true).port).toBe('9000');
    expect(isInternalAddress('8.8.8.8')).toBe(false);
    expect(isInternalAddress('192.168.1.1')).toBe(true);
  });
});
