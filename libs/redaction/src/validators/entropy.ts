/** Shannon entropy in bits per character. Random tokens score above ~3.5; words and ids below. */
export function shannonEntropy(value: string): number {
  if (value.length === 0) return 0;
  const counts = new Map<string, number>();
  for (const ch of value) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  let entropy = 0;
  for (const count of counts.values()) {
    const p = count / value.length;
    entropy -= p * Math.log2(p);
  }
  return entropy;
}

/** Template placeholders and literals that stand where a secret would, but are not one. */
/** Words a `<...>` placeholder is made of: `<password>`, `<your-api-key>`, `<REDACTED>`, `<token here>`. */
const PLACEHOLDER_WORDS = /^(?:your|my|the|an?|redacted|hidden|masked|removed|filtered|secret|secrets|password|passwd|pass|pwd|token|key|api|access|auth|value|here|placeholder|changeme|xxx+|\*+|\.\.\.|example|dummy|insert|enter|put|db|database|user|username|client|id)$/i;

/**
 * Whether a value is exactly a known placeholder form, not a secret: a word such as `null` or
 * `changeme`, masks (`****`, `xxxx`), a template or environment reference whose inside is an
 * identifier (`${DB_PASSWORD}`, `{{ vault.key }}`, `$SECRET`, `%(pw)s`), logsieve's own
 * `[REDACTED:rule]`, or `<...>` made of placeholder words (`<your-api-key>`). Anything else
 * in those brackets (`<hunter2>`, `${hunter2 is here}`) is a value like any other.
 */
export function isPlaceholder(value: string): boolean {
  if (/^(?:true|false|null|nil|none|undefined|redacted|changeme|xxx+|\*+)$/i.test(value)) return true;
  if (/^(?:\$\{\s*[A-Za-z_][\w.-]*\s*\}|\$\(?[A-Z_][A-Z0-9_]*\)?|\{\{\s*[A-Za-z_][\w.]*\s*\}\}|%\([A-Za-z_]\w*\)s|\[REDACTED(?::[a-z0-9-]+)?\])$/.test(value)) return true;
  const angled = /^<([^<>]+)>$/.exec(value);
  return angled !== null && angled[1].split(/[\s_-]+/).filter(Boolean).every((word) => PLACEHOLDER_WORDS.test(word));
}

/** How many of lower case, upper case and digits a value mixes. */
export function characterClasses(value: string): number {
  return Number(/[a-z]/.test(value)) + Number(/[A-Z]/.test(value)) + Number(/\d/.test(value));
}

/**
 * Whether a value looks machine-generated rather than like a word or a name: long enough, and
 * either mixing character classes (`kmVk8UkY`) or of high entropy (`qzwxecrvtbyn`). Short values
 * cannot reach a fixed entropy floor, so classes count too.
 */
export function looksRandom(value: string, minLength = 8, minEntropy = 3.0): boolean {
  return value.length >= minLength && (characterClasses(value) >= 2 || shannonEntropy(value) >= minEntropy);
}
