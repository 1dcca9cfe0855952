// Redaction end-to-end: rules managed over HTTP, applied by the worker to the next logs, and
// a log carrying one of every sensitive type stored with none of them.
import { storedRecord, authed, keyHeader, processedLog, countStoredLogs, startRoleProcess, startTestApp, waitFor, type RoleProcess, type TestApp } from '@app/testing';
import { randomBytes } from 'node:crypto';

const ALNUM = 'aB3dE5fG7hJ9kLmN2pQ4rS6tU8vW0xYz';
const repeat = (length: number) => Array.from({ length }, (_, i) => ALNUM[(i * 7 + 3) % ALNUM.length]).join('');
const b64url = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** One value of every built-in type, assembled at run time (no literal tokens in the source). */
const EVERY_TYPE: Record<string, string> = {
  email: 'jane.doe@example.com',
  phone: '+44 20 7946 0958',
  card: '4111 1111 1111 1111',
  iban: 'GB82 WEST 1234 5698 7654 32',
  ssn: '123-45-6789',
  ipv4: '203.0.113.42',
  ipv6: '2001:db8:5c03:f328:1e00:2344:9c31:8e45',
  mac: '00:1A:2B:3C:4D:5E',
  imei: '49-015420-323751-8',
  jwt: `${b64url({ alg: 'HS256', typ: 'JWT' })}.${b64url({ sub: '42' })}.${repeat(43)}`,
  pem: `-----BEGIN RSA ${'PRIVATE'} KEY-----\n${repeat(64)}\n-----END RSA ${'PRIVATE'} KEY-----`,
  urlPassword: 'pa55-' + repeat(12),
  bearer: repeat(32),
  aws: 'AKIA' + 'IOSFODNN7EXAMPLE',
  github: 'gh' + 'p_' + repeat(36),
  gitlab: 'gl' + 'pat-' + repeat(20),
  slack: 'xo' + 'xb-' + '123456789012-123456789012-' + repeat(24),
  stripe: 's' + 'k_live_' + repeat(24),
  google: 'AI' + 'za' + repeat(35),
  npm: 'np' + 'm_' + repeat(36),
  sendgrid: 'S' + 'G.' + repeat(22) + '.' + repeat(43),
  openai: 's' + 'k-proj-' + repeat(48),
  anthropic: 's' + 'k-ant-api03-' + repeat(93),
  password: 'hunter2-' + repeat(6),
};

