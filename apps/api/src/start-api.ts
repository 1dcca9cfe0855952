import { Logger, Module, type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { AppRole, type Env } from '@app/config';
import { loggerLevels, shutDownGracefully } from '@app/observability';
import { AlertFeedHub } from '@app/detection';
import { LiveTailHub } from '@app/search';
import { WorkerModule } from '../../worker/src/worker.module';
import { ApiModule } from './api.module';
import { configureApiApp } from './configure-api-app';

/** APP_ROLE=all: the api and the worker in one process (the default for local runs). */
@Module({ imports: [ApiModule, WorkerModule] })
class AllRolesModule {}

export function apiRootModule(role: AppRole) {
  return role === AppRole.All ? AllRolesModule : ApiModule;
}

/** Boots the api role (with the worker inside when APP_ROLE=all) on PORT. */
export async function startApi(env: Env): Promise<INestApplication> {
  const app = await NestFactory.create(apiRootModule(env.APP_ROLE), {
    logger: loggerLevels(env.LOG_LEVEL),
    bodyParser: false,
  });
  configureApiApp(app, env);
  await app.listen(env.PORT);
  // Live tails and alert streams would hold the server open: they end first, with an `end` event saying why.
  const streams = [LiveTailHub, AlertFeedHub].map((hub) => app.get(hub, { strict: false }));
  shutDownGracefully(app, { timeoutMs: env.SHUTDOWN_TIMEOUT_MS, beforeDrain: () => streams.forEach((hub) => hub.endAll('the server is shutting down')) });
  new Logger('logsieve').log(`${env.APP_ROLE} role listening on port ${env.PORT}; docs at /docs`);
  return app;
}
