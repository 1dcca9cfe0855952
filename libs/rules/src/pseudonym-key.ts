import type { Env } from '@app/config';
import type { PseudonymKey } from '@app/redaction';
import { createHash, hkdfSync } from 'node:crypto';

/** The key of the `hash` action: HASH_KEY, or one derived from SEAL_KEY (never the same bytes). */
export function pseudonymKey(env: Env): PseudonymKey {
  const secret = env.HASH_KEY
    ? Buffer.from(env.HASH_KEY, 'base64')
    : Buffer.from(hkdfSync('sha256', Buffer.from(env.SEAL_KEY!, 'base64'), '', 'logsieve pseudonyms', 32));
  // The id names the key in every pseudonym, so values hashed under another key are told apart.
  return { id: `k${createHash('sha256').update(secret).digest('hex').slice(0, 4)}`, secret };
}
