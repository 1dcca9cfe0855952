// The redaction engine: walks any JSON value (keys included) or text line, applies field rules
// to values by the name of their field and pattern rules inside every string, and reports
// what it did without the values. Pure: no I/O, no framework.
import { applyAction, type PseudonymKey } from './actions';
import type { FieldRule, Finding, PatternRule, RedactionRule } from './rule';
import { findMatches } from './text-scanner';

export interface RedactionResult<T = unknown> {
  value: T;
  findings: Finding[];
}

export interface RedactorOptions {
  pseudonymKey: PseudonymKey;
  /** Strings longer than this are scanned only up to it, and the rest replaced: bounds work per field. */
  maxStringLength?: number;
}

const DEFAULT_MAX_STRING_LENGTH = 256 * 1024;

export function normaliseFieldName(key: string): string {
  return key.toLowerCase().replace(/[\s_.-]/g, '');
}

export class Redactor {
  private readonly fieldRules: FieldRule[];
  private readonly patternRules: PatternRule[];
  private readonly maxStringLength: number;

  constructor(
    rules: readonly RedactionRule[],
    private readonly options: RedactorOptions,
  ) {
    const enabled = rules.filter((rule) => rule.enabled !== false);
    this.fieldRules = enabled.filter((rule): rule is FieldRule => rule.kind === 'field');
    this.patternRules = enabled.filter((rule): rule is PatternRule => rule.kind === 'pattern');
    for (const rule of this.patternRules) {
      if (!rule.pattern.global) throw new Error(`pattern of rule ${rule.id} needs the g flag`);
    }
    this.maxStringLength = options.maxStringLength ?? DEFAULT_MAX_STRING_LENGTH;
  }

  redact<T>(value: T, rootPath = '$'): RedactionResult<T> {
    const findings: Finding[] = [];
    const redacted = this.redactValue(value, rootPath, findings) as T;
    return { value: redacted, findings };
  }

  /** Redacts one string; `path` is only used to label findings. */
  redactText(text: string, path: string, findings: Finding[]): string {
    let scanned = text;
    let tail = '';
    if (text.length > this.maxStringLength) {
      scanned = text.slice(0, this.maxStringLength);
      tail = `[TRUNCATED:${text.length - this.maxStringLength} chars]`;
    }
    const matches = findMatches(scanned, this.patternRules);
    if (matches.length === 0) return scanned + tail;
    let out = '';
    let cursor = 0;
    for (const { rule, start, end } of matches) {
      out += scanned.slice(cursor, start) + applyAction(rule.action, rule.type, scanned.slice(start, end), this.options.pseudonymKey);
      findings.push({ rule: rule.id, path, start, end, action: rule.action.kind });
      cursor = end;
    }
    return out + scanned.slice(cursor) + tail;
  }

  private redactValue(value: unknown, path: string, findings: Finding[]): unknown {
    if (typeof value === 'string') return this.redactText(value, path, findings);
    if (typeof value === 'number' || typeof value === 'bigint') {
      // Card numbers and phone numbers arrive as JSON numbers too.
      const text = String(value);
      const redacted = this.redactText(text, path, findings);
      return redacted === text ? value : redacted;
    }
    if (Array.isArray(value)) return value.map((item, index) => this.redactValue(item, `${path}[${index}]`, findings));
    if (value !== null && typeof value === 'object') return this.redactObject(value as Record<string, unknown>, path, findings);
    return value;
  }

  private redactObject(object: Record<string, unknown>, path: string, findings: Finding[]): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const [key, child] of Object.entries(object)) {
      const keyFindings: Finding[] = [];
      const safeKey = this.redactText(key, `${path}~key`, keyFindings);
      findings.push(...keyFindings);
      const childPath = `${path}${pathSegment(safeKey)}`;
      const fieldRule = this.fieldRuleFor(key);
      if (fieldRule && child !== null && child !== undefined && child !== '') {
        out[safeKey] = applyAction(fieldRule.action, fieldRule.type, stringify(child), this.options.pseudonymKey);
        findings.push({ rule: fieldRule.id, path: childPath, action: fieldRule.action.kind });
      } else {
        out[safeKey] = this.redactValue(child, childPath, findings);
      }
    }
    return out;
  }

  private fieldRuleFor(key: string): FieldRule | undefined {
    if (this.fieldRules.length === 0) return undefined;
    const normalised = normaliseFieldName(key);
    return this.fieldRules.find((rule) => rule.matches(normalised));
  }
}

function pathSegment(key: string): string {
  return /^[A-Za-z_$][\w$]*$/.test(key) ? `.${key}` : `[${JSON.stringify(key)}]`;
}

function stringify(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}
