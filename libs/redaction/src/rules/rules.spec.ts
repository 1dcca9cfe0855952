// Every built-in detector: values it must redact, and look-alikes it must keep.
// Fake credentials are assembled at run time so that secret scanners see no literal token.
import { BUILTIN_RULES } from '../builtin-rules';
import { Redactor } from '../redactor';

const redactor = new Redactor(BUILTIN_RULES, { pseudonymKey: { id: 'k1', secret: Buffer.from('rules-spec') } });
const rulesFiring = (text: string) => redactor.redact(text).findings.map((f) => f.rule);
const survives = (text: string, value: string) => redactor.redact(text).value.includes(value);

const repeat = (alphabet: string, length: number) => Array.from({ length }, (_, i) => alphabet[(i * 7 + 3) % alphabet.length]).join('');
const ALNUM = 'aB3dE5fG7hJ9kLmN2pQ4rS6tU8vW0xYz';
const b64url = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');

const POSITIVES: Array<[rule: string, value: string, context?: string]> = [
  ['iban', 'GB82 WEST 1234 5698 7654 32'],
  ['iban', 'DE89370400440532013000'],
  ['us-ssn', '123-45-6789'],
  ['ipv4', '203.0.113.42', 'client %s connected'],
  ['ipv6', '2001:db8::8a2e:370:7334'],
  ['ipv6', 'fe80::1ff:fe23:4567:890a%eth0'],
  ['ipv6', '::ffff:198.51.100.7'],
  ['mac-address', '00:1A:2B:3C:4D:5E'],
  ['mac-address', '001a.2b3c.4d5e'],
  ['imei', '49-015420-323751-8'],
  ['imei', '490154203237518', 'device imei: %s'],
  ['jwt', `${b64url({ alg: 'HS256', typ: 'JWT' })}.${b64url({ sub: '42' })}.${repeat(ALNUM, 43)}`],
  ['private-key', `-----BEGIN ${'PRIVATE'} KEY-----\n${repeat(ALNUM, 64)}\n${repeat(ALNUM, 20)}\n-----END ${'PRIVATE'} KEY-----`],
  ['private-key', `-----BEGIN OPENSSH ${'PRIVATE'} KEY-----\\n${repeat(ALNUM, 64)}`, 'key=%s (truncated)'],
  ['url-credentials', 'hunter2hunter2', 'postgres://app:%s@db.internal:5432/orders'],
  ['authorization-header', repeat(ALNUM, 24), 'Authorization: Bearer %s'],
  ['authorization-header', Buffer.from('user:pass').toString('base64'), 'Authorization: Basic %s'],
  ['aws-access-key-id', 'AKIA' + 'IOSFODNN7EXAMPLE'],
  ['aws-secret-access-key', repeat(ALNUM, 40), 'aws_secret_access_key = %s'],
  ['github-token', 'gh' + 'p_' + repeat(ALNUM, 36)],
  ['github-fine-grained-token', 'github' + '_pat_' + repeat(ALNUM, 22) + '_' + repeat(ALNUM, 59)],
  ['gitlab-token', 'gl' + 'pat-' + repeat(ALNUM, 20)],
  ['slack-token', 'xo' + 'xb-' + '123456789012-123456789012-' + repeat(ALNUM, 24)],
  ['slack-webhook', 'https://hooks.slack.com/services/' + 'T0000/B0000/' + repeat(ALNUM, 24)],
  ['stripe-key', 's' + 'k_live_' + repeat(ALNUM, 24)],
  ['stripe-key', 'r' + 'k_test_' + repeat(ALNUM, 24)],
  ['google-api-key', 'AI' + 'za' + repeat(ALNUM, 35)],
  ['npm-token', 'np' + 'm_' + repeat(ALNUM, 36)],
  ['sendgrid-api-key', 'S' + 'G.' + repeat(ALNUM, 22) + '.' + repeat(ALNUM, 43)],
  ['twilio-api-key', 'S' + 'K' + repeat('0123456789abcdef', 32)],
  ['openai-api-key', 's' + 'k-proj-' + repeat(ALNUM, 48)],
  ['anthropic-api-key', 's' + 'k-ant-api03-' + repeat(ALNUM, 93)],
  ['secret-assignment', 'kmVk8UkY', 'retry token=%s ref=1'],
  ['secret-assignment', 'hunter2', 'login password=%s'],
  ['secret-assignment', 'correct horse battery', 'cfg {"secret": "%s"}'],
  ['secret-assignment', repeat(ALNUM, 20), 'GET /cb?session_id=%s&x=1'],
  ['secret-assignment', 'S3cr3t!pw', 'Server=tcp:db,1433;User ID=sa;Password=%s;Encrypt=true'],
  ['secret-assignment', 'hunter2', 'Driver={ODBC};Uid=app;Pwd=%s;'],
  ['url-credentials', 'pa55word', 'redis://:%s@cache:6379/0'],
  ['connection-string-secret', repeat(ALNUM, 86) + '==', 'DefaultEndpointsProtocol=https;AccountName=acct;AccountKey=%s;EndpointSuffix=core.windows.net'],
  ['connection-string-secret', repeat(ALNUM, 43) + '=', 'Endpoint=sb://ns.servicebus.windows.net/;SharedAccessKeyName=Root;SharedAccessKey=%s'],
  ['signed-url-signature', repeat(ALNUM, 40) + '%3D', 'GET https://a.blob.core.windows.net/c/b?sv=2022-11-02&sp=r&sig=%s 403'],
  ['signed-url-signature', repeat('0123456789abcdef', 64), 'https://b.s3.amazonaws.com/k?X-Amz-Expires=900&X-Amz-Signature=%s'],
  ['street-address-in-text', 'Bahnhofstraße 9, 84402 Leipzig', 'parcel rerouted to %s after a failed delivery'],
  ['street-address-in-text', '221B Baker Street, London NW1 6XE', 'courier left it at %s'],
  ['birth-date-in-text', '1987-03-14', 'applicant born %s is under the minimum age'],
  ['birth-date-in-text', '14.03.1987', 'Antragsteller geb. %s in Leipzig'],
  ['personal-assignment', 'Jane van Doe', 'kyc full_name=%s status=ok'],
  ['personal-assignment', '1990-04-01', 'check {"date_of_birth": "%s"}'],
  ['personal-assignment', 'X1234567', 'passport_number: %s verified'],
  ['email', 'josé.garcía@correo.es', 'notify %s now'],
  ['email', 'пользователь@пример.рф', 'notify %s now'],
  ['email', '用户@例子.广告', 'notify %s now'],
  ['email', 'xn--80ak6aa92e@xn--e1afmkfd.xn--p1ai', 'notify %s now'],
  ['email', '"john doe"@example.com', 'bounce from %s'],
  ['payment-card', '6759649826438453003', 'GET /pay?card=%s&amount=3'],
  ['payment-card', '6304 1234 5678 9012 347', 'charged %s'],
];

