// Personal data: contact details, government and bank identifiers, network addresses.
// Each loose pattern is paired with a validator that rejects look-alikes.
import type { PatternRule } from '../rule';
import { isEmailAddress, isIban, isImei, isMacAddress, isPaymentCard, isPersonalIpv4, isPersonalIpv6, isPhoneNumber, isUsSsn } from '../validators';

const replace = { kind: 'replace' } as const;

/** Up to `length` characters of the scanned string just before a match. */
const textBefore = (match: RegExpMatchArray, length: number) => match.input!.slice(Math.max(0, match.index! - length), match.index);

export const email: PatternRule = {
  id: 'email',
  kind: 'pattern',
  type: 'email',
  action: replace,
  requires: (s) => s.count('@') > 0,
  pattern: /(?<![\w.%+-])[\w.%+-]{1,64}@[a-z0-9](?:[a-z0-9.-]{0,251}[a-z0-9])?(?![\w-])/gi,
  // `scheme://user:password@host` is a URL's userinfo, not an address (url-credentials takes it).
  validate: (candidate, match) => isEmailAddress(candidate) && !/:\/\/[^\s/@:]*:$/.test(textBefore(match, 200)),
  specificity: 5,
};

export const paymentCard: PatternRule = {
  id: 'payment-card',
  kind: 'pattern',
  type: 'card',
  // PCI DSS allows showing the last four digits.
  action: { kind: 'mask', keepLast: 4 },
  minDigits: 12,
  pattern: /(?<![\d-])\d(?:[ -]?\d){11,18}(?![\d-])/g,
  validate: isPaymentCard,
  specificity: 8,
};

export const phone: PatternRule = {
  id: 'phone',
  kind: 'pattern',
  type: 'phone',
  action: replace,
  minDigits: 7,
  pattern: /(?<![\w+.:-])(?:\+|00)?\(?\d[\d ().-]{5,20}\d(?![\w:-]|\.\d)/g,
  validate: (candidate) => isPhoneNumber(candidate),
  specificity: 3,
};

export const iban: PatternRule = {
  id: 'iban',
  kind: 'pattern',
  type: 'iban',
  action: replace,
  minDigits: 10,
  pattern: /(?<![A-Za-z0-9])[A-Z]{2}\d{2}(?: ?[A-Z0-9]){11,30}(?![A-Za-z0-9])/g,
  validate: isIban,
  specificity: 8,
};

export const usSsn: PatternRule = {
  id: 'us-ssn',
  kind: 'pattern',
  type: 'ssn',
  action: replace,
  minDigits: 9,
  requires: (s) => s.count('-') >= 2 || s.count(' ') >= 2,
  pattern: /(?<![\w-])\d{3}([- ])\d{2}\1\d{4}(?![\w-])/g,
  validate: isUsSsn,
  specificity: 6,
};

export const ipv4: PatternRule = {
  id: 'ipv4',
  kind: 'pattern',
  type: 'ip',
  action: replace,
  minDigits: 4,
  requires: (s) => s.count('.') >= 3,
  pattern: /(?<![\w.])(?:\d{1,3}\.){3}\d{1,3}(?![\w]|\.\d)/g,
  // `version 1.2.3.4` is a version, however it is written.
  validate: (candidate, match) => isPersonalIpv4(candidate) && !/\b(?:v|ver|version|release)[\s:=]*$/i.test(textBefore(match, 12)),
  specificity: 7,
};

export const ipv6: PatternRule = {
  id: 'ipv6',
  kind: 'pattern',
  type: 'ip',
  action: replace,
  requires: (s) => s.count(':') >= 2,
  pattern: /(?<![\w:.])(?:[0-9a-f]{0,4}:){2,7}(?:(?:\d{1,3}\.){3}\d{1,3}|[0-9a-f]{1,4})?(?:%[\w.]+)?(?![\w:.])/gi,
  validate: isPersonalIpv6,
  specificity: 7,
};

export const macAddress: PatternRule = {
  id: 'mac-address',
  kind: 'pattern',
  type: 'mac',
  action: replace,
  requires: (s) => s.count(':') >= 5 || s.count('-') >= 5 || s.count('.') >= 2,
  pattern: /(?<![\w:.-])(?:[0-9a-f]{2}([:-])(?:[0-9a-f]{2}\1){4}[0-9a-f]{2}|[0-9a-f]{4}\.[0-9a-f]{4}\.[0-9a-f]{4})(?![\w:.-])/gi,
  validate: isMacAddress,
  specificity: 6,
};

/**
 * IMEIs are 15 Luhn-valid digits, which one in ten random 15-digit ids also is: bare digits
 * count only next to the word IMEI; the 2-6-6-1 grouping counts anywhere.
 */
export const imei: PatternRule = {
  id: 'imei',
  kind: 'pattern',
  type: 'imei',
  action: replace,
  minDigits: 15,
  pattern: /(?<![\w-])(?:\d{2}-\d{6}-\d{6}-\d|(?<=imei\W{0,3})\d{15})(?![\w-])/gi,
  validate: isImei,
  specificity: 7,
};

export const PERSONAL_DATA_RULES: readonly PatternRule[] = [email, paymentCard, phone, iban, usSsn, ipv4, ipv6, macAddress, imei];
