// Personal data: contact details, government and bank identifiers, network addresses.
// Each loose pattern is paired with a validator that rejects look-alikes.
import type { PatternRule } from '../rule';
import { scanPattern } from '../scan-pattern';
import { isEmailAddress, isIban, isImei, isMacAddress, isPaymentCard, isPersonalIpv4, isPersonalIpv6, isPhoneNumber, isUsSsn } from '../validators';

const replace = { kind: 'replace' } as const;

// Letters, marks and digits of any script (RFC 6531 addresses: `josé@correo.es`, `用户@例子.广告`).
// Unbounded here and measured by the validator: counted repeats of Unicode classes make a
// program too large for RE2's multi-pattern prefilter.
const EMAIL_LOCAL = String.raw`(?:[\p{L}\p{M}\p{N}_.%+-]+|"[^"\n\\]{1,62}")`;
const EMAIL_DOMAIN = String.raw`[\p{L}\p{N}](?:[\p{L}\p{M}\p{N}.-]*[\p{L}\p{M}\p{N}])?`;

export const email: PatternRule = {
  id: 'email',
  kind: 'pattern',
  type: 'email',
  action: replace,
  pattern: scanPattern(`${EMAIL_LOCAL}@${EMAIL_DOMAIN}`, {
    caseInsensitive: true,
    notPrecededBy: String.raw`\p{L}\p{M}\p{N}_.%+-`,
    notFollowedBy: String.raw`\p{L}\p{M}\p{N}_-`,
  }),
  // `scheme://user:password@host` is a URL's userinfo, not an address (url-credentials takes it).
  validate: (candidate, match) => isEmailAddress(candidate) && !/:\/\/[^\s/@:]*:$/.test(match.textBefore(200)),
  specificity: 5,
};

export const paymentCard: PatternRule = {
  id: 'payment-card',
  kind: 'pattern',
  type: 'card',
  // PCI DSS allows showing the last four digits.
  action: { kind: 'mask', keepLast: 4 },
  pattern: scanPattern(String.raw`\d(?:[ -]?\d){11,18}`, { notPrecededBy: String.raw`\d-`, notFollowedBy: String.raw`\d-` }),
  validate: isPaymentCard,
  specificity: 8,
};

export const phone: PatternRule = {
  id: 'phone',
  kind: 'pattern',
  type: 'phone',
  action: replace,
  // Not followed by a word character, `:` or `-`, nor by `.` and a digit (a version's next part).
  pattern: scanPattern(String.raw`(?:\+|00)?\(?\d[\d ().-]{5,20}\d`, {
    notPrecededBy: String.raw`\w+.:-`,
    followedBy: String.raw`$|[^\w:.-]|\.(?:$|\D)`,
  }),
  validate: (candidate) => isPhoneNumber(candidate),
  specificity: 3,
};

export const iban: PatternRule = {
  id: 'iban',
  kind: 'pattern',
  type: 'iban',
  action: replace,
  pattern: scanPattern(String.raw`[A-Z]{2}\d{2}(?: ?[A-Z0-9]){11,30}`, { notPrecededBy: 'A-Za-z0-9', notFollowedBy: 'A-Za-z0-9' }),
  validate: isIban,
  specificity: 8,
};

export const usSsn: PatternRule = {
  id: 'us-ssn',
  kind: 'pattern',
  type: 'ssn',
  action: replace,
  pattern: scanPattern(String.raw`\d{3}-\d{2}-\d{4}|\d{3} \d{2} \d{4}`, { notPrecededBy: String.raw`\w-`, notFollowedBy: String.raw`\w-` }),
  validate: isUsSsn,
  specificity: 6,
};

export const ipv4: PatternRule = {
  id: 'ipv4',
  kind: 'pattern',
  type: 'ip',
  action: replace,
  pattern: scanPattern(String.raw`(?:\d{1,3}\.){3}\d{1,3}`, { notPrecededBy: String.raw`\w.`, followedBy: String.raw`$|[^\w.]|\.(?:$|\D)` }),
  // `version 1.2.3.4` is a version, however it is written.
  validate: (candidate, match) => isPersonalIpv4(candidate) && !/\b(?:v|ver|version|release)[\s:=]*$/i.test(match.textBefore(12)),
  specificity: 7,
};

export const ipv6: PatternRule = {
  id: 'ipv6',
  kind: 'pattern',
  type: 'ip',
  action: replace,
  pattern: scanPattern(String.raw`(?:[0-9a-f]{0,4}:){2,7}(?:(?:\d{1,3}\.){3}\d{1,3}|[0-9a-f]{1,4})?(?:%[\w.]+)?`, {
    caseInsensitive: true,
    notPrecededBy: String.raw`\w:.`,
    notFollowedBy: String.raw`\w:.`,
  }),
  validate: isPersonalIpv6,
  specificity: 7,
};

export const macAddress: PatternRule = {
  id: 'mac-address',
  kind: 'pattern',
  type: 'mac',
  action: replace,
  pattern: scanPattern(String.raw`(?:[0-9a-f]{2}:){5}[0-9a-f]{2}|(?:[0-9a-f]{2}-){5}[0-9a-f]{2}|[0-9a-f]{4}\.[0-9a-f]{4}\.[0-9a-f]{4}`, {
    caseInsensitive: true,
    notPrecededBy: String.raw`\w:.-`,
    notFollowedBy: String.raw`\w:.-`,
  }),
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
  pattern: scanPattern(String.raw`\d{2}-\d{6}-\d{6}-\d|\d{15}`, { notPrecededBy: String.raw`\w-`, notFollowedBy: String.raw`\w-` }),
  validate: (candidate, match) => isImei(candidate) && (candidate.includes('-') || /imei\W{0,3}$/i.test(match.textBefore(8))),
  specificity: 7,
};

export const PERSONAL_DATA_RULES: readonly PatternRule[] = [email, paymentCard, phone, iban, usSsn, ipv4, ipv6, macAddress, imei];
