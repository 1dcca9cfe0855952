import { AppRole } from './app-role';
import { DEVELOPMENT_SEAL_KEY, EnvError, parseEnv } from './env';

describe('parseEnv', () => {
  it('defaults to the all role, port 8000 and a 1 MiB body cap', () => {
    const env = parseEnv({});
    expect(env).toMatchObject({ APP_ROLE: AppRole.All, PORT: 8000, MAX_BODY_BYTES: 1024 * 1024 });
  });

  it('reads numbers and roles from strings', () => {
    expect(parseEnv({ APP_ROLE: 'worker', PORT: '9000' })).toMatchObject({ APP_ROLE: AppRole.Worker, PORT: 9000 });
  });

  it('stops on an unknown role with a message naming the choices', () => {
    expect(() => parseEnv({ APP_ROLE: 'scheduler' })).toThrow(new EnvError('Invalid environment:\n  - APP_ROLE must be one of: api, worker, all'));
  });

  it('lists every problem at once', () => {
    expect(() => parseEnv({ PORT: 'abc', MONGO_URI: 'http://x' })).toThrow(/PORT[\s\S]*MONGO_URI/);
  });

  it('uses the development key outside production', () => {
    expect(parseEnv({ NODE_ENV: 'development' }).SEAL_KEY).toBe(DEVELOPMENT_SEAL_KEY);
  });

  it('refuses to start in production without a key of its own', () => {
    expect(() => parseEnv({ NODE_ENV: 'production' })).toThrow(/SEAL_KEY must be set/);
    expect(() => parseEnv({ NODE_ENV: 'production', SEAL_KEY: DEVELOPMENT_SEAL_KEY })).toThrow(/SEAL_KEY must be set/);
  });
});
