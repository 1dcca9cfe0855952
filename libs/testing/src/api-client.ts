// Supertest with an API key: every request of the returned agent carries X-API-Key.
import request from 'supertest';
import { waitFor } from './wait-for';

export type TestScope = 'admin' | 'ingest' | 'read' | 'triage';

/** This test file's bootstrap key of `scope` (test-env.ts puts one of each in API_KEYS). */
export function testApiKey(scope: TestScope = 'admin'): string {
  const entry = (process.env.API_KEYS ?? '').split(',').find((e) => e.startsWith(`${scope}:`));
  if (!entry) throw new Error(`no ${scope} key in API_KEYS`);
  return entry.slice(scope.length + 1);
}

/** An agent for `server` that authenticates with the bootstrap key of `scope`. */
export function authed(server: Parameters<typeof request.agent>[0], scope: TestScope = 'admin') {
  return request.agent(server).set('X-API-Key', testApiKey(scope));
}

/** Headers for fetch with this test file's key of `scope`. */
export const keyHeader = (scope: TestScope = 'admin') => ({ 'X-API-Key': testApiKey(scope) });

/** GET /logs/{id} until the record is processed; resolves to its body. */
export const processedLog = (server: Parameters<typeof request.agent>[0], logId: string, timeoutMs = 10_000) =>
  waitFor(async () => {
    const { body } = await authed(server).get(`/logs/${logId}`);
    return body.status === 'processed' ? body : undefined;
  }, timeoutMs, `log ${logId} to be processed`);
