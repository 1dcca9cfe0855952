// The four stock Python clients the shipper protocols were built for, from PyPI, pinned
// (scripts/ensure-python-clients.sh), changed only in URL and key: python-logging-loki,
// elasticsearch-py's helpers.bulk, splunk-handler and graypy's GELFHTTPHandler. Before these
// paths existed each got a 404 (the Loki handler swallowed it). Their logs must be stored,
// mapped and redacted, and no client may have seen an error.
import { authed, startTestApp, testApiKey, waitFor, type TestApp } from '@app/testing';
import { execFile, execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { promisify } from 'node:util';

const ROOT = process.cwd(); // jest runs from the repository root
const PYTHON = join(ROOT, process.env.LOGSIEVE_CLIENTS_VENV ?? '.venv-clients', 'bin/python');

describe('stock Python clients of the shipper protocols', () => {
  let t: TestApp;
  let base: string;
  beforeAll(async () => {
    execFileSync('bash', [join(ROOT, 'scripts/ensure-python-clients.sh')], { stdio: 'inherit' });
    t = await startTestApp();
    base = `http://127.0.0.1:${(t.server.address() as AddressInfo).port}`;
  }, 180_000);
  afterAll(() => t.close());

  it('python-logging-loki, helpers.bulk, splunk-handler and graypy store redacted, mapped logs and see no error', async () => {
    const run = randomBytes(6).toString('hex');
    const { stdout } = await promisify(execFile)(PYTHON, [join(ROOT, 'apps/api/test/python/send_through_clients.py'), base, testApiKey('ingest'), run], { timeout: 60_000 });
    const seen = JSON.parse(stdout) as Record<string, unknown>;
    expect(seen).toEqual({
      loki: [],
      elasticsearch: { version: expect.stringMatching(/^8\./), success: 1, errors: [400] },
      splunk: [],
      gelf: [],
    });

    const records = await waitFor(async () => {
      const { body } = await authed(t.server, 'read').get(`/logs?q=${run}&limit=10`).expect(200);
      return body.items.length >= 4 ? (body.items as Array<Record<string, any>>) : undefined;
    }, 15_000, 'four processed logs of the run');
    const bySource = Object.fromEntries(records.map((r) => [r.source, r]));
    expect(Object.keys(bySource).sort()).toEqual(['elasticsearch', 'gelf', 'loki', 'splunk']);
    expect(bySource.loki).toMatchObject({ service: 'py-loki', level: 'warn', message: `login failed for [REDACTED:email] run ${run}`, attributes: { severity: 'warning' } });
    expect(bySource.elasticsearch).toMatchObject({ service: 'py-es', level: 'warn', message: `password reset for [REDACTED:email] run ${run}`, attributes: { index: 'logs-py' } });
    expect(bySource.splunk).toMatchObject({ message: expect.stringContaining(`refund for [REDACTED:email] run ${run}`), attributes: { sourcetype: 'py-app', index: 'main' } });
    expect(bySource.gelf).toMatchObject({ service: 'py-gelf', level: 'warn', message: `signup for [REDACTED:email] run ${run}` });
    expect(JSON.stringify(records)).not.toContain('@example.com');
  }, 90_000);
});
