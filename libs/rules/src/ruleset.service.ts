// The compiled ruleset this process redacts with: built-ins, their overrides and custom rules
// from MongoDB, recompiled when a change is announced (or seen by the periodic check).
import { Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { loadEnv } from '@app/config';
import { buildRuleset, Redactor } from '@app/redaction';
import { pseudonymKey, PseudonymPurpose } from './pseudonym-key';
import { RedactionRuleRepository } from './redaction-rule.repository';
import { RulesChangeNotifier } from './rules-change.notifier';

export interface CompiledRuleset {
  version: number;
  /** Redacts records for storage. */
  redactor: Redactor;
  /** The same rules with the preview's own pseudonym key, for POST /redaction/preview. */
  previewRedactor: Redactor;
}

const CHECK_INTERVAL_MS = 30_000;

@Injectable()
export class RulesetService implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(RulesetService.name);
  private compiled?: Promise<CompiledRuleset>;
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly repository: RedactionRuleRepository,
    private readonly notifier: RulesChangeNotifier,
  ) {}

  onModuleInit(): void {
    this.notifier.subscribe((version) => void this.refreshIfOlderThan(version));
    this.timer = setInterval(() => void this.refreshIfChanged(), CHECK_INTERVAL_MS);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  /** The current ruleset, compiled on first use. */
  current(): Promise<CompiledRuleset> {
    this.compiled ??= this.compile();
    this.compiled.catch(() => (this.compiled = undefined)); // try again next time
    return this.compiled;
  }

  /** Recompiles now; called after a change made by this process. */
  reload(): Promise<CompiledRuleset> {
    const next = this.compile();
    this.compiled = next;
    return next;
  }

  private async refreshIfOlderThan(version: number): Promise<void> {
    const current = await this.current().catch(() => undefined);
    if (!current || current.version < version) await this.reload().catch((e: Error) => this.logger.warn(`reload failed: ${e.message}`));
  }

  private async refreshIfChanged(): Promise<void> {
    try {
      await this.refreshIfOlderThan(await this.repository.rulesetVersion());
    } catch {
      // The store is away; the next check tries again.
    }
  }

  private async compile(): Promise<CompiledRuleset> {
    const version = await this.repository.rulesetVersion();
    const rules = buildRuleset(await this.repository.list());
    const env = loadEnv();
    const budgetMs = env.REDACTION_RECORD_BUDGET_MS;
    return {
      version,
      redactor: new Redactor(rules, { pseudonymKey: pseudonymKey(env, PseudonymPurpose.StoredRecords), budgetMs }),
      previewRedactor: new Redactor(rules, { pseudonymKey: pseudonymKey(env, PseudonymPurpose.Preview), budgetMs }),
    };
  }
}
