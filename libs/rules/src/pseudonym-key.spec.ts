import { Env } from '@app/config';
import { hkdfSync, randomBytes } from 'node:crypto';
import { pseudonymKey, PseudonymPurpose } from './pseudonym-key';

const env = (overrides: Partial<Env>) => Object.assign(new Env(), overrides);

describe('pseudonym keys', () => {
  // A fixed key: ids are 16 bits of a hash, so two purposes of a random key share one about
  // once in 20,000 runs (seen in CI); with this key the three are known to differ.
  const seal = Buffer.alloc(32, 7).toString('base64');

  it('gives every purpose its own key and key id', () => {
    const keys = Object.values(PseudonymPurpose).map((purpose) => pseudonymKey(env({ SEAL_KEY: seal }), purpose));
    expect(new Set(keys.map((k) => k.secret.toString('hex'))).size).toBe(keys.length);
    expect(new Set(keys.map((k) => k.id)).size).toBe(keys.length);
  });

  it('keeps the stored-record key derived from SEAL_KEY as before, so existing pseudonyms still correlate', () => {
    const before = Buffer.from(hkdfSync('sha256', Buffer.from(seal, 'base64'), '', 'logsieve pseudonyms', 32));
    expect(pseudonymKey(env({ SEAL_KEY: seal })).secret).toEqual(before);
  });

  it('derives from HASH_KEY when set, never using its bytes as they are', () => {
    const hash = randomBytes(32);
    const key = pseudonymKey(env({ SEAL_KEY: seal, HASH_KEY: hash.toString('base64') }));
    expect(key.secret).not.toEqual(hash);
    expect(key.secret).not.toEqual(pseudonymKey(env({ SEAL_KEY: seal })).secret);
  });
});
