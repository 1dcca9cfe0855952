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
  const candidates: TextMatch[] = [];
  for (const rule of rules) {
    if (rule.keywords) {
      lower ??= text.toLowerCase();
      if (!rule.keywords.some((keyword) => lower!.includes(keyword))) continue;
    }
    rule.pattern.lastIndex = 0;
    for (const match of text.matchAll(rule.pattern)) {
      const group = rule.group ?? 0;
      const value = match[group];
      if (value === undefined || value.length === 0) continue;
      const start = group === 0 ? match.index : match.index + match[0].indexOf(value);
      if (rule.validate && !rule.validate(value)) continue;
      candidates.push({ rule, start, end: start + value.length });
    }
  }
  return resolveOverlaps(candidates);
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
