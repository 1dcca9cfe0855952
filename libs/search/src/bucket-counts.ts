// Counts for GET /stats: records by level per time bucket, by service, and redactions by rule.
export interface StatsRow {
  timestamp: Date;
  level?: string;
  service?: string;
  findings?: Array<{ rule: string; count: number }>;
}

export interface VolumeBucket {
  start: Date;
  total: number;
  byLevel: Record<string, number>;
}

export interface LogStats {
  buckets: VolumeBucket[];
  byLevel: Record<string, number>;
  byService: Record<string, number>;
  topRedactionRules: Array<{ rule: string; count: number }>;
}

const NONE = '(none)';
const increment = (counts: Record<string, number>, key: string, by = 1) => (counts[key] = (counts[key] ?? 0) + by);
/** Counters keyed by client values (levels, services, rule ids): no inherited `constructor` or `__proto__`. */
const counters = (): Record<string, number> => Object.create(null) as Record<string, number>;

/** Buckets of `bucketMs` aligned to the epoch, every one from `from` to `to` present (empty ones too). */
export function countStats(rows: Iterable<StatsRow>, from: Date, to: Date, bucketMs: number, topRules = 10): LogStats {
  const first = Math.floor(from.getTime() / bucketMs) * bucketMs;
  const buckets: VolumeBucket[] = [];
  for (let start = first; start <= to.getTime(); start += bucketMs) buckets.push({ start: new Date(start), total: 0, byLevel: counters() });
  const byLevel = counters();
  const byService = counters();
  const byRule = counters();
  for (const row of rows) {
    const bucket = buckets[Math.floor((row.timestamp.getTime() - first) / bucketMs)];
    if (!bucket) continue;
    const level = row.level ?? NONE;
    bucket.total++;
    increment(bucket.byLevel, level);
    increment(byLevel, level);
    increment(byService, row.service ?? NONE);
    for (const finding of row.findings ?? []) increment(byRule, finding.rule, finding.count);
  }
  const topRedactionRules = Object.entries(byRule)
    .sort(([a, x], [b, y]) => y - x || a.localeCompare(b))
    .slice(0, topRules)
    .map(([rule, count]) => ({ rule, count }));
  return { buckets, byLevel, byService, topRedactionRules };
}
