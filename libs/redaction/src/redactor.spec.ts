import { BUILTIN_RULES, Redactor, mask, pseudonym, scanPattern, summariseFindings, type RedactionRule } from './index';

const key = { id: 'k1', secret: Buffer.from('unit-test-pseudonym-key') };
const redactor = new Redactor(BUILTIN_RULES, { pseudonymKey: key });
const redactText = (text: string) => redactor.redact(text).value;

describe('Redactor with the built-in rules', () => {
  it('keeps a __proto__ key as data when it rebuilds a record', () => {
    const record = JSON.parse('{"__proto__": {"note": "mail a@example.com"}, "b": 1}') as object;
    const { value } = redactor.redact(record);
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
    expect(JSON.stringify(value)).toBe('{"__proto__":{"note":"mail [REDACTED:email]"},"b":1}');
  });

  describe('email', () => {
    it.each([
      ['john@example.com', 'mail john@example.com now'],
      ['first.last+tag@sub.example.co.uk', 'to=<first.last+tag@sub.example.co.uk>'],
      ['A_B@Example.ORG', '"A_B@Example.ORG"'],
    ])('redacts %s', (address, text) => {
      const out = redactText(text);
      expect(out).not.toContain(address);
      expect(out).toContain('[REDACTED:email]');
    });

    it.each(['icon@2x.png', 'user@localhost', 'git@', '@handle', 'a@b', 'pkg@1.2.3'])('keeps look-alike %s', (text) => {
      expect(redactText(text)).toBe(text);
    });

    it('redacts both addresses in one string (the seed redacted only the last)', () => {
      expect(redactText('from a@example.com to b@example.org')).toBe('from [REDACTED:email] to [REDACTED:email]');
    });
  });

  describe('payment card', () => {
    const visa = ['4111', '1111', '1111', '1111'];
    it.each([
      ['spaced', visa.join(' ')],
      ['dashed', visa.join('-')],
      ['bare', visa.join('')],
      ['amex', '3782 822463 10005'],
      ['mastercard', '5500 0000 0000 0004'],
    ])('masks a %s card to its last four digits', (_, card) => {
      const out = redactText(`card ${card} charged`);
      const digits = card.replace(/\D/g, '');
      expect(out.replace(/\D/g, '')).toBe(digits.slice(-4));
      expect(out).toMatch(/\*{4}/);
    });

    it.each([
      ['Luhn-invalid', '4111 1111 1111 1112'],
      ['order id', '1234567890123456'],
      ['epoch millis', '1732838400000'],
      ['mixed separators', '4111 1111-1111 1111'],
      ['all one digit', '0000000000000000'],
    ])('keeps a %s number', (_, text) => {
      expect(redactText(text)).toBe(text);
    });

    it('redacts a card given as a JSON number', () => {
      const { value } = redactor.redact({ n: Number(visa.join('')) });
      expect(value).toEqual({ n: '************1111' });
    });
  });

  describe('phone', () => {
    it.each(['+44 20 7946 0958', '+1 (415) 555-2671', '(415) 555-2671', '+33 1 42 68 53 00', '0044 20 7946 0958'])('redacts %s', (phone) => {
      expect(redactText(`call ${phone} today`)).toBe('call [REDACTED:phone] today');
    });

    it.each([
      ['a timestamp', '2026-11-29 10:00:00'],
      ['a date', '2026-11-29'],
      ['a plain id', 'order 20231015123456'],
      ['a version', 'v1.24.2'],
      ['a UUID', '1b41b21d-dc5f-4ac9-9da4-6353b2de70a7'],
      ['a duration', 'took 1234 ms'],
    ])('keeps %s', (_, text) => {
      expect(redactText(text)).toBe(text);
    });
  });

  describe('secrets', () => {
    const token = 'tok' + '_' + 'a1B2c3D4e5F6g7H8';

    it('redacts a bearer token but keeps the scheme', () => {
      expect(redactText(`Authorization: Bearer ${token}`)).toBe('Authorization: Bearer [REDACTED:token]');
    });

    it.each([`password=${token}`, `api_key: "${token}"`, `?access_token=${token}&x=1`, `client_secret=${token}`])('redacts the value in %s', (text) => {
      const out = redactText(text);
      expect(out).not.toContain(token);
      expect(out).toContain('[REDACTED:');
    });

    it.each(['password=${DB_PASSWORD}', 'token: null', 'secret={{ vault }}', 'password=true'])('keeps the placeholder in %s', (text) => {
      expect(redactText(text)).toBe(text);
    });

    it.each(['password', 'Password', 'user_password', 'api-key', 'API_KEY', 'access_token', 'Authorization', 'client.secret', 'Cookie', 'ssn'])(
      'redacts any value of a field named %s',
      (field) => {
        const { value, findings } = redactor.redact({ [field]: { nested: 'anything' } });
        expect(value).toEqual({ [field]: '[REDACTED:secret]' });
        expect(findings).toEqual([{ rule: 'secret-field', path: expect.stringContaining('$'), action: 'replace' }]);
      },
    );

    it.each(['token_type', 'max_tokens', 'author', 'passage', 'keyboard', 'tokens_used'])('keeps the value of a field named %s', (field) => {
      expect(redactor.redact({ [field]: 'value' }).value).toEqual({ [field]: 'value' });
    });
  });

  it('walks any depth of JSON, arrays and keys, and reports paths without values', () => {
    const input = {
      user: { contacts: [{ email: 'deep@example.com' }, 'call +44 20 7946 0958'] },
      'reply@example.com': 'key holds an address',
      count: 3,
      ok: true,
      none: null,
    };
    const { value, findings } = redactor.redact(input);
    const text = JSON.stringify(value);
    expect(text).not.toContain('deep@example.com');
    expect(text).not.toContain('7946');
    expect(text).not.toContain('reply@example.com');
    expect(value).toMatchObject({ count: 3, ok: true, none: null });
    expect(summariseFindings(findings)).toEqual(
      expect.arrayContaining([
        { rule: 'email', path: '$.user.contacts[0].email', count: 1 },
        { rule: 'phone', path: '$.user.contacts[1]', count: 1 },
        { rule: 'email', path: '$~key', count: 1 },
      ]),
    );
    expect(JSON.stringify(findings)).not.toMatch(/example\.com|7946/);
  });

  it('prefers the longest match where matches overlap', () => {
    // The card's digits also contain phone-shaped runs: the card wins, once.
    const { value, findings } = redactor.redact('pay 4111 1111 1111 1111');
    expect(value).toBe('pay **** **** **** 1111');
    expect(findings.map((f) => f.rule)).toEqual(['payment-card']);
  });

  it('does not touch a clean record', () => {
    const clean = { service: 'checkout', level: 'info', msg: 'order 12345 shipped in 250 ms', id: '1b41b21d-dc5f-4ac9-9da4-6353b2de70a7' };
    expect(redactor.redact(clean)).toEqual({ value: clean, findings: [] });
  });

  it('bounds the work per string', () => {
    const small = new Redactor(BUILTIN_RULES, { pseudonymKey: key, maxStringLength: 10 });
    expect(small.redact('a'.repeat(25)).value).toBe('a'.repeat(10) + '[TRUNCATED:15 chars]');
  });
});

