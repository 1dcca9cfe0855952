// No sensitive value may appear in a stored record, an API response, BullMQ job data or the
// application's own log output. The labelled corpus goes through the real pipeline (HTTP,
// queue, worker) with logging at its most verbose, and every place is searched for every value.
import { getQueueToken } from '@nestjs/bullmq';
import { resetEnvForTests } from '@app/config';
import { QueueName } from '@app/queues';
import { storedDocs, countStored, authed, keyHeader, startTestApp, waitFor, type TestApp } from '@app/testing';
import type { Queue } from 'bullmq';
import { loadCorpus } from '../../../libs/redaction/test/corpus';

/** Every form a value may take in text: as written, and JSON-escaped (PEM blocks hold newlines). */
const forms = (value: string) => [value, JSON.stringify(value).slice(1, -1)];

describe('leaks: the corpus through the whole pipeline', () => {
  let t: TestApp;
  let output = '';
  const writes = { stdout: process.stdout.write.bind(process.stdout), stderr: process.stderr.write.bind(process.stderr) };

  beforeAll(async () => {
    process.env.LOG_LEVEL = 'verbose';
    resetEnvForTests();
    const capture = (stream: 'stdout' | 'stderr') => (chunk: string | Uint8Array, ...rest: unknown[]) => {
      output += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
      return (writes[stream] as (...args: unknown[]) => boolean)(chunk, ...rest);
    };
    process.stdout.write = capture('stdout') as typeof process.stdout.write;
    process.stderr.write = capture('stderr') as typeof process.stderr.write;
    t = await startTestApp();
  });

  afterAll(async () => {
    process.stdout.write = writes.stdout;
    process.stderr.write = writes.stderr;
    await t.close();
  });

  it('leaves no positive value in the store, the API, the job data or the logs', async () => {
    const corpus = loadCorpus();
    const accepted: Array<{ log_id: string; task_id: string }> = [];
    let next = 0;
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        while (next < corpus.length) {
          const record = corpus[next++];
          const response =
            record.kind === 'json'
              ? await authed(t.server).post('/logs').send({ log_data: record.payload })
              : await authed(t.server).post('/logs').set('Content-Type', 'text/plain').send(record.payload as string);
          expect(response.status).toBe(202);
          accepted.push(response.body);
        }
      }),
    );
    await waitFor(async () => (await countStored(t.db, 'logs')) === corpus.length, 60_000, 'the whole corpus to be processed');

    const responses: string[] = [];
    for (const { log_id, task_id } of accepted) {
      responses.push((await authed(t.server).get(`/logs/${log_id}`).expect(200)).text);
      responses.push((await authed(t.server).get(`/task/${task_id}`).expect(200)).text);
    }
    const stored = JSON.stringify(await storedDocs(t.db, 'logs')) + JSON.stringify(await storedDocs(t.db, 'pending_logs'));
    const jobs = await t.app.get<Queue>(getQueueToken(QueueName.RedactLogs)).getJobs(['completed', 'failed', 'waiting', 'active', 'delayed']);
    const jobData = JSON.stringify(jobs.map((job) => ({ data: job.data, result: job.returnvalue, reason: job.failedReason })));
    // Requests share jobs (group commit); together the jobs carry every task, once (completed
    // jobs keep task ids, their log ids dropped).
    const carried = jobs.flatMap((job) => (job.data.tasks as Array<{ id: string }>).map((task) => task.id));
    expect(carried.length).toBe(accepted.length);
    expect(new Set(carried)).toEqual(new Set(accepted.map((a) => a.task_id)));
    expect(output).toMatch(/RedactLogsProcessor|RouterExplorer|InstanceLoader/); // the capture saw the app's logs

    const places = { stored, responses: responses.join('\n'), jobData, logs: output };
    const leaks: string[] = [];
    for (const record of corpus) {
      for (const { type, value } of record.positives) {
        for (const [place, text] of Object.entries(places)) {
          if (forms(value).some((form) => text.includes(form))) leaks.push(`${record.id} ${type} in ${place}`);
        }
      }
    }
    expect(leaks).toEqual([]);
  }, 120_000);
});
