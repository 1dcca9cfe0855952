// Credentials found by their context: headers, URLs, key blocks, tokens with a structure,
// values after secret-ish names, and fields whose name says they hold a secret.
import type { FieldContext, FieldRule, PatternRule } from '../rule';
import { scanPattern } from '../scan-pattern';
import { isJwt, isPlaceholder, looksRandom } from '../validators';
import { CONTEXT_SECRET_NAMES, SECRET_FIELD_NAMES } from './secret-field-names';

const replace = { kind: 'replace' } as const;

const SECRET_EXACT: ReadonlySet<string> = new Set(SECRET_FIELD_NAMES.exact);

/** Whether a field's name (normalised) says it holds a secret wherever it sits. */
export function isSecretFieldName(normalisedKey: string): boolean {
  return (
    SECRET_EXACT.has(normalisedKey) ||
    SECRET_FIELD_NAMES.containing.some((word) => normalisedKey.includes(word)) ||
    SECRET_FIELD_NAMES.endingWith.some((suffix) => normalisedKey.endsWith(suffix))
  );
}

export const secretField: FieldRule = {
  id: 'secret-field',
  kind: 'field',
  type: 'secret',
  action: replace,
  matches: isSecretFieldName,
  // A flag holds no secret: `otp: true` says only that one was used.
  appliesIn: (field) => typeof field.value !== 'boolean',
};

/** Whether `words` is one or more of `vocabulary` written together (`twofactorauth`). */
function isWordsOf(words: string, vocabulary: readonly string[]): boolean {
  if (words === '') return false;
  return vocabulary.some((word) => words.startsWith(word) && (words.length === word.length || isWordsOf(words.slice(word.length), vocabulary)));
}

/** Context words then one of their endings: `otpcode`, `cardpin`, `twofactorauthcode`. */
function isContextSecretName(normalisedKey: string): boolean {
  return CONTEXT_SECRET_NAMES.some(({ contexts, endings }) =>
    endings.some((ending) => normalisedKey.endsWith(ending) && isWordsOf(normalisedKey.slice(0, -ending.length), contexts)),
  );
}

/** Contexts distinctive enough to end a longer name (`user_mfa`, `primary_credit_card`); `card` and `reset` are not (`discard`, `preset`). */
const CONTEXT_TAILS = ['mfa', '2fa', 'twofactor', 'otp', 'totp', 'verification', 'recovery', 'creditcard', 'debitcard', 'payment'];

/** An ending alone (`code`, `cid`) in an object a context names: `mfa: {code}`, `cards: [{cid}]`, `payment_card: {cid}`, `user_mfa: {seed}`. */
function isBareEndingInContext(field: FieldContext, normalisedKey: string): boolean {
  const parent = field.parentName;
  if (parent === undefined) return false;
  const names = parent.endsWith('s') ? [parent, parent.slice(0, -1)] : [parent];
  return CONTEXT_SECRET_NAMES.some(
    ({ contexts, endings }) =>
      (endings as readonly string[]).includes(normalisedKey) &&
      names.some((name) => isWordsOf(name, contexts) || CONTEXT_TAILS.some((tail) => name.endsWith(tail) && (contexts as readonly string[]).includes(tail))),
  );
}

const BARE_ENDINGS: ReadonlySet<string> = new Set(CONTEXT_SECRET_NAMES.flatMap(({ endings }) => endings));

/** One-time codes, PINs, security answers, recovery codes and MFA seeds, named for their context (CONTEXT_SECRET_NAMES). */
export const contextSecretField: FieldRule = {
  id: 'context-secret-field',
  kind: 'field',
  type: 'secret',
  action: replace,
  matches: (key) => BARE_ENDINGS.has(key) || isContextSecretName(key),
  appliesIn: (field, key) => typeof field.value !== 'boolean' && (isContextSecretName(key) || isBareEndingInContext(field, key)),
};

export const authorizationHeader: PatternRule = {
  id: 'authorization-header',
  kind: 'pattern',
  type: 'token',
  action: replace,
  pattern: scanPattern(String.raw`\b(?:bearer|basic)\s+([a-z0-9\-._~+/]{8,}=*)`, { caseInsensitive: true }),
  group: 1,
  specificity: 9,
};

export const jwt: PatternRule = {
  id: 'jwt',
  kind: 'pattern',
  type: 'token',
  action: replace,
  pattern: scanPattern(String.raw`e[wy][A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{2,}\.[A-Za-z0-9_-]*`, { notPrecededBy: String.raw`\w-`, notFollowedBy: String.raw`\w-` }),
  validate: isJwt,
  specificity: 10,
};

export const privateKeyBlock: PatternRule = {
  id: 'private-key',
  kind: 'pattern',
  type: 'private-key',
  action: replace,
  // Up to the END line, or to the end of the base64 body when the block was cut short.
  pattern: scanPattern(
    String.raw`-----BEGIN[A-Z ]{0,20}PRIVATE KEY(?: BLOCK)?-----(?:[\s\S]*?-----END[A-Z ]{0,20}PRIVATE KEY(?: BLOCK)?-----|[A-Za-z0-9+/=\s\\:,-]*)`,
  ),
  specificity: 10,
};

