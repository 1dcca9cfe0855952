import { AppRole } from './app-role';
import { DEVELOPMENT_API_KEY, DEVELOPMENT_SEAL_KEY, EnvError, parseEnv, usesDevelopmentSealKey } from './env';

describe('parseEnv', () => {
  const dev = { NODE_ENV: 'development' };
  const own = Buffer.alloc(32, 7).toString('base64');

  it('defaults to the all role, port 8000 and a 1 MiB body cap', () => {
    const env = parseEnv(dev);
    expect(env).toMatchObject({ APP_ROLE: AppRole.All, PORT: 8000, MAX_BODY_BYTES: 1024 * 1024 });
  });

  it('reads numbers and roles from strings', () => {
    expect(parseEnv({ ...dev, APP_ROLE: 'worker', PORT: '9000' })).toMatchObject({ APP_ROLE: AppRole.Worker, PORT: 9000 });
  });

  it('stops on an unknown role with a message naming the choices', () => {
    expect(() => parseEnv({ ...dev, APP_ROLE: 'scheduler' })).toThrow(new EnvError('Invalid environment:\n  - APP_ROLE must be one of: api, worker, all'));
  });

  it('lists every problem at once', () => {
    expect(() => parseEnv({ PORT: 'abc', MONGO_URI: 'http://x' })).toThrow(/PORT[\s\S]*MONGO_URI/);
  });

  it('uses the development key outside production', () => {
    expect(parseEnv({ NODE_ENV: 'development' }).SEAL_KEY).toBe(DEVELOPMENT_SEAL_KEY);
  });

  it('refuses to start in production without a key of its own', () => {
    expect(() => parseEnv({ NODE_ENV: 'production' })).toThrow(/SEAL_KEY is required unless NODE_ENV is development or test/);
    expect(() => parseEnv({ NODE_ENV: 'production', SEAL_KEY: DEVELOPMENT_SEAL_KEY })).toThrow(/SEAL_KEY is the public development key/);
  });

  it('treats an unset NODE_ENV as production: no silent development key', () => {
    expect(() => parseEnv({})).toThrow(/SEAL_KEY is required unless NODE_ENV is development or test/);
    expect(parseEnv({ SEAL_KEY: own }).NODE_ENV).toBe('production');
  });

  it('compares the development key as bytes, so another spelling of it is refused too', () => {
    const unpadded = DEVELOPMENT_SEAL_KEY.replace(/=+$/, '');
    const urlSafe = Buffer.from(DEVELOPMENT_SEAL_KEY, 'base64').toString('base64url');
    expect(() => parseEnv({ SEAL_KEY: unpadded })).toThrow(/public development key/);
    expect(() => parseEnv({ SEAL_KEY: urlSafe })).toThrow(/public development key/);
    expect(usesDevelopmentSealKey({ SEAL_KEY: unpadded })).toBe(true);
  });

  it.each([
    ['a SEAL_KEY that is not base64', { SEAL_KEY: '!!!!' }, /SEAL_KEY must be base64 of exactly 32 bytes/],
    ['a SEAL_KEY of 16 bytes', { SEAL_KEY: Buffer.alloc(16, 1).toString('base64') }, /SEAL_KEY must be base64 of exactly 32 bytes/],
    ['a HASH_KEY that decodes to nothing', { SEAL_KEY: own, HASH_KEY: '!!!!' }, /HASH_KEY must be base64 of at least 32 bytes/],
    ['a short HASH_KEY', { SEAL_KEY: own, HASH_KEY: Buffer.alloc(8, 1).toString('base64') }, /HASH_KEY must be base64 of at least 32 bytes/],
    ['a short WEBHOOK_SECRET', { SEAL_KEY: own, WEBHOOK_SECRET: 'hunter2' }, /WEBHOOK_SECRET must be at least 32 bytes/],
    ['the development API key', { SEAL_KEY: own, API_KEYS: `admin:${DEVELOPMENT_API_KEY}` }, /API_KEYS must not contain the development key/],
  ])('refuses %s outside development', (_what, source, message) => {
    expect(() => parseEnv(source)).toThrow(message);
  });

  it('accepts keys of its own, and triage keys', () => {
    expect(parseEnv({ SEAL_KEY: own, HASH_KEY: own, WEBHOOK_SECRET: 'w'.repeat(32), API_KEYS: `triage:${'t'.repeat(16)}` }).API_KEYS).toBe(`triage:${'t'.repeat(16)}`);
  });
});
