// Decides, in one cheap pass over a string, which pattern rules could match it at all, so the
// expensive patterns run only where their literal keywords, enough digits or the characters
// they need are present.
import type { PatternRule, TextStats } from './rule';

const escapeRegExp = (literal: string) => literal.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Characters rules may ask about; counting only these keeps the pass cheap. */
const TRACKED = '@:-. ';

class CharCounts implements TextStats {
  private readonly slotOf = new Uint8Array(128);
  private readonly counts = new Uint32Array(TRACKED.length + 1);
  length = 0;
  digits = 0;

  constructor() {
    [...TRACKED].forEach((char, i) => (this.slotOf[char.charCodeAt(0)] = i + 1));
  }

  measure(text: string): void {
    const counts = this.counts;
    const slotOf = this.slotOf;
    counts.fill(0);
    let digits = 0;
    for (let i = 0; i < text.length; i++) {
      const code = text.charCodeAt(i);
      if (code >= 48 && code <= 57) digits++;
      else if (code < 128) counts[slotOf[code]]++;
    }
    this.digits = digits;
    this.length = text.length;
  }

  count(char: string): number {
    const slot = TRACKED.indexOf(char);
    if (slot < 0) throw new Error(`character ${JSON.stringify(char)} is not counted; add it to TRACKED`);
    return this.counts[slot + 1];
  }
}

export class RuleIndex {
  /** Shortest string any rule can match; shorter strings skip the scan. */
  readonly minLength: number;
  /** Rules triggered by each keyword, including keywords it contains (`sk_` holds `sk`). */
  private readonly byKeyword = new Map<string, number[]>();
  private readonly keywordPattern: RegExp | undefined;
  private readonly stats = new CharCounts();
  private readonly triggered: Uint8Array;

  constructor(readonly rules: readonly PatternRule[]) {
    this.triggered = new Uint8Array(rules.length);
    this.minLength = Math.min(Number.MAX_SAFE_INTEGER, ...rules.map((rule) => rule.minLength ?? 1));
    const keywordRules = new Map<string, Set<number>>();
    rules.forEach((rule, i) => {
      for (const keyword of rule.keywords ?? []) {
        const key = keyword.toLowerCase();
        keywordRules.set(key, (keywordRules.get(key) ?? new Set()).add(i));
      }
    });
    for (const [keyword, indices] of keywordRules) {
      const closure = new Set(indices);
      for (const [other, otherIndices] of keywordRules) if (other !== keyword && keyword.includes(other)) otherIndices.forEach((i) => closure.add(i));
      this.byKeyword.set(keyword, [...closure]);
    }
    // Longest first, so a keyword that contains another is reported as itself.
    const keywords = [...this.byKeyword.keys()].sort((a, b) => b.length - a.length);
    this.keywordPattern = keywords.length > 0 ? new RegExp(keywords.map(escapeRegExp).join('|'), 'gi') : undefined;
  }

  /** The rules worth running on `text`, in catalogue order. */
  candidates(text: string): PatternRule[] {
    if (text.length < this.minLength) return [];
    const triggered = this.triggered;
    triggered.fill(0);
    const pattern = this.keywordPattern;
    if (pattern) {
      pattern.lastIndex = 0;
      let match: RegExpExecArray | null;
      while ((match = pattern.exec(text)) !== null) for (const i of this.byKeyword.get(match[0].toLowerCase())!) triggered[i] = 1;
    }
    const stats = this.stats;
    stats.measure(text);
    const out: PatternRule[] = [];
    for (let i = 0; i < this.rules.length; i++) {
      const rule = this.rules[i];
      if (text.length < (rule.minLength ?? 1)) continue;
      if (rule.keywords && rule.keywords.length > 0 && triggered[i] === 0) continue;
      if (rule.minDigits !== undefined && stats.digits < rule.minDigits) continue;
      if (rule.requires && !rule.requires(stats)) continue;
      out.push(rule);
    }
    return out;
  }
}
