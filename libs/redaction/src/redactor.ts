// The redaction engine: walks any JSON value (keys included) or text line, applies field rules
// to values by the name of their field and pattern rules inside every string, and reports
// what it did without the values. Pure: no I/O, no framework.
import { applyAction, type PseudonymKey } from './actions';
import type { FieldRule, Finding, PatternRule, RedactionRule } from './rule';
import { RuleIndex } from './rule-index';
import { findMatches } from './text-scanner';

export interface RedactionResult<T = unknown> {
  value: T;
  findings: Finding[];
}

export interface RedactorOptions {
  pseudonymKey: PseudonymKey;
  /** Strings longer than this are scanned only up to it, and the rest replaced: bounds work per field. */
  maxStringLength?: number;
  /** Nesting deeper than this is replaced whole: bounds work per record. */
  maxDepth?: number;
}

const DEFAULT_MAX_STRING_LENGTH = 256 * 1024;
const DEFAULT_MAX_DEPTH = 64;

/** A JSONPath built only when a finding needs it: parent and the last step. */
type PathNode = { parent: PathNode | undefined; step: string | number } | undefined;

export function normaliseFieldName(key: string): string {
  return key.toLowerCase().replace(/[\s_.-]/g, '');
}

export class Redactor {
  private readonly fieldRules: FieldRule[];
  private readonly index: RuleIndex;
  private readonly maxStringLength: number;
  private readonly maxDepth: number;

  constructor(
    rules: readonly RedactionRule[],
    private readonly options: RedactorOptions,
  ) {
    const enabled = rules.filter((rule) => rule.enabled !== false);
    this.fieldRules = enabled.filter((rule): rule is FieldRule => rule.kind === 'field');
    const patternRules = enabled.filter((rule): rule is PatternRule => rule.kind === 'pattern');
    for (const rule of patternRules) {
      if (!rule.pattern.global) throw new Error(`pattern of rule ${rule.id} needs the g flag`);
    }
    this.index = new RuleIndex(patternRules);
    this.maxStringLength = options.maxStringLength ?? DEFAULT_MAX_STRING_LENGTH;
    this.maxDepth = options.maxDepth ?? DEFAULT_MAX_DEPTH;
  }

  redact<T>(value: T, rootPath = '$'): RedactionResult<T> {
    const findings: Finding[] = [];
    const redacted = this.redactValue(value, { parent: undefined, step: rootPath }, findings, 0) as T;
    return { value: redacted, findings };
  }

  private redactText(text: string, path: PathNode, findings: Finding[]): string {
    let scanned = text;
    let tail = '';
    if (text.length > this.maxStringLength) {
      scanned = text.slice(0, this.maxStringLength);
      tail = `[TRUNCATED:${text.length - this.maxStringLength} chars]`;
    }
    let rules = this.index.candidates(scanned);
    let where: string | undefined;
    if (rules.some((rule) => rule.scope)) {
      where = formatPath(path);
      rules = rules.filter((rule) => inScope(rule.scope, where!));
    }
    const matches = rules.length === 0 ? [] : findMatches(scanned, rules);
    if (matches.length === 0) return scanned + tail;
    where ??= formatPath(path);
    let out = '';
    let cursor = 0;
    for (const { rule, start, end } of matches) {
      out += scanned.slice(cursor, start) + applyAction(rule.action, rule.type, scanned.slice(start, end), this.options.pseudonymKey);
      findings.push({ rule: rule.id, path: where, start, end, action: rule.action.kind });
      cursor = end;
    }
    return out + scanned.slice(cursor) + tail;
  }

  private redactValue(value: unknown, path: PathNode, findings: Finding[], depth: number): unknown {
    if (typeof value === 'string') return this.redactText(value, path, findings);
    if (typeof value === 'number' || typeof value === 'bigint') {
      // Card and phone numbers arrive as JSON numbers too. No built-in matches a number under
      // seven digits; custom rules (shorter minimum length) see every number.
      if (Math.abs(Number(value)) < 1e6 && this.index.minLength >= 5) return value;
      const text = String(value);
      const redacted = this.redactText(text, path, findings);
      return redacted === text ? value : redacted;
    }
    if (value === null || typeof value !== 'object') return value;
    if (depth >= this.maxDepth) {
      findings.push({ rule: 'max-depth', path: formatPath(path), action: 'replace' });
      return '[TRUNCATED:nesting too deep]';
    }
    if (Array.isArray(value)) return value.map((item, index) => this.redactValue(item, { parent: path, step: index }, findings, depth + 1));
    return this.redactObject(value as Record<string, unknown>, path, findings, depth);
  }

  private redactObject(object: Record<string, unknown>, path: PathNode, findings: Finding[], depth: number): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const key in object) {
      if (!Object.prototype.hasOwnProperty.call(object, key)) continue;
      const child = object[key];
      const safeKey = key.length < this.index.minLength ? key : this.redactText(key, { parent: path, step: '~key' }, findings);
      const childPath: PathNode = { parent: path, step: safeKey };
      const fieldRule = this.fieldRuleFor(key, childPath, child);
      if (fieldRule) {
        out[safeKey] = applyAction(fieldRule.action, fieldRule.type, stringify(child), this.options.pseudonymKey);
        findings.push({ rule: fieldRule.id, path: formatPath(childPath), action: fieldRule.action.kind });
      } else {
        out[safeKey] = this.redactValue(child, childPath, findings, depth + 1);
      }
    }
    return out;
  }

  /** The field rule that redacts this field's value, if any: name matches, in scope, not allow-listed. */
  private fieldRuleFor(key: string, path: PathNode, value: unknown): FieldRule | undefined {
    if (this.fieldRules.length === 0 || value === null || value === undefined || value === '') return undefined;
    const normalised = normaliseFieldName(key);
    const rule = this.fieldRules.find((r) => r.matches(normalised) && (!r.scope || inScope(r.scope, formatPath(path))));
    if (!rule || rule.isAllowed?.(stringify(value))) return undefined;
    return rule;
  }
}

/** `$.a.b[0]["odd key"]`; a key scanned for values is labelled `<object path>~key`. */
function formatPath(node: PathNode): string {
  const steps: Array<string | number> = [];
  for (let n = node; n; n = n.parent) steps.push(n.step);
  steps.reverse();
  let out = String(steps[0]);
  for (const step of steps.slice(1)) {
    if (typeof step === 'number') out += `[${step}]`;
    else if (step === '~key') out += '~key';
    else out += /^[A-Za-z_$][\w$]*$/.test(step) ? `.${step}` : `[${JSON.stringify(step)}]`;
  }
  return out;
}

/** Whether a JSONPath lies at or below one of the scope's paths. */
function inScope(scope: readonly string[] | undefined, path: string): boolean {
  return !scope || scope.some((prefix) => path === prefix || path.startsWith(`${prefix}.`) || path.startsWith(`${prefix}[`) || path.startsWith(`${prefix}~`));
}

function stringify(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}
