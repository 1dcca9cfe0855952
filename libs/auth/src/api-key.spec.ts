import { parseEnv } from '@app/config';
import { ApiKeyScope, scopeGrants } from './api-key-scope';
import { generateApiKey, parseApiKey, secretMatches } from './api-key-secret';
import { parseBootstrapKeys } from './bootstrap-keys';

describe('API key secrets', () => {
  it('generates keys that parse back to their id and match their stored hash only', () => {
    const { id, key, secretHash } = generateApiKey();
    const parsed = parseApiKey(key)!;
    expect(parsed.id).toBe(id);
    expect(secretMatches(parsed.secret, secretHash)).toBe(true);
    expect(secretMatches(parsed.secret.replace(/.$/, (c) => (c === 'a' ? 'b' : 'a')), secretHash)).toBe(false);
    expect(secretHash).not.toContain(parsed.secret);
  });

  it('does not parse strings of another shape', () => {
    expect(parseApiKey('lsk_nothex_abc')).toBeNull();
    expect(parseApiKey('')).toBeNull();
  });
});

describe('scopes', () => {
  it.each([
    [ApiKeyScope.Admin, ApiKeyScope.Ingest, true],
    [ApiKeyScope.Admin, ApiKeyScope.Read, true],
    [ApiKeyScope.Read, ApiKeyScope.Read, true],
    [ApiKeyScope.Read, ApiKeyScope.Ingest, false],
    [ApiKeyScope.Ingest, ApiKeyScope.Read, false],
    [ApiKeyScope.Ingest, ApiKeyScope.Admin, false],
  ])('%s grants %s: %s', (held, needed, granted) => expect(scopeGrants(held, needed)).toBe(granted));
});

describe('API_KEYS', () => {
  it('parses scope:key pairs, naming them by position', () => {
    const keys = parseBootstrapKeys('admin:' + 'a'.repeat(20) + ', ingest:' + 'b'.repeat(20));
    expect(keys.map(({ id, scope }) => [id, scope])).toEqual([['env-1', 'admin'], ['env-2', 'ingest']]);
  });

  it('is validated at boot without quoting the key', () => {
    const secret = 'short-secret';
    expect(() => parseEnv({ NODE_ENV: 'test', API_KEYS: `admin:${secret}` })).toThrow(/entry 1: the key must be at least 16/);
    expect(() => parseEnv({ NODE_ENV: 'test', API_KEYS: `root:${'x'.repeat(20)}` })).toThrow(/entry 1 must look like/);
    try {
      parseEnv({ NODE_ENV: 'test', API_KEYS: `admin:${secret}` });
    } catch (error) {
      expect((error as Error).message).not.toContain(secret);
    }
  });
});
