// Creating, changing and removing redaction rules. Every change is checked by compiling it,
// bumps the ruleset version, recompiles this process's ruleset and is announced to the others.
import { Injectable } from '@nestjs/common';
import { BUILTIN_DEFINITIONS, compileAllowList, compileDefinition, type RuleDefinition } from '@app/redaction';
import { RedactionRuleRepository, type StoredRuleDefinition } from './redaction-rule.repository';
import { RulesChangeNotifier } from './rules-change.notifier';
import { RulesetService } from './ruleset.service';

export class RuleNotFoundError extends Error {}
export class RuleConflictError extends Error {}
export class RuleChangeError extends Error {}

/** A rule as the API shows it; version 0 is a built-in never changed. */
export type RuleView = StoredRuleDefinition;

/** What a change may set. Built-ins accept only action, enabled, allow and scope. */
export type RuleChanges = Partial<Omit<RuleDefinition, 'id' | 'builtin' | 'kind'>>;

const BUILTIN_CHANGEABLE = new Set(['action', 'enabled', 'allow', 'scope']);

@Injectable()
export class RedactionRulesService {
  constructor(
    private readonly repository: RedactionRuleRepository,
    private readonly notifier: RulesChangeNotifier,
    private readonly ruleset: RulesetService,
  ) {}

  async list(): Promise<{ version: number; rules: RuleView[] }> {
    const stored = await this.repository.list();
    const byId = new Map(stored.map((rule) => [rule.id, rule]));
    const builtins = BUILTIN_DEFINITIONS.map((rule) => byId.get(rule.id) ?? { ...rule, version: 0 });
    const custom = stored.filter((rule) => !rule.builtin);
    return { version: await this.repository.rulesetVersion(), rules: [...builtins, ...custom] };
  }

  async get(id: string): Promise<RuleView> {
    const stored = await this.repository.get(id);
    if (stored) return stored;
    const builtin = BUILTIN_DEFINITIONS.find((rule) => rule.id === id);
    if (builtin) return { ...builtin, version: 0 };
    throw new RuleNotFoundError(`No redaction rule with id ${id}`);
  }

  async create(definition: Omit<RuleDefinition, 'builtin'>): Promise<RuleView> {
    const rule: RuleDefinition = { ...definition, builtin: false };
    if (BUILTIN_DEFINITIONS.some((b) => b.id === rule.id)) throw new RuleConflictError(`${rule.id} is a built-in rule; change it with PATCH`);
    compileDefinition(rule); // throws RuleDefinitionError naming the problem
    if (!(await this.repository.insert(rule))) throw new RuleConflictError(`A rule with id ${rule.id} exists already`);
    await this.changed();
    return this.get(rule.id);
  }

  async update(id: string, requested: RuleChanges): Promise<RuleView> {
    // A null leaves the field as it is (found by the API fuzzer: `"enabled": null` was stored).
    const changes = Object.fromEntries(Object.entries(requested).filter(([, value]) => value !== null && value !== undefined)) as RuleChanges;
    const current = await this.get(id);
    if (current.builtin) {
      const refused = Object.keys(changes).filter((key) => !BUILTIN_CHANGEABLE.has(key));
      if (refused.length > 0) throw new RuleChangeError(`built-in rule ${id} accepts changes to action, enabled, allow and scope only, not ${refused.join(', ')}`);
    }
    const { version: _version, updatedAt: _updatedAt, ...definition } = current;
    const next: RuleDefinition = { ...definition, ...changes };
    if (next.builtin) compileAllowList(next.allow);
    else compileDefinition(next);
    await this.repository.save(next);
    await this.changed();
    return this.get(id);
  }

  async remove(id: string): Promise<void> {
    const current = await this.get(id);
    if (current.builtin) throw new RuleChangeError(`built-in rule ${id} cannot be deleted; set "enabled": false instead`);
    await this.repository.delete(id);
    await this.changed();
  }

  private async changed(): Promise<void> {
    const version = await this.repository.bumpRulesetVersion();
    await this.ruleset.reload();
    await this.notifier.publish(version);
  }
}
