// Finds the pattern rules' matches in all the strings of one record at once. The strings are
// joined by newlines into one UTF-8 buffer; one RE2.Set pass says which rules can match at
// all, and only those run, each once over the whole buffer. The cost is per byte, not per
// string, and every pass is linear. A match that spans two strings is not a match in either:
// the rule then rescans those strings one by one, as do rules whose anchors (`^`, `$`) mean
// "start of a string". Work is done in slices, so a caller can yield between them, and stops
// at a deadline, reporting which strings it did not finish.
import RE2 from 're2';
import type { MatchContext, PatternRule } from './rule';

export interface TextMatch {
  rule: PatternRule;
  /** Offsets in the string, in UTF-16 code units. */
  start: number;
  end: number;
}

export interface ScanResult {
  /** Per string, its matches after overlaps were resolved (longest, then most specific, wins). */
  matches: Map<number, TextMatch[]>;
  /** Whether every rule finished; when false, no string can be trusted to be clean. */
  complete: boolean;
}

/** Tells a scan when to pause (a slice is used up) and when to give up (the deadline). */
export interface WorkClock {
  /** True once the current slice is used up; the scan then yields. */
  sliceUsed(): boolean;
  /** True once the whole budget is spent; the scan then stops. */
  overBudget(): boolean;
}

const SEPARATOR = '\n';
/** How many matches between clock checks: the clock is cheap, not free. */
const CHECK_EVERY = 32;

export class PatternScanner {
  private readonly prefilter: InstanceType<typeof RE2.Set> | undefined;
  /** Rules the prefilter covers, in catalogue order: index in `rules` by index in the set. */
  private readonly filtered: number[] = [];
  /** Rules that always scan string by string. */
  private readonly anchored: number[] = [];

  constructor(readonly rules: readonly PatternRule[]) {
    rules.forEach((rule, i) => (rule.pattern.anchored ? this.anchored : this.filtered).push(i));
    this.prefilter = this.filtered.length > 0 ? new RE2.Set(this.filtered.map((i) => rules[i].pattern.setSource)) : undefined;
  }

  /** Scans `texts`, yielding whenever the clock's slice is used up. */
  *scan(texts: readonly string[], clock: WorkClock): Generator<void, ScanResult> {
    const found: TextMatch[][] = texts.map(() => []);
    const joined = new JoinedTexts(texts);
    const candidates = this.candidates(joined);
    for (const ruleIndex of candidates) {
      const rule = this.rules[ruleIndex];
      const rescan = new Set<number>();
      if (rule.pattern.anchored) texts.forEach((_, i) => rescan.add(i));
      else {
        const outcome = yield* scanBuffer(joined, rule, clock, rescan, found);
        if (!outcome) return { matches: new Map(), complete: false };
      }
      for (const index of rescan) {
        found[index] = found[index].filter((m) => m.rule !== rule);
        const single = new JoinedTexts([texts[index]]);
        const collected: TextMatch[][] = [[]];
        const outcome = yield* scanBuffer(single, rule, clock, new Set(), collected);
        if (!outcome) return { matches: new Map(), complete: false };
        found[index].push(...collected[0]);
      }
    }
    const matches = new Map<number, TextMatch[]>();
    found.forEach((list, i) => list.length > 0 && matches.set(i, resolveOverlaps(list)));
    return { matches, complete: true };
  }

  /** Rules that can match somewhere in the joined texts, in catalogue order. */
  private candidates(joined: JoinedTexts): number[] {
    let hits: number[];
    try {
      hits = this.prefilter ? this.prefilter.match(joined.buffer).map((i: number) => this.filtered[i]) : [];
    } catch {
      // RE2.Set gives up (its DFA ran out of memory) rather than answer wrongly: run every rule.
      hits = [...this.filtered];
    }
    return [...hits, ...this.anchored].sort((a, b) => a - b);
  }
}

/**
 * One rule over a buffer of joined texts; matches go to `found` by text, texts a match spans go
 * to `rescan`. Returns false when the clock's budget ran out.
 */
function* scanBuffer(joined: JoinedTexts, rule: PatternRule, clock: WorkClock, rescan: Set<number>, found: TextMatch[][]): Generator<void, boolean> {
  const { re, leadingBoundary } = rule.pattern;
  const buffer = joined.buffer;
  let position = 0;
  let count = 0;
  while (position <= buffer.length) {
    if (++count % CHECK_EVERY === 0) {
      if (clock.overBudget()) return false;
      if (clock.sliceUsed()) yield;
    }
    // A boundary character may be the last one of the previous match: offer it again.
    re.lastIndex = leadingBoundary && position > 0 ? position - 1 : position;
    const match = re.exec(buffer) as unknown as RE2Match | null;
    if (!match) break;
    const [coreStart, coreEnd] = match.indices[1]!;
    position = coreEnd > coreStart ? coreEnd : coreStart + 1;
    if (coreEnd === coreStart) continue;
    const text = joined.textAt(coreStart);
    if (coreEnd > joined.end(text)) {
      for (let i = text; i <= joined.textAt(coreEnd - 1); i++) rescan.add(i);
      continue;
    }
    const part = sensitivePart(match, rule.group);
    if (!part) continue;
    const start = joined.charOffset(text, part[0]);
    const end = joined.charOffset(text, part[1]);
    const value = joined.texts[text].slice(start, end);
    if (rule.validate && !rule.validate(value, matchContext(match, joined.texts[text], start))) continue;
    if (rule.isAllowed?.(value)) continue;
    found[text].push({ rule, start, end });
  }
  return true;
}

