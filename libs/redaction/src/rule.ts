// The shapes of redaction rules and what the engine reports. Rules are plain data; the
// engine (redactor.ts) interprets them.
import type { ScanPattern } from './scan-pattern';

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

/** What a validator can see of a match besides the value itself. */
export interface MatchContext {
  /** A capture group of the rule's pattern, counted from 1 as written in the rule. */
  group(index: number): string | undefined;
  /** Up to `length` characters of the same string just before the value. */
  textBefore(length: number): string;
}

/** Finds sensitive values inside any string (values, keys, text lines). */
export interface PatternRule extends RuleBase {
  kind: 'pattern';
  /** RE2 (linear time), built with scanPattern so boundaries and group 1 are as the engine expects. */
  pattern: ScanPattern;
  /**
   * Capture group of the pattern as written (counted from 1) holding the sensitive part, e.g.
   * the token after `Bearer `; with a list, the first group that took part. Default: the whole match.
   */
  group?: number | readonly number[];
  /** Shortest string the pattern can match; shorter strings skip it. Default 1. */
  minLength?: number;
  /** Rejects look-alikes the pattern cannot tell apart (checksums, ranges, formats). */
  validate?: (value: string, match: MatchContext) => boolean;
  /** Tie-breaker when two matches of the same length overlap: higher wins. */
  specificity?: number;
}

/** Where a field sits, for rules whose names are ambiguous alone (`name` of a person, or of a service?). */
export interface FieldContext {
  /** The field's value. */
  value: unknown;
  /** Normalised name of the field holding the enclosing object (through arrays), if any. */
  parentName: string | undefined;
  /** Normalised names of the enclosing object's fields, this one included. */
  siblingNames(): ReadonlySet<string>;
}

/** Redacts a whole value because of the name of the field holding it. */
export interface FieldRule extends RuleBase {
  kind: 'field';
  /** Tested against the field name normalised: lower case, with `_`, `-`, `.` and spaces removed. */
  matches: (normalisedKey: string) => boolean;
  /** Decides, for a name that matched, from where the field sits; applies everywhere when absent. */
  appliesIn?: (field: FieldContext, normalisedKey: string) => boolean;
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
