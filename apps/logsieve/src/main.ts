// The one entry of the image. APP_ROLE picks what runs: api, worker, or all (both in one process).
import './check-env';
import { loadEnv } from '@app/config';
import { startRole } from './start-role';

startRole(loadEnv()).catch((error: unknown) => {
  console.error('logsieve failed to start:', error instanceof Error ? error.message : error);
  process.exit(1);
});
