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
export function isPlaceholder(value: string): boolean {
  return /^(?:true|false|null|nil|none|undefined|redacted|changeme|xxx+|\*+|<[^>]*>|\$\{[^}]*\}|\$\(?[A-Z_][A-Z0-9_]*\)?|\{\{[^}]*\}\}|%\([^)]*\)s|\[REDACTED[^\]]*\])$/i.test(value);
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
