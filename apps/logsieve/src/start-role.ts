// The role switch: APP_ROLE picks the root module. api and worker are peers; `all` runs both
// in one process (the default for local runs), and only this module knows both.
import { Module } from '@nestjs/common';
import { AppRole, type Env } from '@app/config';
import type { INestApplication } from '@nestjs/common';
import { ApiModule } from '../../api/src/api.module';
import { startApi } from '../../api/src/start-api';
import { closeWorkers } from '../../worker/src/close-workers';
import { startWorker } from '../../worker/src/start-worker';
import { WorkerModule } from '../../worker/src/worker.module';

@Module({ imports: [ApiModule, WorkerModule] })
class AllRolesModule {}

export function startRole(env: Env): Promise<INestApplication> {
  switch (env.APP_ROLE) {
    case AppRole.Worker:
      return startWorker(env);
    case AppRole.All:
      return startApi(env, AllRolesModule, closeWorkers);
    case AppRole.Api:
      return startApi(env, ApiModule);
  }
}
