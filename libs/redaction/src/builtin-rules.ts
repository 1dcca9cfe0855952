// The built-in catalogue, as data. Each pattern is deliberately loose and paired with a
// validator that rejects look-alikes, so accuracy comes from checks rather than regex tricks.
import type { FieldRule, PatternRule, RedactionRule } from './rule';
import { isEmailAddress, isPaymentCard, isPhoneNumber } from './validators';

const replace = { kind: 'replace' } as const;

/** Field names (normalised) whose values are secrets whatever they look like. */
const SECRET_FIELD_WORDS = ['password', 'passwd', 'passphrase', 'secret', 'apikey', 'privatekey', 'authorization', 'cookie', 'credential'];
const SECRET_FIELD_EXACT = new Set(['pwd', 'pass', 'auth', 'token', 'ssn', 'cvv', 'cvc', 'pin', 'card', 'cardnumber', 'creditcard', 'cardno', 'pan', 'setcookie']);
const SECRET_FIELD_SUFFIXES = ['token', 'pwd', 'password', 'secret', 'apikey', 'ssn', 'cardnumber'];

export function isSecretFieldName(normalisedKey: string): boolean {
  return (
    SECRET_FIELD_EXACT.has(normalisedKey) ||
    SECRET_FIELD_WORDS.some((word) => normalisedKey.includes(word)) ||
    SECRET_FIELD_SUFFIXES.some((suffix) => normalisedKey.endsWith(suffix))
  );
}

export const secretField: FieldRule = {
  id: 'secret-field',
  kind: 'field',
  type: 'secret',
  action: replace,
  matches: isSecretFieldName,
};

export const email: PatternRule = {
  id: 'email',
  kind: 'pattern',
  type: 'email',
  action: replace,
  keywords: ['@'],
  pattern: /(?<![\w.%+-])[\w.%+-]{1,64}@[a-z0-9](?:[a-z0-9.-]{0,251}[a-z0-9])?(?![\w-])/gi,
  validate: isEmailAddress,
  specificity: 5,
};

export const paymentCard: PatternRule = {
  id: 'payment-card',
  kind: 'pattern',
  type: 'card',
  action: { kind: 'mask', keepLast: 4 },
  pattern: /(?<![\d-])\d(?:[ -]?\d){11,18}(?![\d-])/g,
  validate: isPaymentCard,
  specificity: 8,
};

export const phone: PatternRule = {
  id: 'phone',
  kind: 'pattern',
  type: 'phone',
  action: replace,
  pattern: /(?<![\w+.-])(?:\+|00)?\(?\d[\d ().-]{5,20}\d(?![\w-])/g,
  validate: (candidate) => isPhoneNumber(candidate),
  specificity: 3,
};

export const bearerToken: PatternRule = {
  id: 'bearer-token',
  kind: 'pattern',
  type: 'token',
  action: replace,
  keywords: ['bearer', 'basic'],
  pattern: /\b(?:bearer|basic)\s+([a-z0-9\-._~+/]{8,}=*)/gi,
  group: 1,
  specificity: 9,
};

/** `password=hunter2`, `"api_key": "..."`, `token: abc` inside text lines and query strings. */
export const secretAssignment: PatternRule = {
  id: 'secret-assignment',
  kind: 'pattern',
  type: 'secret',
  action: replace,
  keywords: ['pass', 'pwd', 'secret', 'token', 'key', 'auth', 'cookie', 'credential'],
  pattern:
    /\b[\w.-]*(?:password|passwd|passphrase|pwd|secret|token|api[_-]?key|private[_-]?key|access[_-]?key|auth|cookie|credentials?)\b["']?\s*[:=]\s*["']?(\$\{[^}]{0,128}\}|\{\{[^}]{0,128}\}\}|[^\s"'&,;]{1,512})/gi,
  group: 1,
  validate: (value) => !/^(?:true|false|null|undefined|none|\*+|\$\{[^}]*\}|\{\{[^}]*\}\})$/i.test(value),
  specificity: 7,
};

export const BUILTIN_RULES: readonly RedactionRule[] = [secretField, email, paymentCard, phone, bearerToken, secretAssignment];
