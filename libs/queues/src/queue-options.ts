// BullMQ options for logsieve's queues. Retries are off by default in BullMQ and completed
// jobs are kept forever; both are set here.
import type { Env } from '@app/config';
import type { ConnectionOptions, DefaultJobOptions } from 'bullmq';

export function defaultJobOptions(env: Env): DefaultJobOptions {
  return {
    attempts: env.JOB_ATTEMPTS,
    backoff: { type: 'exponential', delay: env.JOB_BACKOFF_MS },
    // Bounded by count too: a burst of small jobs cannot fill Redis within the hour.
    removeOnComplete: { age: env.COMPLETED_JOB_TTL_SECONDS, count: 20_000 },
    // Failed jobs stay a week for inspection; the records themselves say `failed`.
    removeOnFail: { age: 7 * 24 * 3600 },
  };
}

/**
 * Producers (the api) fail fast while Redis is away instead of queueing commands in memory:
 * the records are already durable and the reconciler enqueues them later.
 */
export function producerConnection(env: Env): ConnectionOptions {
  return { url: env.REDIS_URL, enableOfflineQueue: false, maxRetriesPerRequest: 1, connectTimeout: 2000 };
}

/** Workers wait for Redis to come back, as BullMQ requires. */
export function workerConnection(env: Env): ConnectionOptions {
  return { url: env.REDIS_URL, maxRetriesPerRequest: null, enableOfflineQueue: true };
}
