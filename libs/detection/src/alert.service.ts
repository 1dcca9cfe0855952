// Alerts: raised by workers (idempotently: the id is derived from rule, group key and trigger
// time), listed and acknowledged over HTTP, streamed live over Redis pub/sub, and delivered to
// each rule's webhook targets through a BullMQ queue.
import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { loadEnv } from '@app/config';
import { JobName, QueueName, RedisPublisher, type NotifyWebhookPayload } from '@app/queues';
import type { Queue } from 'bullmq';
import type { Model } from 'mongoose';
import { isDuplicateKey } from '@app/logs';
import { createHash } from 'node:crypto';
import { alertsRaised } from '@app/observability';
import { AlertDeliveryDoc, AlertDoc, type AlertStatus } from './alert.schema';
import type { DetectionRuleDefinition } from './detection-rule';

export const alertsChannel = (prefix: string) => `${prefix}:alerts`;

export interface AlertView {
  id: string;
  rule_id: string;
  rule_name: string;
  severity: string;
  group_by: string[];
  group_key: string;
  aggregate: string;
  value: number;
  threshold: { op: string; value: number };
  window_start: string;
  window_end: string;
  sample_log_ids: string[];
  status: AlertStatus;
  created_at: string;
}

export interface RaisedAlert {
  rule: DetectionRuleDefinition;
  groupKey: string;
  value: number;
  triggerTime: number;
  triggerLogId: string;
  sampleLogIds: string[];
}

export interface AlertQuery {
  ruleIds: string[];
  severities: string[];
  statuses: AlertStatus[];
  from?: Date;
  limit: number;
  after?: { createdAt: Date; id: string };
}

export const alertId = (ruleId: string, groupKey: string, triggerTime: number) =>
  createHash('sha256').update(`${ruleId}\u0000${groupKey}\u0000${triggerTime}`).digest('hex').slice(0, 24);

/** Alert ids are 24 hex digits (see alertId); anything else cannot name one. */
const isAlertId = (id: string) => /^[0-9a-f]{24}$/.test(id);

export const targetHash = (target: string) => createHash('sha256').update(target).digest('hex').slice(0, 16);

export function toAlertView(doc: AlertDoc): AlertView {
  return {
    id: doc._id,
    rule_id: doc.ruleId,
    rule_name: doc.ruleName,
    severity: doc.severity,
    group_by: doc.groupBy,
    group_key: doc.groupKey,
    aggregate: doc.aggregate,
    value: doc.value,
    threshold: doc.threshold,
    window_start: doc.windowStart.toISOString(),
    window_end: doc.windowEnd.toISOString(),
    sample_log_ids: doc.sampleLogIds,
    status: doc.status,
    created_at: doc.createdAt.toISOString(),
  };
}

@Injectable()
export class AlertService implements OnModuleDestroy {
  private readonly logger = new Logger(AlertService.name);
  private readonly channel = alertsChannel(loadEnv().QUEUE_PREFIX);
  private readonly publisher = new RedisPublisher();

  constructor(
    @InjectModel(AlertDoc.name) private readonly alerts: Model<AlertDoc>,
    @InjectModel(AlertDeliveryDoc.name) private readonly deliveries: Model<AlertDeliveryDoc>,
    @InjectQueue(QueueName.NotifyWebhooks) private readonly webhooks: Queue<NotifyWebhookPayload>,
  ) {}