describe('actions', () => {
  const rule = (action: RedactionRule['action']): RedactionRule[] => [
    { id: 'email', kind: 'pattern', type: 'email', action, pattern: scanPattern(String.raw`\S+@\S+\.\w+`) },
  ];
  const run = (action: RedactionRule['action'], text: string) => new Redactor(rule(action), { pseudonymKey: key }).redact(text).value;

  it('remove drops the value', () => expect(run({ kind: 'remove' }, 'to a@b.io!')).toBe('to !'));
  it('replace uses the given text', () => expect(run({ kind: 'replace', replacement: '<email>' }, 'a@b.io')).toBe('<email>'));
  it('mask keeps first and last characters', () => expect(run({ kind: 'mask', keepFirst: 1, keepLast: 2 }, 'ab@cd.io')).toBe('a*@**.io'));

  it('hash gives stable, keyed pseudonyms that still correlate', () => {
    const first = run({ kind: 'hash' }, 'a@b.io');
    expect(first).toMatch(/^<email:k1:[0-9a-f]{16}>$/);
    expect(run({ kind: 'hash' }, 'a@b.io')).toBe(first);
    expect(run({ kind: 'hash' }, 'c@b.io')).not.toBe(first);
    expect(pseudonym('email', 'a@b.io', { id: 'k1', secret: Buffer.from('another key') })).not.toBe(first);
  });

  it('mask keeps separators in place', () => expect(mask('4111-1111-1111-1111', 0, 4)).toBe('****-****-****-1111'));
});

describe('Redactor configuration', () => {
  it('skips disabled rules', () => {
    const rules = BUILTIN_RULES.map((rule) => (rule.id === 'email' ? { ...rule, enabled: false } : rule));
    expect(new Redactor(rules, { pseudonymKey: key }).redact('a@example.com').value).toBe('a@example.com');
  });
});

