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

/**
 * Counts rows as they come, holding only the counters: a /stats call over many records keeps
 * its buckets in memory, never the rows. Buckets of `bucketMs` are aligned to the epoch, every
 * one from `from` to `to` present (empty ones too).
 */
export class StatsCounter {
  private readonly first: number;
  private readonly buckets: VolumeBucket[] = [];
  private readonly byLevel = counters();
  private readonly byService = counters();
  private readonly byRule = counters();
  /** Rows counted so far. */
  rows = 0;

  constructor(from: Date, to: Date, private readonly bucketMs: number) {
    this.first = Math.floor(from.getTime() / bucketMs) * bucketMs;
    for (let start = this.first; start <= to.getTime(); start += bucketMs) this.buckets.push({ start: new Date(start), total: 0, byLevel: counters() });
  }

  add(row: StatsRow): void {
    this.rows++;
    const bucket = this.buckets[Math.floor((row.timestamp.getTime() - this.first) / this.bucketMs)];
    if (!bucket) return;
    const level = row.level ?? NONE;
    bucket.total++;
    increment(bucket.byLevel, level);
    increment(this.byLevel, level);
    increment(this.byService, row.service ?? NONE);
    for (const finding of row.findings ?? []) increment(this.byRule, finding.rule, finding.count);
  }

  /**
   * Adds a chunk's summary, for a chunk wholly inside the range: its counts by minute and
   * level, service and rule. Buckets must be whole minutes (the caller checks).
   */
  addSummary(summary: { count: number; minutes: ReadonlyArray<readonly [number, string, number]>; services: ReadonlyArray<readonly [string, number]>; rules: ReadonlyArray<readonly [string, number]> }): void {
    this.rows += summary.count;
    for (const [minute, recordLevel, count] of summary.minutes) {
      const bucket = this.buckets[Math.floor((minute * 60_000 - this.first) / this.bucketMs)];
      const level = recordLevel === '' ? NONE : recordLevel;
      if (bucket) {
        bucket.total += count;
        increment(bucket.byLevel, level, count);
      }
      increment(this.byLevel, level, count);
    }
    let withService = 0;
    for (const [service, count] of summary.services) {
      increment(this.byService, service, count);
      withService += count;
    }
    if (summary.count > withService) increment(this.byService, NONE, summary.count - withService);
    for (const [rule, count] of summary.rules) increment(this.byRule, rule, count);
  }

  result(topRules = 10): LogStats {
    const topRedactionRules = Object.entries(this.byRule)
      .sort(([a, x], [b, y]) => y - x || a.localeCompare(b))
      .slice(0, topRules)
      .map(([rule, count]) => ({ rule, count }));
    return { buckets: this.buckets, byLevel: this.byLevel, byService: this.byService, topRedactionRules };
  }
}

export function countStats(rows: Iterable<StatsRow>, from: Date, to: Date, bucketMs: number, topRules = 10): LogStats {
  const counter = new StatsCounter(from, to, bucketMs);
  for (const row of rows) counter.add(row);
  return counter.result(topRules);
}
