// The only code that touches the stored redaction rules and the ruleset version.
import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { RuleDefinition } from '@app/redaction';
import type { Model } from 'mongoose';
import { isDuplicateKey } from '@app/logs';
import { RedactionRuleDoc, RulesetDoc } from './redaction-rule.schema';

const RULESET_ID = 'redaction';

export interface StoredRuleDefinition extends RuleDefinition {
  version: number;
  updatedAt?: Date;
}

@Injectable()
export class RedactionRuleRepository {
  constructor(
    @InjectModel(RedactionRuleDoc.name) private readonly rules: Model<RedactionRuleDoc>,
    @InjectModel(RulesetDoc.name) private readonly rulesets: Model<RulesetDoc>,
  ) {}

  async list(): Promise<StoredRuleDefinition[]> {
    const docs = await this.rules.find().sort({ _id: 1 }).lean().exec();
    return docs.map(toDefinition);
  }

  async get(id: string): Promise<StoredRuleDefinition | null> {
    const doc = await this.rules.findById(id).lean().exec();
    return doc ? toDefinition(doc) : null;
  }

  /** Inserts a new rule; resolves false if the id is taken. */
  async insert(definition: RuleDefinition): Promise<boolean> {
    try {
      await this.rules.create({ ...fromDefinition(definition), version: 1 });
      return true;
    } catch (error) {
      if (isDuplicateKey(error)) return false;
      throw error;
    }
  }

  /** Replaces a rule (or creates a built-in's override) and bumps its version. */
  async save(definition: RuleDefinition): Promise<void> {
    const { _id, ...fields } = fromDefinition(definition);
    const unset = Object.fromEntries(['pattern', 'caseInsensitive', 'fields', 'allow', 'scope'].filter((k) => (fields as Record<string, unknown>)[k] === undefined).map((k) => [k, '']));
    await this.rules.updateOne({ _id }, { $set: fields, $unset: unset, $inc: { version: 1 } }, { upsert: true }).exec();
  }

  async delete(id: string): Promise<boolean> {
    return (await this.rules.deleteOne({ _id: id }).exec()).deletedCount === 1;
  }

  async rulesetVersion(): Promise<number> {
    const doc = await this.rulesets.findById(RULESET_ID).lean().exec();
    return doc?.version ?? 0;
  }

  /** Increments the ruleset version atomically and returns the new one. */
  async bumpRulesetVersion(): Promise<number> {
    const doc = await this.rulesets.findOneAndUpdate({ _id: RULESET_ID }, { $inc: { version: 1 } }, { upsert: true, returnDocument: 'after' }).lean().exec();
    return doc!.version;
  }
}

function fromDefinition(d: RuleDefinition): Omit<RedactionRuleDoc, 'version'> {
  return {
    _id: d.id,
    builtin: d.builtin,
    kind: d.kind,
    type: d.type,
    pattern: d.pattern,
    caseInsensitive: d.caseInsensitive,
    fields: d.fields,
    action: withoutUndefined(d.action),
    enabled: d.enabled,
    allow: d.allow ? withoutUndefined(d.allow) : undefined,
    scope: d.scope,
  };
}

/** A plain copy without undefined fields (DTO instances carry them; MongoDB would store null). */
/** Absent and null alike are left out: a PATCH sending `"regex": null` clears the list rather than storing null. */
function withoutUndefined<T extends object>(value: T): Record<string, never> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined && v !== null)) as Record<string, never>;
}

function toDefinition(doc: RedactionRuleDoc): StoredRuleDefinition {
  return {
    id: doc._id,
    builtin: doc.builtin,
    kind: doc.kind,
    type: doc.type,
    ...(doc.pattern !== undefined ? { pattern: doc.pattern } : {}),
    ...(doc.caseInsensitive !== undefined ? { caseInsensitive: doc.caseInsensitive } : {}),
    ...(doc.fields ? { fields: doc.fields } : {}),
    action: doc.action as unknown as RuleDefinition['action'],
    enabled: doc.enabled,
    ...(doc.allow ? { allow: doc.allow } : {}),
    ...(doc.scope ? { scope: doc.scope } : {}),
    version: doc.version,
    updatedAt: doc.updatedAt,
  };
}
