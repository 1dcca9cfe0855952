// Field names as they can be stored. Clients send keys like `service.name` or `$ref`, which
// FerretDB refuses (and MongoDB handles only in part), and keys BSON cannot hold (NUL). Stored
// keys swap those characters for fullwidth look-alikes, with `＼` (U+FF3C) escaping the next
// character, so the mapping is reversible and collision-free: a client's own `．` or `＼` is
// escaped, never confused with an escaped `.`. Keys written before escaping existed (bare
// fullwidth forms, no `＼`) read back the same way.
const ESCAPE = '\uFF3C';
const DOT_STORED = '\uFF0E';
const NUL_STORED = '\uFF10';
const DOLLAR_STORED = '\uFF04';
/** Characters that would be read back as something else, so are escaped when a client sends them. */
const AMBIGUOUS = new Set([ESCAPE, DOT_STORED, NUL_STORED, DOLLAR_STORED]);
/** `__proto__` and friends are escaped too: a stored document must not have keys JavaScript treats specially. */
const SPECIAL_KEYS = new Set(['__proto__']);

/** Own data property, even for `__proto__` (an assignment would set the prototype and lose the value). */
export function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

const mapKeys = (value: unknown, mapKey: (key: string) => string): unknown => {
  if (Array.isArray(value)) return value.map((item) => mapKeys(item, mapKey));
  if (value === null || typeof value !== 'object' || value instanceof Date || Buffer.isBuffer(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(value)) setOwn(out, mapKey(key), mapKeys(child, mapKey));
  return out;
};

export function escapeKey(key: string): string {
  let out = '';
  for (let i = 0; i < key.length; i++) {
    const ch = key[i];
    if (ch === '$' && i === 0) out += DOLLAR_STORED;
    else if (ch === '.') out += DOT_STORED;
    else if (ch === '\u0000') out += NUL_STORED;
    else if (AMBIGUOUS.has(ch) || (i === 0 && SPECIAL_KEYS.has(key))) out += ESCAPE + ch;
    else out += ch;
  }
  return out;
}

export function unescapeKey(stored: string): string {
  let out = '';
  for (let i = 0; i < stored.length; i++) {
    const ch = stored[i];
    if (ch === ESCAPE && i + 1 < stored.length) out += stored[++i];
    else if (ch === DOT_STORED) out += '.';
    else if (ch === NUL_STORED) out += '\u0000';
    else if (ch === DOLLAR_STORED && i === 0) out += '$';
    else out += ch;
  }
  return out;
}

export function toStorableKeys<T>(value: T): T {
  return mapKeys(value, escapeKey) as T;
}

export function fromStorableKeys<T>(value: T): T {
  return mapKeys(value, unescapeKey) as T;
}
