// Finds every validated match of the pattern rules in one string and keeps, where matches
// overlap, the longest (then the most specific) one.
import type { PatternRule } from './rule';

export interface TextMatch {
  rule: PatternRule;
  start: number;
  end: number;
}

export function findMatches(text: string, rules: readonly PatternRule[]): TextMatch[] {
  let lower: string | undefined;
  let digits = -1;
  const candidates: TextMatch[] = [];
  for (const rule of rules) {
    if (rule.minDigits !== undefined) {
      if (digits < 0) digits = countDigits(text, 24);
      if (digits < rule.minDigits) continue;
    }
    if (rule.keywords) {
      lower ??= text.toLowerCase();
      if (!rule.keywords.some((keyword) => lower!.includes(keyword))) continue;
    }
    rule.pattern.lastIndex = 0;
    for (const match of text.matchAll(rule.pattern)) {
      const found = sensitivePart(match, rule.group);
      if (!found || (rule.validate && !rule.validate(found.value, match))) continue;
      candidates.push({ rule, start: found.start, end: found.start + found.value.length });
    }
  }
  return resolveOverlaps(candidates);
}

function sensitivePart(match: RegExpMatchArray, group: PatternRule['group']): { value: string; start: number } | undefined {
  const groups = group === undefined ? [0] : typeof group === 'number' ? [group] : group;
  const index = groups.find((g) => match[g] !== undefined && match[g] !== '');
  if (index === undefined) return undefined;
  const value = match[index];
  // The group's offset: V8 gives no per-group indices without the `d` flag, so search the match.
  return { value, start: match.index! + (index === 0 ? 0 : match[0].lastIndexOf(value)) };
}

/** Counts digits, stopping once `enough` are seen. */
function countDigits(text: string, enough: number): number {
  let count = 0;
  for (let i = 0; i < text.length && count < enough; i++) {
    const code = text.charCodeAt(i);
    if (code >= 48 && code <= 57) count++;
  }
  return count;
}

function resolveOverlaps(candidates: TextMatch[]): TextMatch[] {
  if (candidates.length < 2) return candidates;
  const byPreference = [...candidates].sort(
    (a, b) => b.end - b.start - (a.end - a.start) || (b.rule.specificity ?? 0) - (a.rule.specificity ?? 0) || a.start - b.start,
  );
  const kept: TextMatch[] = [];
  for (const candidate of byPreference) {
    if (kept.every((k) => candidate.end <= k.start || candidate.start >= k.end)) kept.push(candidate);
  }
  return kept.sort((a, b) => a.start - b.start);
}
