// Field names as they can be stored. Clients send keys like `service.name` or `$ref`, which
// FerretDB refuses (and MongoDB handles only in part): `.` and a leading `$` are stored as their
// fullwidth forms and turned back on read.
const DOT = '.';
const DOT_STORED = '\uFF0E';
const DOLLAR = '$';
const DOLLAR_STORED = '\uFF04';
/** BSON refuses NUL in field names; stored as U+2400 (SYMBOL FOR NULL) and not turned back. */
const NUL = /\u0000/g;
const NUL_STORED = '\u2400';

const mapKeys = (value: unknown, mapKey: (key: string) => string): unknown => {
  if (Array.isArray(value)) return value.map((item) => mapKeys(item, mapKey));
  if (value === null || typeof value !== 'object' || value instanceof Date) return value;
  const out: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(value)) out[mapKey(key)] = mapKeys(child, mapKey);
  return out;
};

export function toStorableKeys<T>(value: T): T {
  return mapKeys(value, (key) => {
    const escaped = key.replace(NUL, NUL_STORED).split(DOT).join(DOT_STORED);
    return escaped.startsWith(DOLLAR) ? DOLLAR_STORED + escaped.slice(1) : escaped;
  }) as T;
}

export function fromStorableKeys<T>(value: T): T {
  return mapKeys(value, (key) => {
    const restored = key.split(DOT_STORED).join(DOT);
    return restored.startsWith(DOLLAR_STORED) ? DOLLAR + restored.slice(1) : restored;
  }) as T;
}
