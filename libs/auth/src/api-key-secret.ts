// The shape of an API key and how it is kept. A key is `lsk_<id>_<secret>`: the id finds the
// stored record with one _id lookup, the secret is stored only as its SHA-256 (a 256-bit
// random secret needs no slow hash) and compared in constant time.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

const ID = '[0-9a-f]{16}';
const KEY_PATTERN = new RegExp(`^lsk_(${ID})_([A-Za-z0-9_-]{43})$`);
const ID_PATTERN = new RegExp(`^${ID}$`);

/** Whether `id` has the shape of a key id (the part after `lsk_`). */
export const isApiKeyId = (id: string): boolean => ID_PATTERN.test(id);

export interface ParsedApiKey {
  id: string;
  secret: string;
}

export function generateApiKey(): { id: string; key: string; secretHash: string } {
  const id = randomBytes(8).toString('hex');
  const secret = randomBytes(32).toString('base64url');
  return { id, key: `lsk_${id}_${secret}`, secretHash: hashSecret(secret) };
}

/** The id and secret of a key in logsieve's format; null for anything else. */
export function parseApiKey(key: string): ParsedApiKey | null {
  const match = KEY_PATTERN.exec(key);
  return match ? { id: match[1], secret: match[2] } : null;
}

export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

/** Compares a presented secret with a stored hash without leaking where they differ. */
export function secretMatches(secret: string, storedHash: string): boolean {
  const presented = Buffer.from(hashSecret(secret), 'hex');
  const stored = Buffer.from(storedHash, 'hex');
  return presented.length === stored.length && timingSafeEqual(presented, stored);
}
