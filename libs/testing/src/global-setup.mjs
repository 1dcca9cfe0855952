// Starts (or reuses) Redis and the MongoDB-protocol server once for the whole run, and hands
// their URLs and a fresh sealing key to every test file through the environment.
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '../../..');
const services = join(root, 'scripts/services.sh');

export default function globalSetup() {
  let alreadyUp = true;
  try {
    execFileSync('bash', [services, 'env'], { stdio: 'ignore' });
  } catch {
    alreadyUp = false;
  }
  const output = execFileSync('bash', [services, 'up'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  for (const line of output.trim().split('\n')) {
    const [key, ...value] = line.split('=');
    process.env[key] = value.join('=');
  }
  process.env.LOGSIEVE_TEST_STARTED_SERVICES = alreadyUp ? '' : '1';
  process.env.LOGSIEVE_TEST_SEAL_KEY = randomBytes(32).toString('base64');
}
