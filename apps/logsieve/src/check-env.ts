// Imported first by main.ts: modules read the environment as they load, so an invalid one
// must stop the process here with a clear message rather than as a stack trace later.
import { EnvError, loadEnv, usesDevelopmentSealKey } from '@app/config';

try {
  const env = loadEnv();
  if (usesDevelopmentSealKey(env)) {
    console.warn(`logsieve: SEAL_KEY is the public development key (NODE_ENV=${env.NODE_ENV}): content sealed at rest, pseudonyms and webhook signatures are only as secret as the source code. Set a key of your own for anything but local development.`);
  }
} catch (error) {
  if (!(error instanceof EnvError)) throw error;
  console.error(`logsieve cannot start. ${error.message}`);
  process.exit(1);
}
