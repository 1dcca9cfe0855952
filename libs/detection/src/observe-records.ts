// Which (rule, record) pairs feed a window: pure, so it is unit-tested without Redis.
import type { CompiledDetectionRule, DetectableRecord } from './compile-rule';
import type { Observation } from './sliding-window.store';

export interface DetectionInput {
  logId: string;
  /** Event time, ms (the record's timestamp, bounded by when it was received). */
  time: number;
  content: DetectableRecord;
}

/** Records claiming to be from further ahead than this are taken as received now. */
export const MAX_CLOCK_SKEW_MS = 60_000;

export function eventTime(timestamp: Date, receivedAt: Date): number {
  return Math.min(timestamp.getTime(), receivedAt.getTime() + MAX_CLOCK_SKEW_MS);
}

export function observationsOf(records: readonly DetectionInput[], rules: readonly CompiledDetectionRule[]): Observation[] {
  const out: Observation[] = [];
  for (const rule of rules) {
    if (!rule.definition.enabled) continue;
    for (const { logId, time, content } of records) {
      if (!rule.matches(content)) continue;
      const groupValues = rule.groupValues(content);
      const contribution = rule.contribution(content);
      if (groupValues && contribution) out.push({ rule, logId, time, groupValues, contribution });
    }
  }
  // Oldest first, so a burst arriving in one job advances each window in event order.
  return out.sort((a, b) => a.time - b.time);
}
