// Patterns as the engine runs them: RE2, a linear-time engine, for built-in and custom rules
// alike, so no input can make a scan backtrack. RE2 has no lookaround, so the one-character
// boundary checks rules need ("not preceded by a word character") are written as characters
// matched around a group: group 1 is always the match proper, without its boundaries, and a
// scan resumes where group 1 ended, so the next match can use a boundary this one matched.
import RE2 from 're2';

export interface ScanPattern {
  /** Compiled with the `g` and `d` flags; group 1 spans the match proper. */
  readonly re: RE2;
  /** The same pattern as a self-contained source (inline flags) for the multi-pattern prefilter. */
  readonly setSource: string;
  /** Matches a character before group 1, so a scan resumes one character early to offer it. */
  readonly leadingBoundary: boolean;
  /** Uses `^`, `$`, `\A` or `\z`: its meaning depends on where a string starts, so it scans strings one by one. */
  readonly anchored: boolean;
}

export interface BoundaryOptions {
  caseInsensitive?: boolean;
  /** Characters (an RE2 class body, e.g. `\w-`) that must not stand right before the match. */
  notPrecededBy?: string;
  /** Characters that must not stand right after the match. */
  notFollowedBy?: string;
  /** A full RE2 fragment for what must follow, when one class is not enough (e.g. `$|[^\d]`). */
  followedBy?: string;
}

/** A pattern given as RE2 source for the match proper, with optional one-character boundaries. */
export function scanPattern(core: string, options: BoundaryOptions = {}): ScanPattern {
  const before = options.notPrecededBy ? `(?:^|[^${options.notPrecededBy}])` : '';
  const after = options.followedBy ? `(?:${options.followedBy})` : options.notFollowedBy ? `(?:[^${options.notFollowedBy}]|$)` : '';
  const source = `${before}(${core})${after}`;
  const flags = options.caseInsensitive ? 'i' : '';
  return {
    re: new RE2(source, `gd${flags}`),
    setSource: flags ? `(?${flags}:${source})` : source,
    leadingBoundary: before !== '',
    anchored: isAnchored(core),
  };
}

/**
 * Whether a pattern uses a start or end anchor. Conservative: an escaped `^` or a class's
 * negation is not an anchor, anything else that could be one counts.
 */
export function isAnchored(source: string): boolean {
  const withoutEscapes = source.replace(/\\[^Az]/g, '');
  return /\\[Az]|\$/.test(withoutEscapes) || /(?:^|[^[])\^/.test(withoutEscapes);
}
