// The ceiling HTTP itself sets on this machine: a Node server in its own process that reads
// each request's body and answers 202 with a small JSON body, doing nothing else. A bench
// sends it what it sends logsieve, with the same client and in-flight count, so a figure
// like "single-record requests processed per second" can be read against what any Node
// server answers here.
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:http';

const ANSWER = JSON.stringify({ log_id: '0'.repeat(24), task_id: '0'.repeat(36), status: 'queued' });

if (require.main === module) {
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => res.writeHead(202, { 'Content-Type': 'application/json' }).end(ANSWER));
  });
  server.listen(Number(process.argv[2]), '127.0.0.1', () => process.send?.('listening'));
}

/** Starts the bare server on `port`; resolves to its process once it listens. */
export function startBareHttp(port: number): Promise<ChildProcess> {
  const child = spawn(process.execPath, [__filename, String(port)], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
  return new Promise((resolve, reject) => {
    child.once('message', () => resolve(child));
    child.once('exit', () => reject(new Error('the bare HTTP server exited')));
  });
}
