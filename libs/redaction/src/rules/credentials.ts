// Credentials found by their context: headers, URLs, key blocks, tokens with a structure,
// values after secret-ish names, and fields whose name says they hold a secret.
import type { FieldRule, PatternRule } from '../rule';
import { scanPattern } from '../scan-pattern';
import { isJwt, isPlaceholder, looksRandom } from '../validators';

const replace = { kind: 'replace' } as const;

/** Field names (normalised) whose values are secrets whatever they look like. */
const SECRET_FIELD_WORDS = ['password', 'passwd', 'passphrase', 'secret', 'apikey', 'privatekey', 'authorization', 'cookie', 'credential', 'accesskey'];
const SECRET_FIELD_EXACT = new Set(['pwd', 'pass', 'auth', 'token', 'ssn', 'cvv', 'cvc', 'pin', 'card', 'cardnumber', 'creditcard', 'cardno', 'pan', 'setcookie', 'socialsecuritynumber']);
const SECRET_FIELD_SUFFIXES = ['token', 'pwd', 'ssn', 'cardnumber', 'creditcard'];

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
const STRONG_NAMES = 'password|passwd|passphrase|pwd|secret|client[_-]?secret|private[_-]?key';
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

export const CREDENTIAL_RULES = [secretField, authorizationHeader, jwt, privateKeyBlock, urlCredentials, secretAssignment, connectionStringSecret, signedUrlSignature] as const;
