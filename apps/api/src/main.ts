// The one entry of the image. APP_ROLE picks what runs: api, worker, or all (both in one process).
import './check-env';
import { AppRole, loadEnv } from '@app/config';
import { startWorker } from '../../worker/src/start-worker';
import { startApi } from './start-api';

async function main(): Promise<void> {
  const env = loadEnv();
  if (env.APP_ROLE === AppRole.Worker) await startWorker(env);
  else await startApi(env);
}

main().catch((error: unknown) => {
  console.error('logsieve failed to start:', error instanceof Error ? error.message : error);
  process.exit(1);
});
