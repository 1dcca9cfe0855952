// Keyed pseudonyms, one key per purpose. Every key is an HKDF subkey of the configured secret
// (HASH_KEY, else SEAL_KEY) under its own label, so no key serves two purposes: a value's
// pseudonym in a stored record, its detection group key and what preview computes for it are
// unrelated, and preview cannot confirm guesses of a stored pseudonym.
import type { Env } from '@app/config';
import type { PseudonymKey } from '@app/redaction';
import { createHash, hkdfSync } from 'node:crypto';

export enum PseudonymPurpose {
  /** The `hash` action in stored records. The label predates the others: pseudonyms made from SEAL_KEY keep their value. */
  StoredRecords = 'logsieve pseudonyms',
  /** Group keys and distinct values of detection windows in Redis and in alerts. */
  DetectionGroups = 'logsieve detection group keys',
  /** The `hash` action in POST /redaction/preview. */
  Preview = 'logsieve preview pseudonyms',
}

export function pseudonymKey(env: Env, purpose: PseudonymPurpose = PseudonymPurpose.StoredRecords): PseudonymKey {
  const root = Buffer.from(env.HASH_KEY ?? env.SEAL_KEY!, 'base64');
  const secret = Buffer.from(hkdfSync('sha256', root, '', purpose, 32));
  // The id names the key in every pseudonym, so values hashed under another key are told apart.
  return { id: `k${createHash('sha256').update(secret).digest('hex').slice(0, 4)}`, secret };
}