describe('redaction over HTTP', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  const ingest = async (logData: unknown) => (await authed(t.server).post('/logs').send({ log_data: logData }).expect(202)).body;
  const processed = (logId: string) => processedLog(t.server, logId, 5000);

  it('stores none of the values of a log carrying one of every sensitive type', async () => {
    const v = EVERY_TYPE;
    const logData = {
      user: { email: v.email, phone: v.phone, address: { iban: v.iban } },
      payment: `charged ${v.card}`,
      identity: `ssn ${v.ssn} from ${v.ipv4} and ${v.ipv6}`,
      device: { info: `mac ${v.mac} imei ${v.imei}` },
      session: `jwt=${v.jwt}`,
      key: v.pem,
      db: `postgres://app:${v.urlPassword}@db.internal:5432/orders`,
      headers: { 'X-Forwarded': `Authorization: Bearer ${v.bearer}` },
      creds: [v.aws, v.github, v.gitlab, v.slack, v.stripe, v.google, v.npm, v.sendgrid, v.openai, v.anthropic],
      line: `login failed password=${v.password}`,
    };
    const { log_id } = await ingest(logData);
    const record = await processed(log_id);
    const raw = await storedRecord(t.db, 'logs', log_id);
    for (const [type, value] of Object.entries(v)) {
      expect({ type, inResponse: JSON.stringify(record).includes(JSON.stringify(value).slice(1, -1)) }).toEqual({ type, inResponse: false });
      expect({ type, inStore: JSON.stringify(raw).includes(JSON.stringify(value).slice(1, -1)) }).toEqual({ type, inStore: false });
    }
    expect(record.log_data.payment).toBe('charged **** **** **** 1111');
    expect(raw).toMatchObject({ rulesetVersion: 0 }); // the built-ins, unchanged: no rule was edited yet
  });

  it('stores none of the personal data named by its field, international formats or cloud secrets', async () => {
    const personal: Record<string, string> = {
      firstName: 'Siobhán',
      lastName: 'Wiśniewski',
      personName: 'Thandiwe Dlamini',
      dateOfBirth: '1987-03-14',
      passport: 'X' + '48213377',
      nationalId: 'QQ' + '123456C',
      taxId: '12-' + '3456789',
      driverLicence: 'D' + '1234-5678-90',
      street: '221B Baker Street',
      postcode: 'NW1 6XE',
      unicodeEmail: 'пользователь@пример.рф',
      quotedEmail: '"jane doe"@example.com',
      card19: '6759' + '6498' + '2643' + '8453' + '003',
      azureKey: repeat(86) + '==',
      sasSig: repeat(43) + '%3D',
      busKey: repeat(43) + '=',
    };
    const p = personal;
    const logData = {
      customer: { firstName: p.firstName, last_name: p.lastName, date_of_birth: p.dateOfBirth, passportNumber: p.passport, national_id: p.nationalId, tax_id: p.taxId, driver_license_number: p.driverLicence },
      patient: { name: p.personName },
      shipping_address: { street: p.street, postcode: p.postcode },
      notify: `sent to ${p.unicodeEmail} and ${p.quotedEmail}`,
      charge: `GET /pay?card=${p.card19}&amount=3`,
      storage: `DefaultEndpointsProtocol=https;AccountName=stlogs;AccountKey=${p.azureKey};EndpointSuffix=core.windows.net`,
      blob: `https://stlogs.blob.core.windows.net/c/b.csv?sv=2022-11-02&sp=r&sig=${p.sasSig}`,
      bus: `Endpoint=sb://ns.servicebus.windows.net/;SharedAccessKeyName=Root;SharedAccessKey=${p.busKey}`,
    };
    const { log_id } = await ingest(logData);
    const record = await processed(log_id);
    const raw = await storedRecord(t.db, 'logs', log_id);
    for (const [type, value] of Object.entries(p)) {
      const escaped = JSON.stringify(value).slice(1, -1);
      expect({ type, inResponse: JSON.stringify(record).includes(escaped) }).toEqual({ type, inResponse: false });
      expect({ type, inStore: JSON.stringify(raw).includes(escaped) }).toEqual({ type, inStore: false });
    }
    expect(record.log_data.patient).toEqual({ name: '[REDACTED:name]' });
    expect(record.log_data.shipping_address).toBe('[REDACTED:address]');
    expect(record.log_data.storage).toContain('AccountName=stlogs;AccountKey=[REDACTED:secret];');
  });

  it('keeps name fields that name a service and a file', async () => {
    const logData = { service: { name: 'checkout-api' }, file: { name: 'invoice-2026-11.pdf' }, name: 'nightly-export', version: '2.1.0' };
    const { log_id } = await ingest(logData);
    const record = await processed(log_id);
    expect(record.log_data).toEqual(logData);
    expect(record.findings).toEqual([]);
  });

  it('manages custom rules, and the next log is redacted with them', async () => {
    const create = await authed(t.server)
      .post('/redaction/rules')
      .send({ id: 'employee-id', kind: 'pattern', type: 'employee-id', pattern: 'EMP-\\d{6}', action: { kind: 'hash' }, allow: { exact: ['EMP-000000'] } })
      .expect(201);
    expect(create.body).toMatchObject({ id: 'employee-id', builtin: false, version: 1, enabled: true });

    const list = await authed(t.server).get('/redaction/rules').expect(200);
    expect(list.body.rules.map((r: { id: string }) => r.id)).toEqual(expect.arrayContaining(['email', 'payment-card', 'employee-id']));
    const version = list.body.version;

    const { log_id } = await ingest({ who: 'EMP-123456', test: 'EMP-000000', again: 'EMP-123456' });
    const record = await processed(log_id);
    expect(record.log_data.who).toMatch(/^<employee-id:k[0-9a-f]{4}:[0-9a-f]{16}>$/);
    expect(record.log_data.again).toBe(record.log_data.who); // pseudonyms correlate
    expect(record.log_data.test).toBe('EMP-000000'); // allow-listed

    await authed(t.server).patch('/redaction/rules/employee-id').send({ enabled: false }).expect(200);
    const after = await processed((await ingest({ who: 'EMP-654321' })).log_id);
    expect(after.log_data.who).toBe('EMP-654321');
    expect((await authed(t.server).get('/redaction/rules').expect(200)).body.version).toBe(version + 1);

    await authed(t.server).delete('/redaction/rules/employee-id').expect(204);
    await authed(t.server).get('/redaction/rules/employee-id').expect(404);
  });

  it('changes a built-in rule but never deletes it or its matcher', async () => {
    await authed(t.server).patch('/redaction/rules/email').send({ action: { kind: 'mask', keepFirst: 2 } }).expect(200);
    const record = await processed((await ingest({ mail: 'jo@example.com' })).log_id);
    expect(record.log_data.mail).toBe('jo@*******.***'); // separators stay, letters and digits go
    // A null changes nothing (the fuzzer once got `"enabled": null` stored).
    const unchanged = await authed(t.server).patch('/redaction/rules/email').send({ enabled: null }).expect(200);
    expect(unchanged.body.enabled).toBe(true);
    const refused = await authed(t.server).patch('/redaction/rules/email').send({ pattern: '.' }).expect(409);
    expect(refused.body.message).toMatch(/accepts changes to action, enabled, allow and scope only/);
    await authed(t.server).delete('/redaction/rules/email').expect(409);
    await authed(t.server).patch('/redaction/rules/email').send({ action: { kind: 'replace' } }).expect(200);
  });

  it.each([
    ['a backreference', { pattern: '(a)\\1' }, /not accepted by RE2/],
    ['lookbehind', { pattern: '(?<=x)y' }, /not accepted by RE2/],
    ['an empty-matching pattern', { pattern: 'a*' }, /matches the empty string/],
    ['an over-long pattern', { pattern: 'a'.repeat(1001) }, /1000/],
    ['an unknown field', { pattern: 'x', extra: true }, /property extra should not exist/],
    ['a bad action', { pattern: 'x', action: { kind: 'shred' } }, /kind must be one of/],
  ])('refuses %s with a 400 that says why', async (_, overrides, message) => {
    const { body } = await authed(t.server)
      .post('/redaction/rules')
      .send({ id: 'bad-rule', kind: 'pattern', type: 'x', action: { kind: 'remove' }, ...overrides })
      .expect(400);
    expect(JSON.stringify(body.message)).toMatch(message);
  });

  it('a catastrophic-backtracking pattern runs in linear time in RE2', async () => {
    await authed(t.server).post('/redaction/rules').send({ id: 'evil', kind: 'pattern', type: 'x', pattern: '(x+x+)+y', action: { kind: 'remove' } }).expect(201);
    try {
      const sample = 'x'.repeat(50_000);
      const started = Date.now();
      const { body } = await authed(t.server).post('/redaction/preview').send({ sample }).expect(200);
      // A backtracking engine needs about 2^50000 steps to give up on this input; RE2 takes milliseconds.
      expect(Date.now() - started).toBeLessThan(10_000);
      expect(body.result).toBe(sample);
      expect((await authed(t.server).post('/redaction/preview').send({ sample: 'xxy' }).expect(200)).body.result).toBe('');
    } finally {
      await authed(t.server).delete('/redaction/rules/evil').expect(204);
    }
  });

  it('previews a sample without storing it', async () => {
    const count = () => countStoredLogs(t.db);
    const before = await count();
    const { body } = await authed(t.server).post('/redaction/preview').send({ sample: { email: 'a@example.com', n: 1 } }).expect(200);
    expect(body).toEqual({
      result: { email: '[REDACTED:email]', n: 1 },
      findings: [{ rule: 'email', path: '$.attributes.email', start: 0, end: 13, action: 'replace' }],
      ruleset_version: (await authed(t.server).get('/redaction/rules').expect(200)).body.version,
    });
    expect(await count()).toBe(before);
    await authed(t.server).post('/redaction/preview').set('Content-Type', 'text/plain').send('x').expect(415);
    await authed(t.server).post('/redaction/preview').set('Content-Type', 'application/json').send('{"sample":').expect(400);
  });

  it('preview needs the admin scope and hashes under a key of its own, never matching stored pseudonyms', async () => {
    const refused = await authed(t.server, 'read').post('/redaction/preview').send({ sample: 'TCK-77' }).expect(403);
    expect(refused.body.message).toMatch(/needs scope admin/);
    await authed(t.server).post('/redaction/rules').send({ id: 'ticket-hash', kind: 'pattern', type: 'ticket', pattern: 'TCK-\\d+', action: { kind: 'hash' } }).expect(201);
    try {
      const previewed = (await authed(t.server).post('/redaction/preview').send({ sample: 'TCK-77' }).expect(200)).body.result;
      const stored = (await processed((await ingest('TCK-77')).log_id)).log_data;
      const pseudonym = /^<ticket:(k[0-9a-f]{4}):[0-9a-f]{16}>$/;
      expect(previewed).toMatch(pseudonym);
      expect(stored).toMatch(pseudonym);
      expect(previewed.replace(pseudonym, '$1')).not.toBe(stored.replace(pseudonym, '$1')); // another key, named apart
      expect(previewed).not.toBe(stored);
    } finally {
      await authed(t.server).delete('/redaction/rules/ticket-hash').expect(204);
    }
  });
});

