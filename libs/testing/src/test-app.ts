// Boots the real api (and worker, for APP_ROLE=all) on an ephemeral port, exactly as main.ts
// does, against the services of this test run.
import type { INestApplication } from '@nestjs/common';
import { getQueueToken } from '@nestjs/bullmq';
import { getConnectionToken } from '@nestjs/mongoose';
import { AppRole, loadEnv, type Env } from '@app/config';
import { QueueName } from '@app/queues';
import type { Queue } from 'bullmq';
import type { Connection } from 'mongoose';
import { startRole } from '../../../apps/logsieve/src/start-role';

export interface TestApp {
  app: INestApplication;
  /** The http.Server, for supertest. */
  server: ReturnType<INestApplication['getHttpServer']>;
  db: Connection;
  /** Drops this run's database and queue data, then closes the app. */
  close(options?: { dropDatabase?: boolean }): Promise<void>;
}

export async function startTestApp(role: AppRole = AppRole.All): Promise<TestApp> {
  const env: Env = Object.assign(Object.create(Object.getPrototypeOf(loadEnv())), loadEnv(), { APP_ROLE: role, PORT: 0, WORKER_PORT: 0 });
  const app = await startRole(env);
  const db = app.get<Connection>(getConnectionToken());
  return {
    app,
    server: app.getHttpServer(),
    db,
    async close({ dropDatabase = true } = {}) {
      if (dropDatabase) {
        await db.dropDatabase().catch(() => undefined);
        await app.get<Queue>(getQueueToken(QueueName.RedactLogs)).obliterate({ force: true }).catch(() => undefined);
      }
      await app.close();
    },
  };
}
