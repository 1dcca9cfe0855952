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

  /** Throws when Redis or MongoDB fail, so the job is retried (every step is idempotent per log id). */
  async observe(records: readonly DetectionInput[]): Promise<number> {
    // A job whose records could not be opened asks Redis nothing.
    if (records.length === 0) return 0;
    const rules = await this.rules.current();
    if (rules.length === 0) return 0;
    let raised = 0;
    // In event order, one at a time: each step sees the window the previous one left.
    for (const observation of observationsOf(records, rules)) {
      const outcome = await this.windows.observe(observation);
      if (outcome.kind === 'late') this.logger.debug(`log ${observation.logId} too late for rule ${observation.rule.definition.id}`);
      if (outcome.kind !== 'alert') continue;
      const isNew = await this.alerts.raise({
        rule: observation.rule.definition,
        groupKey: outcome.groupKey,
        value: outcome.value,
        triggerTime: outcome.triggerTime,
        triggerLogId: observation.logId,
        sampleLogIds: outcome.sampleLogIds,
      });
      if (isNew) raised++;
    }
    return raised;
  }

  onModuleDestroy(): void {
    this.redis.disconnect();
  }
}
