// Rules as stored data: custom rules people write, and overrides of built-in rules (enable,
// action, allow-list, scope). Compiled here into engine rules. User patterns run in RE2, a
// linear-time engine, so no pattern can hang a worker; patterns RE2 refuses are rejected.
import RE2 from 're2';
import { BUILTIN_RULES } from './builtin-rules';
import type { FieldRule, PatternRule, RedactionAction, RedactionRule } from './rule';
import { normaliseFieldName } from './redactor';
import { scanPattern } from './scan-pattern';

export interface AllowList {
  exact?: string[];
  prefix?: string[];
  /** RE2 patterns a whole value must match to be allowed. */
  regex?: string[];
}

/** A rule as stored and as the API shows it. */
export interface RuleDefinition {
  id: string;
  builtin: boolean;
  kind: 'pattern' | 'field';
  type: string;
  /** Custom pattern rules: RE2 syntax. Built-in rules show none (theirs is code). */
  pattern?: string;
  caseInsensitive?: boolean;
  /** Custom field rules: names matched case- and separator-insensitively. */
  fields?: string[];
  action: RedactionAction;
  enabled: boolean;
  allow?: AllowList;
  scope?: string[];
}

export class RuleDefinitionError extends Error {}

export const MAX_PATTERN_LENGTH = 1000;

/** Compiles a user pattern with RE2, or says in plain words why it cannot be used. */
export function compileUserPattern(source: string, caseInsensitive = false, what = 'pattern'): RE2 {
  if (source.length === 0 || source.length > MAX_PATTERN_LENGTH) {
    throw new RuleDefinitionError(`${what} must be 1 to ${MAX_PATTERN_LENGTH} characters long`);
  }
  let pattern: RE2;
  try {
    pattern = new RE2(source, caseInsensitive ? 'giu' : 'gu');
  } catch (error) {
    throw new RuleDefinitionError(
      `${what} is not accepted by RE2, the linear-time engine custom patterns run in (no backreferences or lookaround): ${(error as Error).message}`,
    );
  }
  if (pattern.test('')) {
    throw new RuleDefinitionError(`${what} matches the empty string, so it would redact nothing and match everywhere`);
  }
  pattern.lastIndex = 0;
  return pattern;
}

/** Compiles an allow-list into a test; throws RuleDefinitionError for a regex RE2 refuses. */
export function compileAllowList(allow: AllowList | undefined): ((value: string) => boolean) | undefined {
  if (!allow) return undefined;
  const exact = new Set(allow.exact ?? []);
  const prefixes = allow.prefix ?? [];
  const patterns = (allow.regex ?? []).map((source) => {
    const re = compileUserPattern(source, false, 'allow-list regex');
    return new RE2(`^(?:${re.source})$`, 'u');
  });
  if (exact.size === 0 && prefixes.length === 0 && patterns.length === 0) return undefined;
  return (value) => exact.has(value) || prefixes.some((p) => value.startsWith(p)) || patterns.some((re) => re.test(value));
}

/** Checks a definition and turns it into an engine rule. Throws RuleDefinitionError naming the problem. */
export function compileDefinition(definition: RuleDefinition): RedactionRule {
  const common = {
    id: definition.id,
    type: definition.type,
    action: definition.action,
    enabled: definition.enabled,
    isAllowed: compileAllowList(definition.allow),
    scope: definition.scope?.length ? definition.scope : undefined,
  };
  if (definition.kind === 'field') {
    const names = new Set((definition.fields ?? []).map(normaliseFieldName));
    if (names.size === 0) throw new RuleDefinitionError('a field rule needs at least one field name');
    const rule: FieldRule = { ...common, kind: 'field', matches: (key) => names.has(key) };
    return rule;
  }
  if (!definition.pattern) throw new RuleDefinitionError('a pattern rule needs a pattern');
  compileUserPattern(definition.pattern, definition.caseInsensitive); // refuses what RE2 refuses, with the reason
  const pattern = scanPattern(definition.pattern, { caseInsensitive: definition.caseInsensitive });
  const rule: PatternRule = { ...common, kind: 'pattern', pattern, specificity: 4 };
  return rule;
}

/** The definition of a built-in rule as shipped (before any override). */
export function builtinDefinition(rule: RedactionRule): RuleDefinition {
  return { id: rule.id, builtin: true, kind: rule.kind, type: rule.type, action: rule.action, enabled: rule.enabled !== false };
}

export const BUILTIN_DEFINITIONS: readonly RuleDefinition[] = BUILTIN_RULES.map(builtinDefinition);

/**
 * The full ruleset: built-ins with their stored overrides applied, then custom rules. An
 * override may change a built-in's action, enabled flag, allow-list and scope, not its matcher.
 */
export function buildRuleset(stored: readonly RuleDefinition[]): RedactionRule[] {
  const overrides = new Map(stored.filter((d) => d.builtin).map((d) => [d.id, d]));
  const builtins = BUILTIN_RULES.map((rule): RedactionRule => {
    const override = overrides.get(rule.id);
    if (!override) return rule;
    return {
      ...rule,
      action: override.action,
      enabled: override.enabled,
      isAllowed: compileAllowList(override.allow),
      scope: override.scope?.length ? override.scope : undefined,
    };
  });
  return [...builtins, ...stored.filter((d) => !d.builtin).map(compileDefinition)];
}
