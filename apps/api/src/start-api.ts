import { Logger, type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { Env } from '@app/config';
import { appLogger, shutDownGracefully } from '@app/observability';
import { AlertFeedHub } from '@app/detection';
import { LiveTailHub } from '@app/search';
import { ApiModule } from './api.module';
import { configureApiApp } from './configure-api-app';

/** Boots the api on PORT, from ApiModule or a root module that holds it (APP_ROLE=all adds the worker, and how to drain its jobs). */
export async function startApi(env: Env, rootModule: object = ApiModule, drainJobs?: (app: INestApplication) => Promise<void>): Promise<INestApplication> {
  const app = await NestFactory.create(rootModule, {
    logger: appLogger(env),
    bodyParser: false,
  });
  configureApiApp(app, env);
  await app.listen(env.PORT);
  // Live tails and alert streams would hold the server open: they end first, with an `end` event saying why.
  const streams = [LiveTailHub, AlertFeedHub].map((hub) => app.get(hub, { strict: false }));
  shutDownGracefully(app, {
    timeoutMs: env.SHUTDOWN_TIMEOUT_MS,
    beforeDrain: () => streams.forEach((hub) => hub.endAll('the server is shutting down')),
    ...(drainJobs ? { drainJobs: () => drainJobs(app) } : {}),
  });
  new Logger('logsieve').log(`${env.APP_ROLE} role listening on port ${env.PORT}; docs at /docs`);
  return app;
}
