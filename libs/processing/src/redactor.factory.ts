// Builds the process's Redactor from the built-in rules and the configured pseudonym key.
import type { Env } from '@app/config';
import { BUILTIN_RULES, Redactor } from '@app/redaction';
import { createHash, hkdfSync } from 'node:crypto';

export function pseudonymSecret(env: Env): Buffer {
  if (env.HASH_KEY) return Buffer.from(env.HASH_KEY, 'base64');
  // Without a dedicated key, derive one from SEAL_KEY so the two are never the same bytes.
  return Buffer.from(hkdfSync('sha256', Buffer.from(env.SEAL_KEY!, 'base64'), '', 'logsieve pseudonyms', 32));
}

export function createRedactor(env: Env): Redactor {
  const secret = pseudonymSecret(env);
  const id = `k${createHash('sha256').update(secret).digest('hex').slice(0, 4)}`;
  return new Redactor(BUILTIN_RULES, { pseudonymKey: { id, secret } });
}