const NEGATIVES: Array<[what: string, text: string]> = [
  ['a UUID', 'req 1b41b21d-dc5f-4ac9-9da4-6353b2de70a7'],
  ['a git SHA', 'build d0c0fe511111e9ae401e22035ca6b83adec60081'],
  ['a version', 'version 7.6.21'],
  ['a four-part version', 'version 3.11.7.0 installed'],
  ['a v-prefixed four-part version', 'agent v2.4.1.9'],
  ['a timestamp', '2026-08-22T18:25:00Z'],
  ['a clock time', 'at 10:30:00 UTC'],
  ['an epoch in ms', 'ts=1700098176349'],
  ['a Luhn-invalid 16-digit id', 'order 4111111111111112'],
  ['a 15-digit id without IMEI context', 'ref 490154203237518'],
  ['a date range', '2026-01-01..2026-02-01'],
  ['an SSN-shaped invalid area', 'code 000-12-3456'],
  ['an SSN with area 9xx', 'ticket 912-34-5678'],
  ['an IBAN with a bad checksum', 'GB82 WEST 1234 5698 7654 33'],
  ['a country-prefixed id of the wrong length', 'DE8937040044053201'],
  ['a JWT-shaped string whose header has no alg', `${b64url({ typ: 'JWT' })}.${b64url({ a: 1 })}.abcdefghij`],
  ['a public Stripe key', 'p' + 'k_live_' + repeat(ALNUM, 24)],
  ['a money amount', '729.66 EUR'],
  ['a path with ids', '/api/v2/orders/36372/items'],
  ['a weak name with a plain word', 'cache_key=orders'],
  ['a weak name with a short value', 'token=abc'],
  ['a placeholder', 'password=${DB_PASSWORD}'],
  ['a template', 'api_key={{ api_key }}'],
  ['a redaction marker', 'password=[REDACTED]'],
  ['a MAC-shaped hex with mixed separators', '00:1a-2b:3c:4d:5e'],
  ['loopback', 'listening on 127.0.0.1:8080'],
  ['an SKU', 'sku_KWCEVtOV'],
  ['latency', 'latency_ms=3859'],
  ['a URL without credentials', 'https://example.com/a?b=c'],
  ['a storage account name and endpoint', 'AccountName=stlogs01;EndpointSuffix=core.windows.net'],
  ['a shared access key name', 'SharedAccessKeyName=RootManageSharedAccessKey'],
  ['a SAS version and expiry', '?sv=2022-11-02&se=2026-12-01T00:00:00Z&sp=r'],
  ['a short signature-named flag', '?sig=1&x=2'],
  ['a username assignment', 'username=john_doe'],
  ['a host name assignment', 'hostname=web-01 name=checkout'],
  ['a file extension after an at', 'icon@2x.png'],
];

