// SIGTERM/SIGINT: stop accepting connections and let requests in flight finish, then close
// the app (BullMQ workers finish their active jobs, connections close), then exit.
// NestJS's own shutdown hooks close the modules first and the HTTP server last, which would
// fail requests still in flight; this drains HTTP first.
import { Logger, type INestApplication } from '@nestjs/common';
import type { Server } from 'node:http';

export interface GracefulShutdownOptions {
  /** After this long, remaining connections are cut and the process exits non-zero. */
  timeoutMs: number;
  /** Called first, e.g. to end long-lived streams that would keep the server open. */
  beforeDrain?: () => void;
  /** Called once requests are drained, before the modules close: e.g. to let active jobs finish. */
  drainJobs?: () => Promise<void>;
}

export function shutDownGracefully(app: INestApplication, { timeoutMs, beforeDrain, drainJobs }: GracefulShutdownOptions): void {
  const logger = new Logger('Shutdown');
  let started = false;
  const shutdown = async (signal: string) => {
    if (started) return;
    started = true;
    logger.log(`${signal}: no new connections; draining requests in flight and active jobs`);
    const deadline = setTimeout(() => {
      logger.error(`not drained within ${timeoutMs} ms; exiting (unfinished jobs are retried by another worker)`);
      process.exit(1);
    }, timeoutMs);
    deadline.unref();
    try {
      beforeDrain?.();
      const server = app.getHttpServer() as Server;
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await drainJobs?.();
      await app.close();
      logger.log('drained; exiting');
      process.exit(0);
    } catch (error) {
      logger.error(`shutdown failed: ${(error as Error).name}`);
      process.exit(1);
    }
  };
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  process.once('SIGINT', () => void shutdown('SIGINT'));
}
