// `from`/`to` values: an ISO 8601 time, or a duration back from now (`90s`, `15m`, `2h`, `7d`, `1w`).
const RELATIVE = /^(\d{1,6})(s|m|h|d|w)$/;
const ISO = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?)?$/;
/** The same grammar as OpenAPI patterns, for the documentation of parameters that take them. */
export const DURATION_PATTERN = RELATIVE.source;
export const TIME_BOUND_PATTERN = `^(now|${RELATIVE.source.slice(1, -1)}|${ISO.source.slice(1, -1)})$`;
const UNIT_MS = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 } as const;

/** Times outside 1970-9999 are refused: nothing is logged there, and they do not print as ISO 8601. */
const inRange = (date: Date) => !Number.isNaN(date.getTime()) && date.getTime() >= 0 && date.getUTCFullYear() <= 9999;

/** The instant `value` names, or null when it is neither ISO 8601 nor a relative duration (or before 1970). */
export function parseTimeBound(value: string, now: Date): Date | null {
  if (value === 'now') return now;
  const relative = RELATIVE.exec(value);
  const date = relative ? new Date(now.getTime() - Number(relative[1]) * UNIT_MS[relative[2] as keyof typeof UNIT_MS]) : ISO.test(value) ? new Date(value) : null;
  return date && inRange(date) ? date : null;
}

/** A duration such as `1m` or `1h` in milliseconds, or null. */
export function parseDuration(value: string): number | null {
  const match = RELATIVE.exec(value);
  return match ? Number(match[1]) * UNIT_MS[match[2] as keyof typeof UNIT_MS] : null;
}
