// Runs a role of the built image (dist/) as a real child process, for tests that need
// separate processes: api and worker apart, or a worker killed mid-flight.
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { waitFor } from './wait-for';

const ROOT = join(process.cwd());
const ENTRY = join(ROOT, 'dist/apps/logsieve/src/main.js');

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

export interface RoleProcess {
  child: ChildProcess;
  port: number;
  url: string;
  output(): string;
  stop(signal?: NodeJS.Signals): Promise<void>;
}

export async function startRoleProcess(role: 'api' | 'worker' | 'all', env: Record<string, string> = {}): Promise<RoleProcess> {
  const port = await freePort();
  const child = spawn(process.execPath, [ENTRY], {
    cwd: ROOT,
    env: { ...process.env, ...env, APP_ROLE: role, PORT: String(port), WORKER_PORT: String(port), NODE_OPTIONS: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  // A worker told where to listen is reached there.
  const url = `http://${role === 'worker' && env.WORKER_HOST ? env.WORKER_HOST : '127.0.0.1'}:${port}`;
  const handle: RoleProcess = {
    child,
    port,
    url,
    output: () => output,
    async stop(signal = 'SIGTERM') {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill(signal);
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 10_000))]);
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    },
  };
  const exited = new Promise<never>((_, reject) =>
    child.once('exit', (code) => reject(new Error(`${role} process exited with code ${code} before answering /health`))),
  );
  exited.catch(() => undefined);
  try {
    await Promise.race([waitFor(async () => (await fetch(`${url}/health`)).ok, 30_000, `${role} process to answer /health`), exited]);
  } catch (error) {
    await handle.stop('SIGKILL');
    throw new Error(`${(error as Error).message}\n${output.slice(-2000)}`);
  }
  return handle;
}
