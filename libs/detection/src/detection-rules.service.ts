// Detection rules as data: stored in MongoDB (built-ins seeded on first start, editable, not
// deletable), validated by compiling them, versioned in Redis so every worker reloads its
// compiled rules on the next job after a change.
import { Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { loadEnv } from '@app/config';
import { Redis } from 'ioredis';
import type { Model } from 'mongoose';
import { isDuplicateKey } from '@app/logs';
import { DetectionRuleDoc } from './alert.schema';
import { compileRule, DetectionRuleError, type CompiledDetectionRule } from './compile-rule';
import { BUILTIN_DETECTION_RULES, type DetectionRuleDefinition } from './detection-rule';
import { checkTargetUrl, WebhookTargetError } from './webhook-target';

export class DetectionRuleNotFoundError extends Error {}
export class DetectionRuleConflictError extends Error {}

const ID = /^[a-z0-9][a-z0-9-]{1,63}$/;
/** Fields a PATCH may change; id and builtin are fixed. */
const CHANGEABLE = ['name', 'description', 'enabled', 'severity', 'match', 'groupBy', 'aggregate', 'threshold', 'windowSeconds', 'suppressSeconds', 'targets'] as const;
const RELOAD_MS = 30_000;

@Injectable()
export class DetectionRulesService implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(DetectionRulesService.name);
  private readonly versionKey = `${loadEnv().QUEUE_PREFIX}:det:rules-version`;
  private readonly redis = new Redis(loadEnv().REDIS_URL, { maxRetriesPerRequest: 2, connectTimeout: 2000 });
  private compiled?: { version: string; rules: CompiledDetectionRule[]; loadedAt: number };

  constructor(@InjectModel(DetectionRuleDoc.name) private readonly rules: Model<DetectionRuleDoc>) {
    this.redis.on('error', () => undefined);
  }

  /** Inserts the built-in rules that are not there yet; edits made to them are kept. */
  async onModuleInit(): Promise<void> {
    let seeded = 0;
    for (const rule of BUILTIN_DETECTION_RULES) {
      await this.rules.create({ _id: rule.id, definition: rule, updatedAt: new Date() }).then(
        () => seeded++,
        (error: unknown) => {
          if (!isDuplicateKey(error)) this.logger.warn(`built-in detection rule ${rule.id} not seeded (${(error as Error).name}); retried at next start`);
        },
      );
    }
    if (seeded > 0) await this.bumpVersion();
  }

  async list(): Promise<DetectionRuleDefinition[]> {
    const docs = await this.rules.find().sort({ _id: 1 }).lean().exec();
    return docs.map((doc) => doc.definition as unknown as DetectionRuleDefinition);
  }

  async get(id: string): Promise<DetectionRuleDefinition> {
    const doc = ID.test(id) ? await this.rules.findById(id).lean().exec() : null;
    if (!doc) throw new DetectionRuleNotFoundError(`No detection rule with id ${id.slice(0, 64)}`);
    return doc.definition as unknown as DetectionRuleDefinition;
  }

  async create(input: Omit<DetectionRuleDefinition, 'builtin'>): Promise<DetectionRuleDefinition> {
    if (!ID.test(input.id)) throw new DetectionRuleError('id must be 2-64 lower-case letters, digits or dashes');
    const definition = this.validated({ ...withoutNulls(input), builtin: false } as DetectionRuleDefinition);
    try {
      await this.rules.create({ _id: definition.id, definition, updatedAt: new Date() });
    } catch (error) {
      if (isDuplicateKey(error)) throw new DetectionRuleConflictError(`A detection rule with id ${definition.id} exists already`);
      throw error;
    }
    await this.bumpVersion();
    return definition;
  }

  async update(id: string, changes: Partial<DetectionRuleDefinition>): Promise<DetectionRuleDefinition> {
    const current = await this.get(id);
    // A null clears an optional field (description) and leaves a required one as it was.
    const picked = Object.fromEntries(CHANGEABLE.filter((key) => changes[key] !== undefined && changes[key] !== null).map((key) => [key, changes[key]]));
    const definition = this.validated({ ...current, ...picked });
    await this.rules.updateOne({ _id: id }, { $set: { definition, updatedAt: new Date() } }).exec();
    await this.bumpVersion();
    return definition;
  }

  async remove(id: string): Promise<void> {
    const current = await this.get(id);
    if (current.builtin) throw new DetectionRuleConflictError(`built-in rule ${id} cannot be deleted; set "enabled": false instead`);
    await this.rules.deleteOne({ _id: id }).exec();
    await this.bumpVersion();
  }

  /** The compiled enabled rules, reloaded when any process changed a rule since the last call. */
  async current(): Promise<CompiledDetectionRule[]> {
    const version = (await this.redis.get(this.versionKey)) ?? '0';
    // A missed version bump (Redis away at the time) is caught up within RELOAD_MS.
    if (this.compiled?.version !== version || Date.now() - this.compiled.loadedAt > RELOAD_MS) {
      const rules = (await this.list()).filter((rule) => rule.enabled).flatMap((rule) => {
        try {
          return [compileRule(rule)];
        } catch (error) {
          this.logger.warn(`detection rule ${rule.id} skipped: ${(error as Error).message}`);
          return [];
        }
      });
      this.compiled = { version, rules, loadedAt: Date.now() };
    }
    return this.compiled.rules;
  }

  private validated(definition: DetectionRuleDefinition): DetectionRuleDefinition {
    if (typeof definition.name !== 'string' || definition.name.length < 1 || definition.name.length > 200) throw new DetectionRuleError('name must be 1-200 characters');
    if (typeof definition.enabled !== 'boolean') throw new DetectionRuleError('enabled must be true or false');
    if (!Array.isArray(definition.targets) || definition.targets.length > 10) throw new DetectionRuleError('targets must list up to 10 URLs');
    for (const target of definition.targets) {
      try {
        checkTargetUrl(target, loadEnv().WEBHOOK_ALLOW_PRIVATE_TARGETS === 'true');
      } catch (error) {
        throw new DetectionRuleError(`targets: ${(error as WebhookTargetError).message}`);
      }
    }
    if (definition.description !== undefined && (typeof definition.description !== 'string' || definition.description.length > 1000)) {
      throw new DetectionRuleError('description must be a string of up to 1000 characters');
    }
    compileRule(definition);
    return canonical(definition);
  }

  private async bumpVersion(): Promise<void> {
    await this.redis.incr(this.versionKey).catch((error: Error) => this.logger.warn(`rule change not announced (${error.name}); workers reload at their next change`));
  }

  onModuleDestroy(): void {
    this.redis.disconnect();
  }
}

/**
 * Only the fields a rule has, each in the shape compileRule checked: nothing else a client sent
 * (an unknown field, a `$`-key inside an `exists` condition's value) reaches the store.
 */
function canonical(d: DetectionRuleDefinition): DetectionRuleDefinition {
  return {
    id: d.id,
    name: d.name,
    ...(d.description !== undefined ? { description: d.description } : {}),
    builtin: d.builtin,
    enabled: d.enabled,
    severity: d.severity,
    match: d.match.map(({ field, op, value }) => (op === 'exists' ? { field, op } : { field, op, value })),
    groupBy: [...d.groupBy],
    aggregate: d.aggregate.kind === 'count' ? { kind: 'count' } : { kind: d.aggregate.kind, field: d.aggregate.field },
    threshold: { op: d.threshold.op, value: d.threshold.value },
    windowSeconds: d.windowSeconds,
    suppressSeconds: d.suppressSeconds,
    targets: [...d.targets],
  };
}

const withoutNulls = <T extends object>(value: T): T => Object.fromEntries(Object.entries(value).filter(([, v]) => v !== null)) as T;
