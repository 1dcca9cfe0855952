// Imported first by main.ts: modules read the environment as they load, so an invalid one
// must stop the process here with a clear message rather than as a stack trace later.
import { EnvError, loadEnv } from '@app/config';

try {
  loadEnv();
} catch (error) {
  if (!(error instanceof EnvError)) throw error;
  console.error(`logsieve cannot start. ${error.message}`);
  process.exit(1);
}
