// bench/redaction: MB/s per core of the whole built-in catalogue over a realistic mix, beside
// a single pass of one trivial regex over the same data in the same run (the floor any
// scanner pays), the time one record takes (p50, p99), and the time the 1 MB hostile record
// takes beside the trivial regex over it (the e2e test only claims the process stays
// responsive meanwhile). Ratios hold on a noisy machine; absolute figures do not.
import { BUILTIN_RULES, Redactor } from '../../libs/redaction/src';
import { hostileRecord } from './hostile-record';
import { logMix, type LogSample } from './log-mix';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 3);
const RECORDS = Number(process.env.BENCH_RECORDS ?? 4000);

function measure(label: string, samples: readonly LogSample[], work: (sample: LogSample) => void): number {
  for (const sample of samples.slice(0, 500)) work(sample); // warm up the JIT
  const totalBytes = samples.reduce((sum, s) => sum + s.bytes, 0);
  let bytes = 0;
  let passes = 0;
  const started = process.hrtime.bigint();
  const deadline = started + BigInt(SECONDS * 1e9);
  let lastReport = Date.now();
  while (process.hrtime.bigint() < deadline) {
    for (const sample of samples) work(sample);
    bytes += totalBytes;
    passes++;
    if (Date.now() - lastReport > 1000) {
      process.stderr.write(`  ${label}: ${passes} passes over ${(totalBytes / 1e6).toFixed(1)} MB...\n`);
      lastReport = Date.now();
    }
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return bytes / 1e6 / seconds;
}

function main(): void {
  process.stderr.write(`generating ${RECORDS} records...\n`);
  const samples = logMix(RECORDS);
  const mb = samples.reduce((sum, s) => sum + s.bytes, 0) / 1e6;
  const jsonShare = samples.filter((s) => typeof s.value !== 'string').length / samples.length;
  process.stderr.write(`  ${mb.toFixed(1)} MB, ${(jsonShare * 100).toFixed(0)}% JSON, ${SECONDS} s per measurement\n`);

  const redactor = new Redactor(BUILTIN_RULES, { pseudonymKey: { id: 'k1', secret: Buffer.from('bench') } });
  const trivial = /\d{4}/g;
  let sink = 0;

  process.stderr.write('baseline: one trivial regex, one pass\n');
  const baseline = measure('baseline', samples, (s) => {
    trivial.lastIndex = 0;
    for (const _ of s.text.matchAll(trivial)) sink++;
  });
  process.stderr.write(`engine: ${BUILTIN_RULES.length} built-in rules\n`);
  const engine = measure('engine', samples, (s) => {
    sink += redactor.redact(s.value).findings.length;
  });

  process.stderr.write('time per record: one timed pass over every record\n');
  const perRecord = samples.map((s) => {
    const started = process.hrtime.bigint();
    sink += redactor.redact(s.value).findings.length;
    return Number(process.hrtime.bigint() - started) / 1e6;
  });
  perRecord.sort((a, b) => a - b);
  const at = (p: number) => perRecord[Math.min(perRecord.length - 1, Math.floor((p / 100) * perRecord.length))];

  process.stderr.write('hostile 1 MB record: redacted whole, no budget\n');
  const hostile = hostileRecord();
  const hostileText = Object.values(hostile).join('\n');
  const timeOf = (work: () => void) => {
    const started = process.hrtime.bigint();
    work();
    return Number(process.hrtime.bigint() - started) / 1e6;
  };
  const hostileBaseline = timeOf(() => {
    trivial.lastIndex = 0;
    for (const _ of hostileText.matchAll(trivial)) sink++;
  });
  const unbudgeted = new Redactor(BUILTIN_RULES, { pseudonymKey: { id: 'k1', secret: Buffer.from('bench') }, budgetMs: 600_000 });
  const hostileMs = timeOf(() => {
    sink += unbudgeted.redact(hostile).findings.length;
  });

  const rows = [
    ['measurement', 'value'],
    ['one trivial regex (baseline)', `${baseline.toFixed(1)} MB/s`],
    [`redaction engine, ${BUILTIN_RULES.length} rules`, `${engine.toFixed(1)} MB/s`],
    ['engine / baseline', (engine / baseline).toFixed(3)],
    ['time per record, p50', `${at(50).toFixed(3)} ms`],
    ['time per record, p99', `${at(99).toFixed(3)} ms`],
    ['time per record, max', `${perRecord[perRecord.length - 1].toFixed(3)} ms`],
    ['hostile 1 MB record, engine', `${hostileMs.toFixed(0)} ms`],
    ['hostile record, trivial regex', `${hostileBaseline.toFixed(1)} ms`],
    ['hostile record / trivial regex', (hostileMs / hostileBaseline).toFixed(0)],
  ];
  console.log(rows.map(([a, b]) => `| ${a.padEnd(32)} | ${b.padStart(13)} |`).join('\n'));
  if (sink < 0) console.log(sink); // keeps the work observable
}

main();