describe('built-in detectors', () => {
  it.each(POSITIVES)('%s redacts %s', (rule, value, context = 'value %s here') => {
    const text = context.replace('%s', value);
    expect(rulesFiring(text)).toContain(rule);
    expect(survives(text, value)).toBe(false);
  });

  it.each(NEGATIVES)('keeps %s', (_, text) => {
    expect(redactor.redact(text)).toEqual({ value: text, findings: [] });
  });

  it('has a unit case for every pattern rule', () => {
    const tested = new Set(POSITIVES.map(([rule]) => rule));
    const untested = BUILTIN_RULES.filter((rule) => rule.kind === 'pattern' && !tested.has(rule.id) && !['email', 'phone', 'payment-card'].includes(rule.id));
    expect(untested.map((rule) => rule.id)).toEqual([]);
  });
});

describe("the review's look-alikes (trust, third round)", () => {
  const secret = 'hunter' + '2-' + repeat(ALNUM, 6);

  it.each([
    ['a Cyrillic а', 'p\u0430ssword'],
    ['a Greek ο', 'passw\u03bfrd'],
    ['fullwidth letters', '\uff50\uff41\uff53\uff53\uff57\uff4f\uff52\uff44'],
    ['an accent', 'pässword'],
    ['a zero-width joiner', 'pass\u200dword'],
  ])('a secret field name spelled with %s is still a secret', (_what, key) => {
    const { value } = redactor.redact({ [key]: secret });
    expect(JSON.stringify(value)).not.toContain(secret);
  });

  it.each([`<${secret}>`, `\${${secret} here}`, `[REDACTED ${secret}]`])('a value merely shaped like a placeholder is redacted: password=%s', (shaped) => {
    expect(survives(`login password=${shaped} ok`, secret)).toBe(false);
  });

  it.each(['<your-api-key>', '<PASSWORD>', '<redacted>', '${DB_PASSWORD}', '{{ vault.db_password }}', '[REDACTED:secret-assignment]', '****', 'changeme'])('an exact placeholder form is kept: password=%s', (placeholder) => {
    const text = `password=${placeholder}`;
    expect(redactor.redact(text)).toEqual({ value: text, findings: [] });
  });

  it('redacts an unquoted (or quoted) value to its end, however long', () => {
    const long = repeat(ALNUM, 120_000);
    for (const text of [`password=${long} next`, `password="${long}" next`]) {
      const { value } = redactor.redact(text);
      expect(value).not.toContain(long.slice(-600));
      expect(value).not.toContain(long.slice(0, 600));
      expect(value).toMatch(/ next$/);
    }
  });
});
