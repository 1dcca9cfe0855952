import type { Finding, FindingSummary } from './rule';

/** Collapses findings to one entry per rule and path with a count: what a record stores. */
export function summariseFindings(findings: readonly Finding[]): FindingSummary[] {
  const counts = new Map<string, FindingSummary>();
  for (const { rule, path } of findings) {
    const id = `${rule}\u0000${path}`;
    const entry = counts.get(id);
    if (entry) entry.count++;
    else counts.set(id, { rule, path, count: 1 });
  }
  return [...counts.values()];
}

/** Total redactions per rule, over any number of summaries. */
export function countByRule(summaries: Iterable<readonly FindingSummary[]>): Record<string, number> {
  const totals: Record<string, number> = {};
  for (const summary of summaries) {
    for (const { rule, count } of summary) totals[rule] = (totals[rule] ?? 0) + count;
  }
  return totals;
}
