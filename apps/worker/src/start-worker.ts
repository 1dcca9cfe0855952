import { NestFactory } from '@nestjs/core';
import type { INestApplication } from '@nestjs/common';
import type { Env } from '@app/config';
import { appLogger, shutDownGracefully } from '@app/observability';
import { closeWorkers } from './close-workers';
import { WorkerModule } from './worker.module';

/** Boots the worker role alone; it serves /health and /metrics on WORKER_PORT (at WORKER_HOST when set). */
export async function startWorker(env: Env): Promise<INestApplication> {
  const app = await NestFactory.create(WorkerModule, { logger: appLogger(env) });
  if (env.WORKER_HOST) await app.listen(env.WORKER_PORT, env.WORKER_HOST);
  else await app.listen(env.WORKER_PORT);
  shutDownGracefully(app, { timeoutMs: env.SHUTDOWN_TIMEOUT_MS, drainJobs: () => closeWorkers(app) });
  return app;
}
