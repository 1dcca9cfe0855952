// The shapes of redaction rules and what the engine reports. Rules are plain data; the
// engine (redactor.ts) interprets them.

export type RedactionActionKind = 'remove' | 'replace' | 'mask' | 'hash';

export interface RedactionAction {
  kind: RedactionActionKind;
  /** `replace`: the text put in place of the value. Default `[REDACTED:<type>]`. */
  replacement?: string;
  /** `mask`: characters kept visible at the start and the end. */
  keepFirst?: number;
  keepLast?: number;
}

interface RuleBase {
  /** Stable identifier, reported in findings (`email`, `payment-card`, ...). */
  id: string;
  /** What the value is, used in replacements and pseudonyms (`email`, `card`, `secret`). */
  type: string;
  action: RedactionAction;
  enabled?: boolean;
  /** Values this rule must leave alone even when they match. */
  isAllowed?: (value: string) => boolean;
  /** JSONPath prefixes (`$.attributes.user`) the rule is limited to; everywhere when absent. */
  scope?: readonly string[];
}

/** A pattern as the engine uses it: a RegExp, or RE2 for patterns users supply (same exec interface). */
export interface ScanPattern {
  readonly global: boolean;
  lastIndex: number;
  exec(text: string): RegExpExecArray | null;
}

/** Finds sensitive values inside any string (values, keys, text lines). */
export interface PatternRule extends RuleBase {
  kind: 'pattern';
  /** Must carry the `g` flag. Compiled once, reused for every string. */
  pattern: ScanPattern;
  /**
   * Capture group holding the sensitive part (e.g. the token after `Bearer `); with a list, the
   * first group that took part in the match. Default: the whole match.
   */
  group?: number | readonly number[];
  /**
   * Cheap prefilter: the pattern only runs on strings containing one of these (lower-case)
   * substrings. Omit for patterns that have no literal anchor.
   */
  keywords?: readonly string[];
  /** Shortest string the pattern can match; shorter strings skip it. Default 1. */
  minLength?: number;
  /** Cheap prefilter for patterns made of digits: the string must hold at least this many. */
  minDigits?: number;
  /** Cheap prefilter on character counts, e.g. a MAC address needs five `:` or `-`. */
  requires?: (stats: TextStats) => boolean;
  /** Rejects look-alikes the pattern cannot tell apart (checksums, ranges, formats). */
  validate?: (value: string, match: RegExpMatchArray) => boolean;
  /** Tie-breaker when two matches of the same length overlap: higher wins. */
  specificity?: number;
}

/** Redacts a whole value because of the name of the field holding it. */
export interface FieldRule extends RuleBase {
  kind: 'field';
  /** Tested against the field name normalised: lower case, with `_`, `-`, `.` and spaces removed. */
  matches: (normalisedKey: string) => boolean;
}

export type RedactionRule = PatternRule | FieldRule;

/** One redaction made. Never carries the value. */
export interface Finding {
  rule: string;
  /** JSONPath of the string the value was found in (`$.attributes.user.email`). */
  path: string;
  /** Offsets of the redacted part in the original string; absent when a whole field was redacted. */
  start?: number;
  end?: number;
  action: RedactionActionKind;
}

/** Per rule and path, how many values were redacted. What a processed record keeps. */
export interface FindingSummary {
  rule: string;
  path: string;
  count: number;
}

/** Character counts of a string, gathered in one pass before any pattern runs. */
export interface TextStats {
  readonly length: number;
  readonly digits: number;
  /** How often an ASCII character occurs. */
  count(char: string): number;
}
