// The labelled redaction corpus (from shared/redaction, vendored gzipped so secret scanners
// do not take its fake tokens for real ones) and how to score the engine against it.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import type { Redactor } from '../src';

export interface CorpusRecord {
  id: string;
  kind: 'json' | 'text';
  payload: unknown;
  positives: Array<{ type: string; value: string }>;
  negatives: string[];
}

export function loadCorpus(path = join(process.cwd(), 'libs/redaction/test/dev-corpus.jsonl.gz')): CorpusRecord[] {
  return gunzipSync(readFileSync(path))
    .toString('utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as CorpusRecord);
}

export interface TypeScore {
  type: string;
  total: number;
  caught: number;
  recall: number;
}

export interface CorpusScore {
  recall: number;
  negativesKept: number;
  negativesTotal: number;
  byType: TypeScore[];
  misses: Array<{ id: string; type: string }>;
  falsePositives: Array<{ id: string; value: string }>;
}

function strings(value: unknown, out: string[] = []): string[] {
  if (typeof value === 'string') out.push(value);
  else if (Array.isArray(value)) value.forEach((item) => strings(item, out));
  else if (value !== null && typeof value === 'object') {
    for (const [key, child] of Object.entries(value)) {
      out.push(key);
      strings(child, out);
    }
  } else if (value !== null && value !== undefined) out.push(String(value));
  return out;
}

const SEPARATORS = /[\s-]/g;

/** Redacts every record as the worker would (`{log_data: payload}`) and scores what survived. */
export function scoreCorpus(records: readonly CorpusRecord[], redactor: Redactor): CorpusScore {
  const totals = new Map<string, { total: number; caught: number }>();
  const misses: CorpusScore['misses'] = [];
  const falsePositives: CorpusScore['falsePositives'] = [];
  let negativesKept = 0;
  let negativesTotal = 0;
  for (const record of records) {
    const stored = redactor.redact({ log_data: record.payload }).value;
    const survived = strings(stored).join('\u0000');
    const survivedDigits = survived.replace(SEPARATORS, '');
    for (const { type, value } of record.positives) {
      const entry = totals.get(type) ?? { total: 0, caught: 0 };
      entry.total++;
      const numeric = type.startsWith('credit_card') || type === 'iban';
      const leaked = survived.includes(value) || (numeric && survivedDigits.includes(value.replace(SEPARATORS, '')));
      if (leaked) misses.push({ id: record.id, type });
      else entry.caught++;
      totals.set(type, entry);
    }
    for (const negative of record.negatives) {
      negativesTotal++;
      if (survived.includes(negative)) negativesKept++;
      else falsePositives.push({ id: record.id, value: negative });
    }
  }
  const byType = [...totals].map(([type, { total, caught }]) => ({ type, total, caught, recall: caught / total }));
  const total = byType.reduce((sum, t) => sum + t.total, 0);
  const caught = byType.reduce((sum, t) => sum + t.caught, 0);
  return { recall: caught / total, negativesKept: negativesKept / negativesTotal, negativesTotal, byType, misses, falsePositives };
}

export function formatScore(score: CorpusScore): string {
  const rows = score.byType
    .sort((a, b) => a.type.localeCompare(b.type))
    .map((t) => `  ${t.type.padEnd(20)} ${String(t.caught).padStart(4)}/${String(t.total).padEnd(4)} ${(t.recall * 100).toFixed(1)}%`);
  return [
    `recall ${(score.recall * 100).toFixed(2)}%, negatives kept ${(score.negativesKept * 100).toFixed(2)}% of ${score.negativesTotal}`,
    ...rows,
  ].join('\n');
}
