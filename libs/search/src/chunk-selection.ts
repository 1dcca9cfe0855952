// Which chunks a query must open, decided without opening any: the hours whose arrivals can
// hold its time range (the event-time window bounds how late or early a record arrives), the
// entries whose time range overlaps it and whose counts allow its levels and services, and
// those whose bloom may hold its words and attribute values. Pure.
import { loadEnv } from '@app/config';
import { attributeItem, BLOOM_MAX_VALUE_LENGTH, bloomMayMatch, hourKey, trigramItem, trigrams, type ChunkEntry, type ChunkKeys } from '@app/logs';
import { attributeCandidates } from './log-query.filter';
import type { LogQuery } from './log-query';

export interface ArrivalWindow {
  /** How far back from its arrival a record's time may be. */
  maxAgeMs: number;
  /** How far ahead of its arrival a record's time may be. */
  maxAheadMs: number;
}

/** The window of event times this server takes (EVENT_TIME_MAX_*), as reads use it to find hours of arrival. */
export function arrivalWindow(): ArrivalWindow {
  const env = loadEnv();
  return { maxAgeMs: env.EVENT_TIME_MAX_AGE_HOURS * 3_600_000, maxAheadMs: env.EVENT_TIME_MAX_AHEAD_SECONDS * 1000 };
}

/** The first and last hour (keys) whose arrivals can hold records timed from `from` to `to`. */
export function arrivalHours(from: Date, to: Date, window: ArrivalWindow, now = new Date()): { first: string; last: string } {
  const first = new Date(from.getTime() - window.maxAheadMs);
  const last = new Date(Math.min(now.getTime(), to.getTime() + window.maxAgeMs));
  return { first: hourKey(first), last: hourKey(last < first ? first : last) };
}

/** Whether an entry's time range meets [from, to] and its counts allow the query's levels and services. */
export function entryMayMatch(entry: ChunkEntry, query: Pick<LogQuery, 'levels' | 'services'>, from: Date, to: Date): boolean {
  if (entry.maxTs < from || entry.minTs > to) return false;
  if (query.levels.length > 0 && !entry.levels.some(([level]) => query.levels.includes(level))) return false;
  if (query.services.length > 0 && !entry.services.some(([service]) => query.services.includes(service))) return false;
  return true;
}

/** Bloom items a matching chunk must hold: each list is one requirement, any of its items meets it. */
export function requiredItems(query: Pick<LogQuery, 'text' | 'attributes'>): string[][] {
  const required: string[][] = [];
  if (query.text && query.text.length >= 3) required.push(...[...new Set(trigrams(query.text))].map((trigram) => [trigramItem(trigram)]));
  for (const { path, value } of query.attributes) {
    if (value.length > BLOOM_MAX_VALUE_LENGTH) continue;
    required.push([...new Set(attributeCandidates(value).map((candidate) => attributeItem(path, String(candidate))))]);
  }
  return required;
}

/** Of these entries, those whose range and counts, then keys (loaded only when the query needs them), allow a match in [from, to]. */
export async function chunksMayMatch(
  entries: readonly ChunkEntry[],
  query: Pick<LogQuery, 'levels' | 'services' | 'text' | 'attributes'>,
  from: Date,
  to: Date,
  keysOf: (entries: readonly ChunkEntry[]) => Promise<Map<string, ChunkKeys>>,
): Promise<ChunkEntry[]> {
  const candidates = entries.filter((entry) => entryMayMatch(entry, query, from, to));
  const required = requiredItems(query);
  if (required.length === 0) return candidates;
  const keys = await keysOf(candidates);
  return candidates.filter((entry) => bloomMayMatch(keys.get(entry.id), required));
}

/** Newest first by time, then id: the order of pages. */
export function newestFirst(a: { timestamp: Date; id: string }, b: { timestamp: Date; id: string }): number {
  return b.timestamp.getTime() - a.timestamp.getTime() || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0);
}
