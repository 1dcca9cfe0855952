// The redaction engine: walks any JSON value (keys included) or text line, applies field rules
// to values by the name of their field and pattern rules inside every string, and reports
// what it did without the values. Pure: no I/O, no framework.
//
// Work per record is bounded twice: every pattern runs in RE2 (linear time), and a record has
// a time budget. A record whose scan outlives its budget keeps none of its strings: each is
// stored as [REDACTED:unscanned] with a finding that says so, never in the clear.
import { performance } from 'node:perf_hooks';
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { applyAction, type PseudonymKey } from './actions';
import { PatternScanner, type ScanResult, type TextMatch, type WorkClock } from './pattern-scanner';
import { collectTexts, formatPath, NESTING_TOO_DEEP, rebuildRecord, type CollectedText, type KeyStep, type PathNode, type WalkLimits, type WholeValue } from './record-walk';
import type { FieldContext, FieldRule, Finding, PatternRule, RedactionRule } from './rule';

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
  /** Time one record may take; past it, its strings are stored as [REDACTED:unscanned]. */
  budgetMs?: number;
  /** `redactAsync` gives the event loop a turn after this much work. */
  sliceMs?: number;
}

/** What the redactor keeps whole by default: ingest refuses records past either (libs/ingest record-limits). */
export const REDACTION_LIMITS = { maxStringLength: 256 * 1024, maxDepth: 64 } as const;
const DEFAULT_MAX_STRING_LENGTH = REDACTION_LIMITS.maxStringLength;
const DEFAULT_MAX_DEPTH = REDACTION_LIMITS.maxDepth;
const DEFAULT_BUDGET_MS = 2000;
const DEFAULT_SLICE_MS = 10;
/** No built-in pattern matches fewer characters (`a@b.c` is the shortest email). */
const BUILTIN_MIN_LENGTH = 5;
const FIELD_NAME_CACHE_SIZE = 4096;
/** When a record outlives its budget, keys up to this long are scanned alone and kept if clean. */
const MAX_RESCANNED_KEY_LENGTH = 128;

export const UNSCANNED = '[REDACTED:unscanned]';

/** The field rules a key's name matches, with the name normalised once (both kept per key). */
interface NamedFieldRules {
  normalised: string;
  rules: readonly FieldRule[];
}

/** A string's new text and what was found in it; `whole` when it replaces the string entirely. */
interface TextReplacement {
  text: string;
  findings: Array<Omit<Finding, 'path'>>;
  whole?: boolean;
}

/**
 * Latin letters that other scripts draw alike (Unicode TR39's confusables, the ones that matter
 * for field names): `pаssword` with a Cyrillic `а` is a password all the same.
 */
const CONFUSABLE_LETTERS: Record<string, string> = {
  а: 'a', в: 'b', е: 'e', ё: 'e', к: 'k', м: 'm', н: 'h', о: 'o', р: 'p', с: 'c', т: 't', у: 'y', х: 'x', і: 'i', ї: 'i', ј: 'j', ѕ: 's', ԁ: 'd', ԛ: 'q', ԝ: 'w', һ: 'h', ӏ: 'l',
  α: 'a', β: 'b', ε: 'e', η: 'n', ι: 'i', κ: 'k', ν: 'v', ο: 'o', ρ: 'p', τ: 't', υ: 'u', χ: 'x', ω: 'w', ϲ: 'c',
  ı: 'i', ł: 'l', ø: 'o', đ: 'd',
};
const CONFUSABLE = new RegExp(`[${Object.keys(CONFUSABLE_LETTERS).join('')}]`, 'g');

/** A field name as rules compare it: compatibility forms folded (NFKC: fullwidth, ligatures), accents and look-alike letters of other scripts to Latin, case and separators dropped. */
export function normaliseFieldName(key: string): string {
  // Most names are ASCII: nothing to fold.
  if (/^[\x20-\x7e]*$/.test(key)) return key.toLowerCase().replace(/[\s_.-]/g, '');
  return key
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(CONFUSABLE, (letter) => CONFUSABLE_LETTERS[letter])
    .replace(/[\s_.\-\u200b-\u200d\u2060\ufeff]/g, '');
}

export class Redactor {
  private readonly fieldRules: FieldRule[];
  private readonly scanner: PatternScanner;
  private readonly limits: WalkLimits;
  private readonly budgetMs: number;
  private readonly sliceMs: number;
  private readonly fieldRulesByKey = new Map<string, NamedFieldRules>();

