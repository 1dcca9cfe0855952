// Stops the services only if this run started them; a running stack keeps its own.
import { execFileSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '../../..');

export default function globalTeardown() {
  if (process.env.LOGSIEVE_TEST_STARTED_SERVICES && !process.env.LOGSIEVE_KEEP_SERVICES) {
    execFileSync('bash', [join(root, 'scripts/services.sh'), 'down'], { stdio: 'inherit' });
  }
}
