// Keys from the environment (`API_KEYS="<scope>:<key>,..."`, validated by @app/config): how
// the first admin gets in. Operators bring their own strings, so any format is accepted;
// only each key's hash is kept in memory.
import { apiKeyEntries } from '@app/config';
import type { ApiKeyScope } from './api-key-scope';
import { hashSecret } from './api-key-secret';

export interface BootstrapKey {
  /** `env-<n>`: names the key in rate limits without showing it. */
  id: string;
  scope: ApiKeyScope;
  secretHash: string;
}

export function parseBootstrapKeys(spec: string | undefined): BootstrapKey[] {
  return apiKeyEntries(spec).map(({ scope, key }, index) => ({ id: `env-${index + 1}`, scope: scope as ApiKeyScope, secretHash: hashSecret(key) }));
}