  /** Stores the alert unless it exists; a new one is published and queued for its targets. Resolves whether it was new. */
  async raise({ rule, groupKey, value, triggerTime, triggerLogId, sampleLogIds }: RaisedAlert): Promise<boolean> {
    const id = alertId(rule.id, groupKey, triggerTime);
    const aggregate = rule.aggregate.kind === 'count' ? 'count' : `${rule.aggregate.kind}(${rule.aggregate.field})`;
    const doc: AlertDoc = {
      _id: id,
      ruleId: rule.id,
      ruleName: rule.name,
      severity: rule.severity,
      groupBy: rule.groupBy,
      groupKey,
      aggregate,
      value,
      threshold: rule.threshold,
      windowStart: new Date(triggerTime - rule.windowSeconds * 1000),
      windowEnd: new Date(triggerTime),
      sampleLogIds,
      triggerLogId,
      createdAt: new Date(),
      status: 'open',
    };
    try {
      await this.alerts.create(doc);
    } catch (error) {
      if (!isDuplicateKey(error)) throw error;
      // Raised before by a delivery that may have stopped short of queueing the webhooks.
      await this.queueDeliveries(id, rule.targets);
      return false;
    }
    this.logger.log(`alert ${id}: rule ${rule.id} (${rule.severity}) ${aggregate} = ${value}`);
    alertsRaised.inc({ rule: rule.id });
    await this.publisher.publish(this.channel, JSON.stringify(toAlertView(doc)));
    await this.queueDeliveries(id, rule.targets);
    return true;
  }

  /** Job ids make a repeated call queue each delivery once. */
  private async queueDeliveries(id: string, targets: readonly string[]): Promise<void> {
    const { WEBHOOK_ATTEMPTS: attempts, WEBHOOK_BACKOFF_MS: delay } = loadEnv();
    await Promise.all(
      targets.map((target) =>
        this.webhooks.add(JobName.NotifyWebhook, { alertId: id, target }, { jobId: `${id}-${targetHash(target)}`, attempts, backoff: { type: 'exponential', delay } }),
      ),
    );
  }

  /** Deletes alerts created before `cutoff`, with their deliveries, `batch` at a time; resolves how many. */
  async deleteCreatedBefore(cutoff: Date, batch = 500): Promise<number> {
    let deleted = 0;
    for (;;) {
      const ids = (await this.alerts.find({ createdAt: { $lt: cutoff } }, { _id: 1 }).limit(batch).lean().exec()).map((doc) => doc._id);
      if (ids.length === 0) return deleted;
      await this.deliveries.deleteMany({ alertId: { $in: ids } }).exec();
      deleted += (await this.alerts.deleteMany({ _id: { $in: ids } }).exec()).deletedCount;
    }
  }

  async find(id: string): Promise<AlertDoc | null> {
    return isAlertId(id) ? this.alerts.findById(id).lean().exec() : null;
  }

  async list(query: AlertQuery): Promise<{ alerts: AlertView[]; next?: { createdAt: Date; id: string } }> {
    const filter: Record<string, unknown> = {};
    if (query.ruleIds.length) filter.ruleId = { $in: query.ruleIds };
    if (query.severities.length) filter.severity = { $in: query.severities };
    if (query.statuses.length) filter.status = { $in: query.statuses };
    if (query.from) filter.createdAt = { $gte: query.from };
    if (query.after) filter.$or = [{ createdAt: { $lt: query.after.createdAt } }, { createdAt: query.after.createdAt, _id: { $lt: query.after.id } }];
    const docs = await this.alerts.find(filter).sort({ createdAt: -1, _id: -1 }).limit(query.limit + 1).lean().exec();
    const page = docs.slice(0, query.limit);
    const last = page.at(-1);
    return { alerts: page.map(toAlertView), ...(docs.length > query.limit && last ? { next: { createdAt: last.createdAt, id: last._id } } : {}) };
  }

  async setStatus(id: string, status: AlertStatus): Promise<AlertView | null> {
    if (!isAlertId(id)) return null;
    const { matchedCount } = await this.alerts.updateOne({ _id: id }, { $set: { status, updatedAt: new Date() } }).exec();
    if (matchedCount === 0) return null;
    const doc = await this.alerts.findById(id).lean().exec();
    return doc ? toAlertView(doc) : null;
  }

  onModuleDestroy(): void {
    this.publisher.close();
  }
}