describe('work per record', () => {
  // 20,000 phone-shaped candidates (240 KB), each checked by libphonenumber: linear, but not cheap.
  const heavy = { message: '+1 555 0100 '.repeat(20_000), note: 'mail a@example.com', ['x'.repeat(20)]: 'y', ['z'.repeat(20)]: 'w' };
  // Compared by what it holds, so a failure does not print a quarter of a megabyte.
  const unchangedHeavy = (value: Record<string, unknown>) => ({ ...value, message: value.message === heavy.message ? 'unchanged' : 'changed' });

  it('replaces every string of a record that outlives its budget, and says so', () => {
    const hurried = new Redactor(BUILTIN_RULES, { pseudonymKey: key, budgetMs: 1 });
    const { value, findings } = hurried.redact(heavy);
    // Field names get a scan of their own and stay when clean; one letter holds nothing.
    expect(value).toEqual({ message: '[REDACTED:unscanned]', note: '[REDACTED:unscanned]', ['x'.repeat(20)]: 'y', ['z'.repeat(20)]: 'w' });
    expect(findings.map((f) => f.path)).toEqual(['$.message', '$.note']);
    expect(new Set(findings.map((f) => f.rule))).toEqual(new Set(['unscanned']));
  });

  it('numbers long keys of a record that outlives its budget, so its fields stay apart', () => {
    const hurried = new Redactor(BUILTIN_RULES, { pseudonymKey: key, budgetMs: 1 });
    const longKey = (c: string) => `${c.repeat(200)} mail b@example.com`;
    const { value } = hurried.redact({ message: heavy.message, [longKey('p')]: 1, [longKey('q')]: 2, ['gh' + 'p_' + 'A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8']: 3 });
    expect(value).toEqual({ message: '[REDACTED:unscanned]', '[REDACTED:unscanned key 2]': 1, '[REDACTED:unscanned key 3]': 2, '[REDACTED:token]': 3 });
  });

  // How long it takes, beside the default budget, is bench:redaction's figure: a timed test failed on a loaded machine.
  it('finishes the same record, every string scanned, given a budget it fits in', () => {
    const { value } = new Redactor(BUILTIN_RULES, { pseudonymKey: key, budgetMs: 120_000 }).redact(heavy);
    expect(unchangedHeavy(value)).toEqual({ ...heavy, message: 'unchanged', note: 'mail [REDACTED:email]' });
  });

  it('gives the event loop turns while it works on a large record', async () => {
    const sliced = new Redactor(BUILTIN_RULES, { pseudonymKey: key, sliceMs: 2 });
    let turns = 0;
    const ticker = setInterval(() => turns++, 0);
    const { value } = await sliced.redactAsync(heavy);
    clearInterval(ticker);
    expect(unchangedHeavy(value)).toEqual({ ...heavy, message: 'unchanged', note: 'mail [REDACTED:email]' });
    expect(turns).toBeGreaterThan(3);
  });

  it('returns an unchanged record as it came, without copying it', () => {
    const clean = { message: 'request completed', http: { status: 200 } };
    expect(redactor.redact(clean).value).toBe(clean);
  });
});

describe('strings joined for one scan', () => {
  it('never takes a match that spans two strings, and still finds each string’s own', () => {
    const { value, findings } = redactor.redact({ a: 'Authorization: Bearer', b: 'plainwordsonly here', c: 'password=', d: 'hunter2 x@example.com' });
    expect(value).toEqual({ a: 'Authorization: Bearer', b: 'plainwordsonly here', c: 'password=', d: 'hunter2 [REDACTED:email]' });
    expect(findings.map((f) => f.path)).toEqual(['$.d']);
  });

  it('reports offsets in characters for text that is not ASCII', () => {
    const { value, findings } = redactor.redact({ m: 'ünïcödé → 😀 mail a@example.com' });
    expect(value).toEqual({ m: 'ünïcödé → 😀 mail [REDACTED:email]' });
    expect(findings).toEqual([{ rule: 'email', path: '$.m', start: 18, end: 31, action: 'replace' }]);
  });

  it('names a redacted key by its redacted text in the paths below it', () => {
    const token = 'gh' + 'p_' + 'aB3dE5fG7hJ9kLmN2pQ4rS6tU8vW0xYz1234';
    const { value, findings } = redactor.redact({ [token]: { email: 'a@example.com' } });
    expect(value).toEqual({ '[REDACTED:token]': { email: '[REDACTED:email]' } });
    expect(findings.map((f) => f.path).sort()).toEqual(['$["[REDACTED:token]"].email', '$~key']);
  });
});