/** What node-re2 returns for a Buffer with the `d` flag: Buffer groups, byte offsets. */
interface RE2Match {
  [group: number]: Buffer | undefined;
  indices: Array<[number, number] | undefined>;
}

/** Byte offsets of the sensitive part: the rule's group (shifted past group 1, the core), else the core. */
function sensitivePart(match: RE2Match, group: PatternRule['group']): [number, number] | undefined {
  if (group === undefined) return match.indices[1];
  const groups = typeof group === 'number' ? [group] : group;
  for (const g of groups) {
    const span = match.indices[g + 1];
    if (span && span[1] > span[0]) return span;
  }
  return undefined;
}

function matchContext(match: RE2Match, text: string, start: number): MatchContext {
  return {
    group: (index) => match[index + 1]?.toString('utf8'),
    textBefore: (length) => text.slice(Math.max(0, start - length), start),
  };
}

/** Strings joined by newlines as one UTF-8 buffer, with the way back from a byte to a string and a character. */
class JoinedTexts {
  readonly buffer: Buffer;
  /** Byte offset where each text starts. */
  private readonly starts: number[];
  private readonly ascii: boolean;
  /** Per non-ASCII text, the character index at each byte offset (built when first needed). */
  private readonly charMaps = new Map<number, Uint32Array>();

  constructor(readonly texts: readonly string[]) {
    const joined = texts.join(SEPARATOR);
    this.buffer = Buffer.from(joined, 'utf8');
    this.ascii = this.buffer.length === joined.length;
    this.starts = new Array<number>(texts.length);
    let offset = 0;
    for (let i = 0; i < texts.length; i++) {
      this.starts[i] = offset;
      offset += (this.ascii ? texts[i].length : Buffer.byteLength(texts[i], 'utf8')) + 1;
    }
  }

  /** The text holding this byte (a separator belongs to the text before it). */
  textAt(byte: number): number {
    let low = 0;
    let high = this.starts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (this.starts[mid] <= byte) low = mid;
      else high = mid - 1;
    }
    return low;
  }

  /** Byte offset just past the text's last byte. */
  end(text: number): number {
    return text + 1 < this.starts.length ? this.starts[text + 1] - 1 : this.buffer.length;
  }

  charOffset(text: number, byte: number): number {
    const relative = byte - this.starts[text];
    if (this.ascii) return relative;
    let map = this.charMaps.get(text);
    if (!map) {
      map = charIndexByByte(this.texts[text]);
      this.charMaps.set(text, map);
    }
    return map[relative];
  }
}

function charIndexByByte(text: string): Uint32Array {
  const map = new Uint32Array(Buffer.byteLength(text, 'utf8') + 1);
  let byte = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    const next = i + 1 < text.length ? text.charCodeAt(i + 1) : 0;
    // A surrogate pair is 4 bytes; a lone surrogate is written as U+FFFD, 3 bytes.
    const pair = code >= 0xd800 && code <= 0xdbff && next >= 0xdc00 && next <= 0xdfff;
    const length = code < 0x80 ? 1 : code < 0x800 ? 2 : pair ? 4 : 3;
    for (let b = 0; b < length; b++) map[byte + b] = i;
    byte += length;
    if (pair) i++;
  }
  map[byte] = text.length;
  return map;
}

/**
 * Where matches overlap, the longest wins, then the most specific, then the earliest. Kept
 * matches stay sorted by start, so each candidate is checked against its two neighbours only.
 */
function resolveOverlaps(candidates: TextMatch[]): TextMatch[] {
  if (candidates.length < 2) return candidates;
  const byPreference = [...candidates].sort(
    (a, b) => b.end - b.start - (a.end - a.start) || (b.rule.specificity ?? 0) - (a.rule.specificity ?? 0) || a.start - b.start,
  );
  const kept: TextMatch[] = [];
  for (const candidate of byPreference) {
    let low = 0;
    let high = kept.length;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (kept[mid].start < candidate.start) low = mid + 1;
      else high = mid;
    }
    const before = kept[low - 1];
    const after = kept[low];
    if ((before && before.end > candidate.start) || (after && after.start < candidate.end)) continue;
    kept.splice(low, 0, candidate);
  }
  return kept;
}
