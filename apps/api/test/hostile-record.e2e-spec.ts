// A 1 MB record of hostile strings (each shaped to produce tens of thousands of candidate
// matches) through a real process running api and worker together. The process keeps
// answering /health while it redacts, since redaction yields to the event loop between
// slices of work; and with a record budget it cannot meet, the record is still processed,
// its strings stored as [REDACTED:unscanned], never in the clear and never failed. How long
// the record takes to redact is a speed figure: `npm run bench:redaction` reports it.
import { keyHeader, startRoleProcess, waitFor, type RoleProcess } from '@app/testing';
import { randomBytes } from 'node:crypto';
import { hostileRecord } from '../../../bench/redaction/hostile-record';

const hostile = hostileRecord();

async function healthLatencies(url: string, until: () => boolean): Promise<number[]> {
  const latencies: number[] = [];
  while (!until()) {
    const started = performance.now();
    const response = await fetch(`${url}/health`);
    await response.arrayBuffer();
    latencies.push(performance.now() - started);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return latencies;
}

describe('a 1 MB record of hostile strings', () => {
  let all: RoleProcess;
  afterEach(() => all?.stop());

  async function start(extraEnv: Record<string, string>) {
    const suffix = randomBytes(4).toString('hex');
    const uri = new URL(process.env.MONGO_URI!);
    uri.pathname = `/logsieve_hostile_${suffix}`;
    all = await startRoleProcess('all', { MONGO_URI: uri.toString(), QUEUE_PREFIX: `{logsieve-hostile-${suffix}}`, LOG_LEVEL: 'warn', ...extraEnv });
  }

  async function ingestAndWatch(): Promise<{ record: { status: string; log_data: Record<string, string> }; latencies: number[]; elapsed: number }> {
    const body = JSON.stringify({ log_data: hostile });
    expect(body.length).toBeGreaterThan(960 * 1024);
    const accepted = await fetch(`${all.url}/logs`, { method: 'POST', headers: { 'Content-Type': 'application/json', ...keyHeader() }, body });
    expect(accepted.status).toBe(202);
    const { log_id } = (await accepted.json()) as { log_id: string };
    const started = performance.now();
    let record: { status: string; log_data: Record<string, string> } | undefined;
    const watching = healthLatencies(all.url, () => record !== undefined);
    record = await waitFor(async () => {
      const found = (await (await fetch(`${all.url}/logs/${log_id}`, { headers: keyHeader() })).json()) as { status: string; log_data: Record<string, string> };
      return found.status === 'processed' || found.status === 'failed' ? found : undefined;
    }, 150_000, 'the hostile record to be processed');
    const latencies = await watching;
    return { record, latencies, elapsed: performance.now() - started };
  }

  // The worker yields every 10 ms of work; without it the process froze for the whole record:
  // /health answered once, after it. The claim is measured against the record's own time in
  // the same run, so it holds on a fast machine and a loaded one alike: many answers, none
  // waiting a third of the redaction. (An absolute bound, 250 ms, failed at 1 s on a machine
  // running two other CPU-bound jobs.) The budget is the test's own, far past what the record
  // needs anywhere, so it is redacted whole; how long that takes is bench:redaction's figure.
  it('keeps /health answering while the worker in the same process redacts it', async () => {
    await start({ REDACTION_RECORD_BUDGET_MS: '120000' });
    const { record, latencies, elapsed } = await ingestAndWatch();
    expect(record.status).toBe('processed');
    expect(record.log_data.contact).toBe('write to [REDACTED:email]');
    expect(latencies.length).toBeGreaterThanOrEqual(5);
    expect(Math.max(...latencies)).toBeLessThan(elapsed / 3);
  }, 180_000);

  it('stores the strings as unscanned, not in the clear and not failed, when the record outlives its budget', async () => {
    await start({ REDACTION_RECORD_BUDGET_MS: '20' });
    const { record } = await ingestAndWatch();
    expect(record.status).toBe('processed');
    expect(record.log_data).toEqual({
      phones: '[REDACTED:unscanned]',
      emails: '[REDACTED:unscanned]',
      cards: '[REDACTED:unscanned]',
      addresses: '[REDACTED:unscanned]',
      contact: '[REDACTED:unscanned]',
    });
  }, 90_000);
});