  constructor(
    rules: readonly RedactionRule[],
    private readonly options: RedactorOptions,
  ) {
    const enabled = rules.filter((rule) => rule.enabled !== false);
    this.fieldRules = enabled.filter((rule): rule is FieldRule => rule.kind === 'field');
    const patternRules = enabled.filter((rule): rule is PatternRule => rule.kind === 'pattern');
    this.scanner = new PatternScanner(patternRules);
    const minTextLength = Math.min(Number.MAX_SAFE_INTEGER, ...patternRules.map((rule) => rule.minLength ?? 1));
    this.limits = {
      maxStringLength: options.maxStringLength ?? DEFAULT_MAX_STRING_LENGTH,
      maxDepth: options.maxDepth ?? DEFAULT_MAX_DEPTH,
      minTextLength,
      scansSmallNumbers: minTextLength < BUILTIN_MIN_LENGTH,
      fieldRuleFor: (key, path, value, container) => this.fieldRuleFor(key, path, value, container),
    };
    this.budgetMs = options.budgetMs ?? DEFAULT_BUDGET_MS;
    this.sliceMs = options.sliceMs ?? DEFAULT_SLICE_MS;
  }

  /** Redacts in one go. For small inputs; records go through redactAsync. */
  redact<T>(value: T, rootPath = '$'): RedactionResult<T> {
    const run = this.run(value, rootPath);
    for (let step = run.next(); ; step = run.next()) if (step.done) return step.value as RedactionResult<T>;
  }

  /** Redacts, giving the event loop a turn after every slice of work, so a large record never stalls the process. */
  async redactAsync<T>(value: T, rootPath = '$'): Promise<RedactionResult<T>> {
    const run = this.run(value, rootPath);
    for (let step = run.next(); ; step = run.next()) {
      if (step.done) return step.value as RedactionResult<T>;
      await yieldToEventLoop();
    }
  }

  private *run(value: unknown, rootPath: string): Generator<void, RedactionResult> {
    const clock = new SlicedClock(this.budgetMs, this.sliceMs);
    const root: PathNode = { parent: undefined, step: rootPath };
    const { texts, whole } = collectTexts(value, root, this.limits);
    const scan: ScanResult = yield* this.scanner.scan(
      texts.map((t) => t.text),
      clock,
    );
    const replaced = this.replacements(texts, scan);
    if (!scan.complete) {
      // Field names are short and few beside the values that spent the budget: they get a scan
      // of their own, so the record keeps its shape wherever a name holds nothing.
      const keys = texts.flatMap((text, index) => (text.path.step === '~key' && text.text.length <= MAX_RESCANNED_KEY_LENGTH ? [index] : []));
      const keyScan = yield* this.scanner.scan(
        keys.map((index) => texts[index].text),
        new SlicedClock(this.budgetMs, this.sliceMs),
      );
      if (keyScan.complete) {
        keys.forEach((index, i) => {
          const matches = keyScan.matches.get(i);
          if (matches) replaced.set(index, this.applyMatches(texts[index].text, matches));
          else replaced.delete(index);
        });
      }
    }
    const changed = replaced.size > 0 || whole.size > 0 || texts.some((t) => t.cut > 0);
    if (!changed) return { value, findings: [] };

    const keyText = (step: KeyStep) => replaced.get(step.text)?.text ?? step.key;
    const findings: Finding[] = [];
    texts.forEach((text, index) => {
      const result = replaced.get(index);
      if (result) findings.push(...result.findings.map((f) => ({ ...f, path: formatPath(text.path, keyText) })));
    });
    const wholeOut = (entry: WholeValue, original: unknown) => {
      findings.push({ rule: entry.rule === 'max-depth' ? 'max-depth' : entry.rule.id, path: formatPath(entry.path, keyText), action: entry.rule === 'max-depth' ? 'replace' : entry.rule.action.kind });
      if (entry.rule === 'max-depth') return NESTING_TOO_DEEP;
      return applyAction(entry.rule.action, entry.rule.type, stringify(original), this.options.pseudonymKey);
    };
    const textOut = (index: number) => {
      const text = texts[index];
      const replacement = replaced.get(index);
      if (replacement?.whole) return replacement.text;
      const out = replacement?.text ?? (text.cut > 0 ? text.text : undefined);
      return out === undefined ? undefined : text.cut > 0 ? `${out}[TRUNCATED:${text.cut} chars]` : out;
    };
    const redacted = rebuildRecord(value, this.limits, whole, textOut, wholeOut);
    return { value: redacted, findings };
  }

