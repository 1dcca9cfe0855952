// Boots the real api (and worker, for APP_ROLE=all) on an ephemeral port, exactly as main.ts
// does, against the services of this test run.
import type { INestApplication } from '@nestjs/common';
import { getQueueToken } from '@nestjs/bullmq';
import { getConnectionToken } from '@nestjs/mongoose';
import { AppRole, loadEnv, type Env } from '@app/config';
import { QueueName } from '@app/queues';
import { jobIdOf, logIdOf, parseTaskId } from '@app/logs';
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

/**
 * The BullMQ job ingest queued for a task, read right after its 202: proof that POST /logs
 * queued it itself (the reconciler is slowed down in tests, see test-env.ts).
 */
export async function queuedJobOf(t: TestApp, taskId: string): Promise<{ id: string; logIds: string[] }> {
  const parsed = parseTaskId(taskId);
  if (!parsed) throw new Error(`${taskId} is not a task id`);
  const job = await t.app.get<Queue>(getQueueToken(QueueName.RedactLogs)).getJob(jobIdOf(parsed.group));
  if (!job) throw new Error(`task ${taskId}: job ${jobIdOf(parsed.group)} is not in Redis`);
  const records = (job.data.records as Array<{ index: number; taskId: string }>).filter((r) => r.taskId === taskId);
  if (!(job.data.tasks as Array<{ id: string }>).some((task) => task.id === taskId)) throw new Error(`task ${taskId} is not in job ${job.id}`);
  return { id: job.id!, logIds: records.map((r) => logIdOf(parsed.group, r.index)) };
}