export const urlCredentials: PatternRule = {
  id: 'url-credentials',
  kind: 'pattern',
  type: 'password',
  action: replace,
  // The user may be empty: `redis://:password@cache:6379`.
  pattern: scanPattern(String.raw`\b[a-z][a-z0-9+.-]{1,20}://[^\s:/@?#]{0,128}:([^\s/@?#]{1,256})@`, { caseInsensitive: true }),
  group: 1,
  specificity: 9,
};

// Names after which a value is a secret whatever it looks like.
// (PINs, card codes, one-time and recovery codes are short or look like words: their name decides.)
const STRONG_NAMES =
  'password|passwd|passphrase|pwd|pw|secret|client[_-]?secret|private[_-]?key|pin|card[_-]?pin|cvv2?|cvc2?|security[_-]?answer|' +
  'otp(?:[_-]?code)?|(?:mfa|2fa|sms|verification)[_-]?code|(?:recovery|backup)[_-]?codes?|(?:mfa|totp|otp)[_-]?(?:seed|secret)';
const STRONG_NAME = new RegExp(`^(?:${STRONG_NAMES})$`, 'i');
// Names after which a value is a secret only if it looks random: `cache_key=orders` is not.
// (The entropy floor and placeholder allow-list for the generic case.)
const WEAK_NAMES = 'token|api[_-]?key|apikey|access[_-]?key|auth|credentials?|session(?:[_-]?id)?|cookie|key';

/** `password=hunter2`, `"api_key": "..."`, `token: abc...` in text lines, query strings and JSON-in-text. */
export const secretAssignment: PatternRule = {
  id: 'secret-assignment',
  kind: 'pattern',
  type: 'secret',
  action: replace,
  // A compound name (`db_password`, `x.api-key`) needs no prefix: the boundary allows `_`, `.` and `-` before the name.
  pattern: scanPattern(
    `(${STRONG_NAMES}|${WEAK_NAMES})["']?\\s*[:=]\\s*` +
      // Quoted or not, a value is taken to its end (the record's budget bounds the work); `<...>`,
      // `${...}` and `[...]` are taken whole, then judged: only exact placeholder forms are kept.
      `(?:"([^"\\n]+)"|'([^'\\n]+)'|(\\$\\{[^}\\n]{0,128}\\}|\\{\\{[^}\\n]{0,128}\\}\\}|\\[[^\\]\\n]{1,256}\\]|<[^<>\\n]{1,256}>|[^\\s"'&,;<>)\\]}]+))`,
    { caseInsensitive: true, notPrecededBy: 'a-z0-9' },
  ),
  group: [2, 3, 4],
  validate: (value, match) => {
    if (isPlaceholder(value.trim())) return false;
    const strong = STRONG_NAME.test(match.group(1) ?? '');
    return strong || looksRandom(value);
  },
  specificity: 7,
};

/**
 * Secrets in `Name=Value;` connection strings: Azure Storage and Cosmos DB (`AccountKey=`),
 * Service Bus and Event Hubs (`SharedAccessKey=`, `SharedAccessSignature=`). ADO and ODBC
 * `Password=`/`Pwd=` are secret-assignment's. The value runs to the next `;`.
 */
export const connectionStringSecret: PatternRule = {
  id: 'connection-string-secret',
  kind: 'pattern',
  type: 'secret',
  action: replace,
  pattern: scanPattern(
    String.raw`(?:account[_-]?key|shared[_-]?access[_-]?key|shared[_-]?access[_-]?signature|shared[_-]?secret|primary[_-]?key|secondary[_-]?key)\s*=\s*(\{[^}\n]{1,512}\}|"[^"\n]{1,1000}"|'[^'\n]{1,1000}'|[^;\s"'<>]{1,1000})`,
    { caseInsensitive: true, notPrecededBy: 'a-z0-9' },
  ),
  group: 1,
  validate: (value) => !isPlaceholder(value.trim()),
  specificity: 9,
};

/**
 * The signature of a signed URL is a bearer credential for what it signs: Azure SAS (`sig=`),
 * S3 and GCS presigned URLs (`X-Amz-Signature=`, `X-Goog-Signature=`), CloudFront (`Signature=`),
 * and the session token S3 carries beside it.
 */
export const signedUrlSignature: PatternRule = {
  id: 'signed-url-signature',
  kind: 'pattern',
  type: 'signature',
  action: replace,
  pattern: scanPattern(String.raw`[?&;](?:sig|signature|x-amz-signature|x-goog-signature|x-amz-security-token)=([A-Za-z0-9%+/=_.~-]{16,})`, { caseInsensitive: true }),
  group: 1,
  specificity: 9,
};

export const CREDENTIAL_RULES = [secretField, contextSecretField, authorizationHeader, jwt, privateKeyBlock, urlCredentials, secretAssignment, connectionStringSecret, signedUrlSignature] as const;
