// Turns a detected value into what is stored in its place.
import { createHmac } from 'node:crypto';
import type { RedactionAction } from './rule';

export interface PseudonymKey {
  id: string;
  secret: Buffer;
}

/** Keyed, stable pseudonym: equal values still correlate, the value cannot be recovered without the key. */
export function pseudonym(type: string, value: string, key: PseudonymKey): string {
  const digest = createHmac('sha256', key.secret).update(`${type}\u0000${value}`).digest('hex');
  return `<${type}:${key.id}:${digest.slice(0, 16)}>`;
}

/** Keeps the first/last N letters or digits and stars the others; separators stay as written. */
export function mask(value: string, keepFirst = 0, keepLast = 0): string {
  const total = value.replace(/[^a-z0-9]/gi, '').length;
  let seen = 0;
  return value.replace(/[a-z0-9]/gi, (ch) => {
    seen++;
    return seen <= keepFirst || seen > total - keepLast ? ch : '*';
  });
}

export function applyAction(action: RedactionAction, type: string, value: string, key: PseudonymKey): string {
  switch (action.kind) {
    case 'remove':
      return '';
    case 'replace':
      return action.replacement ?? `[REDACTED:${type}]`;
    case 'mask':
      return mask(value, action.keepFirst ?? 0, action.keepLast ?? 0);
    case 'hash':
      return pseudonym(type, value, key);
  }
}
