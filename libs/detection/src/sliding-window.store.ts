// The detection windows in Redis: one Lua call per (rule, record) that matches.
import { createHmac } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { CompiledDetectionRule } from './compile-rule';
import { SLIDING_WINDOW_SCRIPT } from './sliding-window.lua';

export interface Observation {
  rule: CompiledDetectionRule;
  logId: string;
  /** Event time, ms. */
  time: number;
  groupValues: string[];
  contribution: { amount: number } | { distinct: string };
}

export type WindowOutcome =
  | { kind: 'none' | 'late'; value: number }
  | { kind: 'alert'; value: number; triggerTime: number; sampleLogIds: string[]; groupKey: string; redelivered: boolean };

export class SlidingWindowStore {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    /** Keys the pseudonyms of group keys and distinct values: no raw value is written to Redis. */
    private readonly secret: Buffer,
    private readonly latenessMs: number,
  ) {
    redis.defineCommand('logsieveSlidingWindow', { numberOfKeys: 5, lua: SLIDING_WINDOW_SCRIPT });
  }

  /** The group key as stored and shown: a keyed pseudonym of the group's values. */
  groupKey(ruleId: string, values: string[]): string {
    return createHmac('sha256', this.secret).update(`detection-group\u0000${ruleId}\u0000${values.join('\u0000')}`).digest('hex').slice(0, 32);
  }

  async observe({ rule, logId, time, groupValues, contribution }: Observation): Promise<WindowOutcome> {
    const { id, windowSeconds, suppressSeconds, threshold, aggregate } = rule.definition;
    const groupKey = this.groupKey(id, groupValues);
    const base = `${this.prefix}:det:${id}:${groupKey}`;
    const member = 'distinct' in contribution ? createHmac('sha256', this.secret).update(`detection-value\u0000${contribution.distinct}`).digest('hex').slice(0, 32) : logId;
    const amount = 'amount' in contribution ? contribution.amount : 0;
    const reply = (await (this.redis as unknown as Record<string, (...args: unknown[]) => Promise<unknown>>).logsieveSlidingWindow(
      `${base}:w`, `${base}:a`, `${base}:s`, `${base}:wm`, `${base}:sup`,
      time, windowSeconds * 1000, this.latenessMs, member, amount, aggregate.kind, threshold.op, threshold.value, suppressSeconds * 1000, logId,
    )) as [number, string, string, ...string[]];
    const [status, value, trigger, ...samples] = reply;
    if (status === -1) return { kind: 'late', value: 0 };
    if (status === 0) return { kind: 'none', value: Number(value) };
    return { kind: 'alert', value: Number(value), triggerTime: Number(trigger), sampleLogIds: samples, groupKey, redelivered: status === 2 };
  }
}
