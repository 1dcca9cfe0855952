// Secrets found by the name of their field, the uncommon names included (PINs, card codes,
// security answers, one-time and recovery codes, MFA seeds, `pw`), and the look-alikes kept:
// counters, flags, status, country and zip codes. Values are built at run time.
import { BUILTIN_RULES } from '../builtin-rules';
import { Redactor } from '../redactor';

const redactor = new Redactor(BUILTIN_RULES, { pseudonymKey: { id: 'k1', secret: Buffer.from('secret-fields-spec') } });
const digits = (n: number, seed = 7) => Array.from({ length: n }, (_, i) => String((seed * (i + 3)) % 10)).join('');
/** A base32 TOTP seed, as authenticator apps take them. */
const base32Seed = () => Array.from({ length: 32 }, (_, i) => 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'[(i * 11 + 5) % 32]).join('');
const paths = (record: object) => redactor.redact(record).findings.map((f) => f.path);

describe('secret fields by name', () => {
  it.each([
    [{ card_pin: digits(4) }, '$.card_pin'],
    [{ payment: { cvc2: digits(3) } }, '$.payment.cvc2'],
    [{ cvv2: digits(3) }, '$.cvv2'],
    [{ billing_cvv: digits(3) }, '$.billing_cvv'],
    [{ card: { cid: digits(4) } }, '$.card'],
    [{ cards: [{ cid: digits(4) }] }, '$.cards[0].cid'],
    [{ payment_card: { csc: digits(3) } }, '$.payment_card.csc'],
    [{ cardCode: digits(3) }, '$.cardCode'],
    [{ security_answer: 'Rosebud the sled' }, '$.security_answer'],
    [{ securityAnswers: ['Rosebud', 'Paris'] }, '$.securityAnswers'],
    [{ otp_code: digits(6) }, '$.otp_code'],
    [{ otp: digits(6) }, '$.otp'],
    [{ mfa: { code: digits(6) } }, '$.mfa.code'],
    [{ user_mfa: { code: Number(digits(6)) } }, '$.user_mfa.code'],
    [{ two_factor_auth_code: digits(6) }, '$.two_factor_auth_code'],
    [{ smsCode: digits(6) }, '$.smsCode'],
    [{ verification: { code: digits(6) } }, '$.verification.code'],
    [{ recovery_code: `${digits(5)}-${digits(5, 3)}` }, '$.recovery_code'],
    [{ backup_codes: [digits(8), digits(8, 3)] }, '$.backup_codes'],
    [{ recovery_key: digits(24) }, '$.recovery_key'],
    [{ mfa_seed: base32Seed() }, '$.mfa_seed'],
    [{ totpSeed: base32Seed() }, '$.totpSeed'],
    [{ reset_code: digits(6) }, '$.reset_code'],
    [{ login: { answer: 'blue' } }, '$.login.answer'],
    [{ database: { host: 'db-1', user: 'app', pw: 'Tr0ub4dor&3' } }, '$.database.pw'],
    [{ atm_pin: digits(4) }, '$.atm_pin'],
  ])('redacts %j', (record, path) => {
    expect(paths(record)).toContain(path);
  });

  it.each([
    [{ pin_count: 3 }],
    [{ otp_enabled: true }],
    [{ mfa: { enabled: true, method: 'totp' } }],
    [{ otp: true }],
    [{ zip_code: '90210' }],
    [{ status_code: 401, country_code: 'DE', currency_code: 'EUR' }],
    [{ login: { status_code: 401 } }],
    [{ error: { code: 'E_TIMEOUT' } }],
    [{ response: { code: 200 } }],
    [{ discard: { code: 'X1' } }],
    [{ preset: { key: 'dark-mode' } }],
    [{ payment: { code: 'SEPA' } }],
    [{ payment_code: 'SEPA' }],
    [{ card_brand: 'visa', card_last4: '4242', card_type: 'credit' }],
    [{ security_question: 'Name of your first pet?' }],
    [{ key_id: 'kid-2026', sort_key: 'createdAt', cache_key: 'orders' }],
    [{ promo_code: 'WINTER25', country: 'FR' }],
    [{ answer: 42, question: 'meaning' }],
    [{ challenge: { type: 'captcha' } }],
  ])('keeps %j', (record) => {
    expect(paths(record)).toEqual([]);
  });

  it.each([
    [`pin=${digits(4)}`],
    [`card_pin: ${digits(4)}`],
    [`cvv2=${digits(3)}`],
    [`otp_code=${digits(6)}`],
    [`security_answer="Rosebud"`],
    [`recovery_codes: ${digits(8)}`],
    [`mfa_seed=${base32Seed()}`],
    [`connecting with user=app pw=Tr0ub4dor&3`],
  ])('redacts the value in the line %j', (line) => {
    const { value } = redactor.redact({ message: line });
    expect(value.message).toMatch(/\[REDACTED/);
  });

  it.each([['spin=3 rotations'], ['pin_count=3'], ['otp_enabled=true'], ['zip_code=90210'], ['status_code=401']])('keeps the line %j', (line) => {
    expect(paths({ message: line })).toEqual([]);
  });
});