  /** The new text of every string that changed, with its findings (paths filled in later). */
  private replacements(texts: readonly CollectedText[], scan: ScanResult): Map<number, TextReplacement> {
    const out = new Map<number, TextReplacement>();
    if (!scan.complete) {
      // Out of time: nothing in a string not fully scanned may be kept.
      texts.forEach((text, index) => {
        if (text.text.length < this.limits.minTextLength) return;
        // Keys are numbered so that two replaced keys of one object stay two fields.
        const marker = text.path.step === '~key' ? `[REDACTED:unscanned key ${index}]` : UNSCANNED;
        out.set(index, { text: marker, findings: [{ rule: 'unscanned', action: 'replace' }], whole: true });
      });
      return out;
    }
    for (const [index, matches] of scan.matches) {
      const inScope = this.scopeFilter(texts[index].path);
      const kept = matches.filter((m) => inScope(m.rule));
      if (kept.length > 0) out.set(index, this.applyMatches(texts[index].text, kept));
    }
    return out;
  }

  private applyMatches(text: string, matches: readonly TextMatch[]): TextReplacement {
    let out = '';
    let cursor = 0;
    const findings: Array<Omit<Finding, 'path'>> = [];
    for (const { rule, start, end } of matches) {
      out += text.slice(cursor, start) + applyAction(rule.action, rule.type, text.slice(start, end), this.options.pseudonymKey);
      findings.push({ rule: rule.id, start, end, action: rule.action.kind });
      cursor = end;
    }
    return { text: out + text.slice(cursor), findings };
  }

  /** Field rules whose names match a key. Logs repeat their field names, so answers are kept (a bounded number). */
  private fieldRulesNaming(key: string): NamedFieldRules {
    let named = this.fieldRulesByKey.get(key);
    if (!named) {
      const normalised = normaliseFieldName(key);
      named = { normalised, rules: this.fieldRules.filter((r) => r.matches(normalised)) };
      if (this.fieldRulesByKey.size >= FIELD_NAME_CACHE_SIZE) this.fieldRulesByKey.clear();
      this.fieldRulesByKey.set(key, named);
    }
    return named;
  }

  /** Rules with a scope apply only below their paths; the path is formatted once, if any rule asks. */
  private scopeFilter(path: PathNode): (rule: PatternRule) => boolean {
    let where: string | undefined;
    return (rule) => !rule.scope || inScope(rule.scope, (where ??= formatPath(path)));
  }

  /** The field rule that redacts this field's value, if any: name matches, in place, in scope, not allow-listed. */
  private fieldRuleFor(key: string, path: PathNode, value: unknown, container: object): FieldRule | undefined {
    if (this.fieldRules.length === 0 || value === null || value === undefined || value === '') return undefined;
    const { normalised, rules } = this.fieldRulesNaming(key);
    if (rules.length === 0) return undefined;
    const context = rules.some((r) => r.appliesIn) ? fieldContext(value, path, container) : undefined;
    const rule = rules.find((r) => (!r.appliesIn || r.appliesIn(context!, normalised)) && (!r.scope || inScope(r.scope, formatPath(path))));
    if (!rule || rule.isAllowed?.(stringify(value))) return undefined;
    return rule;
  }
}

/** What an ambiguous field name is judged by: its value, the field above it, and its siblings. */
function fieldContext(value: unknown, path: PathNode, container: object): FieldContext {
  let siblings: Set<string> | undefined;
  return {
    value,
    parentName: parentFieldName(path),
    siblingNames: () => (siblings ??= new Set(Object.keys(container).map(normaliseFieldName))),
  };
}

/** The name of the field holding the object a path's last step is in, looking through arrays. */
function parentFieldName(path: PathNode): string | undefined {
  for (let node = path.parent; node; node = node.parent) {
    if (typeof node.step === 'number') continue;
    if (node.parent === undefined || node.step === '~key') return undefined; // the root
    return normaliseFieldName(typeof node.step === 'string' ? node.step : node.step.key);
  }
  return undefined;
}

/**
 * A budget for one record in time spent on it, cut into slices. Time the record spends
 * yielded, while the process does other work, does not count against it.
 */
class SlicedClock implements WorkClock {
  private spent = 0;
  private sliceStart = performance.now();
  private paused = false;

  constructor(
    private readonly budgetMs: number,
    private readonly sliceMs: number,
  ) {}

  sliceUsed(): boolean {
    const now = this.resume();
    if (now - this.sliceStart < this.sliceMs) return false;
    this.spent += now - this.sliceStart;
    this.paused = true;
    return true;
  }

  overBudget(): boolean {
    const now = this.resume();
    return this.spent + (now - this.sliceStart) > this.budgetMs;
  }

  private resume(): number {
    const now = performance.now();
    if (this.paused) {
      this.sliceStart = now;
      this.paused = false;
    }
    return now;
  }
}

/** Whether a JSONPath lies at or below one of the scope's paths. */
function inScope(scope: readonly string[] | undefined, path: string): boolean {
  return !scope || scope.some((prefix) => path === prefix || path.startsWith(`${prefix}.`) || path.startsWith(`${prefix}[`) || path.startsWith(`${prefix}~`));
}

function stringify(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}
