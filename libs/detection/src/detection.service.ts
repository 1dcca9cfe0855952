// The worker's detection step: each job's records, opened but not yet redacted, go through
// every enabled rule; matching ones advance their group's window in Redis, and a crossed
// threshold raises an alert. Raw values stay in this process: Redis and the alert hold
// keyed pseudonyms only.
import { Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { loadEnv } from '@app/config';
import { pseudonymKey, PseudonymPurpose } from '@app/rules';
import { Redis } from 'ioredis';
import { AlertService } from './alert.service';
import { DetectionRulesService } from './detection-rules.service';
import { observationsOf, type DetectionInput } from './observe-records';
import { SlidingWindowStore } from './sliding-window.store';

export interface DetectionOutcome {
  raised: number;
  /** Alerts that could not be raised; the logs went on without them. No client values. */
  errors: string[];
}

/** The store refused the document itself (validation, a cast): retrying would fail the same way. */
function isRefusedDocument(error: unknown): boolean {
  const name = (error as Error)?.name;
  return name === 'ValidationError' || name === 'CastError' || name === 'StrictModeError';
}

@Injectable()
export class DetectionService implements OnModuleDestroy {
  private readonly logger = new Logger(DetectionService.name);
  private readonly redis: Redis;
  private readonly windows: SlidingWindowStore;

  constructor(
    private readonly rules: DetectionRulesService,
    private readonly alerts: AlertService,
  ) {
    const env = loadEnv();
    this.redis = new Redis(env.REDIS_URL, { maxRetriesPerRequest: 2, connectTimeout: 2000 });
    this.redis.on('error', () => undefined);
    this.windows = new SlidingWindowStore(this.redis, env.QUEUE_PREFIX, pseudonymKey(env, PseudonymPurpose.DetectionGroups).secret, env.DETECTION_MAX_LATENESS_SECONDS * 1000);
  }

  /**
   * Throws when Redis or MongoDB are unreachable, so the job is retried (every step is
   * idempotent per log id). An alert the store refuses is reported, not thrown: it must not
   * fail the logs that happened to cross the threshold, nor anyone else's in the job.
   */
  async observe(records: readonly DetectionInput[]): Promise<DetectionOutcome> {
    const outcome: DetectionOutcome = { raised: 0, errors: [] };
    // A job whose records could not be opened asks Redis nothing.
    if (records.length === 0) return outcome;
    const rules = await this.rules.current();
    if (rules.length === 0) return outcome;
    // In event order, one at a time: each step sees the window the previous one left.
    for (const observation of observationsOf(records, rules)) {
      const step = await this.windows.observe(observation);
      if (step.kind === 'late') this.logger.debug(`log ${observation.logId} too late for rule ${observation.rule.definition.id}`);
      if (step.kind !== 'alert') continue;
      const ruleId = observation.rule.definition.id;
      if (!Number.isFinite(step.value)) {
        outcome.errors.push(`rule ${ruleId}: window value is not a finite number; no alert raised`);
        continue;
      }
      try {
        const isNew = await this.alerts.raise({
          rule: observation.rule.definition,
          groupKey: step.groupKey,
          value: step.value,
          triggerTime: step.triggerTime,
          triggerLogId: observation.logId,
          sampleLogIds: step.sampleLogIds,
        });
        if (isNew) outcome.raised++;
      } catch (error) {
        if (!isRefusedDocument(error)) throw error;
        outcome.errors.push(`rule ${ruleId}: alert not stored (${(error as Error).name})`);
      }
    }
    for (const error of outcome.errors) this.logger.warn(error);
    return outcome;
  }

  onModuleDestroy(): void {
    this.redis.disconnect();
  }
}