describe('a rule created on the api reaches a separate worker process within seconds', () => {
  let api: RoleProcess;
  let worker: RoleProcess;
  afterAll(() => Promise.all([api?.stop(), worker?.stop()]));

  it('applies to the next log', async () => {
    const suffix = randomBytes(4).toString('hex');
    const uri = new URL(process.env.MONGO_URI!);
    uri.pathname = `/logsieve_rules_${suffix}`;
    const env = { MONGO_URI: uri.toString(), QUEUE_PREFIX: `{logsieve-rules-${suffix}}`, LOG_LEVEL: 'warn' };
    api = await startRoleProcess('api', env);
    worker = await startRoleProcess('worker', env);
    const post = (path: string, body: unknown) =>
      fetch(`${api.url}${path}`, { method: 'POST', headers: { 'Content-Type': 'application/json', ...keyHeader() }, body: JSON.stringify(body) });

    // The worker compiles its ruleset on its first job, which is waited for; only then is the
    // rule created, so it can reach the worker only by notification (or the 30 s check, too late here).
    const warmup = (await (await post('/logs', { log_data: { warmup: true } })).json()) as { log_id: string };
    await waitFor(async () => {
      const body = (await (await fetch(`${api.url}/logs/${warmup.log_id}`, { headers: keyHeader() })).json()) as { status: string };
      return body.status === 'processed';
    }, 10_000, 'the warm-up log to be processed');
    expect((await post('/redaction/rules', { id: 'ticket', kind: 'pattern', type: 'ticket', pattern: 'TCK-\\d+', action: { kind: 'remove' } })).status).toBe(201);

    const created = Date.now();
    const record = await waitFor(async () => {
      const { log_id } = (await (await post('/logs', { log_data: 'ticket TCK-4242 opened' })).json()) as { log_id: string };
      const stored = await waitFor(async () => {
        const body = (await (await fetch(`${api.url}/logs/${log_id}`, { headers: keyHeader() })).json()) as { status: string; log_data: string };
        return body.status === 'processed' ? body : undefined;
      }, 5000);
      return stored.log_data === 'ticket  opened' ? stored : undefined;
    }, 20_000, 'the worker to apply the new rule');
    expect(record.log_data).toBe('ticket  opened');
    // The worker's own check runs 30 s after it booted; arriving well before that shows the
    // notification carried the rule (a bound with room for a loaded machine, not a speed claim).
    expect(Date.now() - created).toBeLessThan(20_000);
  }, 60_000);
});
