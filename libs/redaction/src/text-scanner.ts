// Finds every validated match of the candidate pattern rules in one string and keeps, where
// matches overlap, the longest (then the most specific) one.
import type { PatternRule } from './rule';

export interface TextMatch {
  rule: PatternRule;
  start: number;
  end: number;
}

export function findMatches(text: string, rules: readonly PatternRule[]): TextMatch[] {
  const candidates: TextMatch[] = [];
  for (const rule of rules) {
    const pattern = rule.pattern;
    pattern.lastIndex = 0;
    let match: RegExpExecArray | null;
    // exec on the shared regex: matchAll would clone it for every string.
    while ((match = pattern.exec(text)) !== null) {
      if (match[0].length === 0) pattern.lastIndex++;
      const found = sensitivePart(match, rule.group);
      if (!found || (rule.validate && !rule.validate(found.value, match))) continue;
      if (rule.isAllowed?.(found.value)) continue;
      candidates.push({ rule, start: found.start, end: found.start + found.value.length });
    }
  }
  return resolveOverlaps(candidates);
}

function sensitivePart(match: RegExpExecArray, group: PatternRule['group']): { value: string; start: number } | undefined {
  if (group === undefined) return match[0] ? { value: match[0], start: match.index } : undefined;
  const groups = typeof group === 'number' ? [group] : group;
  const index = groups.find((g) => match[g] !== undefined && match[g] !== '');
  if (index === undefined) return undefined;
  const value = match[index];
  // The group's offset: V8 gives no per-group indices without the `d` flag, so search the match.
  return { value, start: match.index + match[0].lastIndexOf(value) };
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
