// Which chunks a query must open, decided without opening any: the hours whose arrivals can
// hold its time range (the event-time window bounds how late or early a record arrives), the
// entries whose time range overlaps it and whose counts allow its levels and services, and
// those whose bloom may hold its words and attribute values. Pure.
import { attributeItem, BLOOM_MAX_VALUE_LENGTH, bloomMayMatch, hourKey, trigramItem, trigrams, type ChunkEntry, type ChunkKeys } from '@app/logs';
import { attributeCandidates } from './log-query.filter';
import type { LogQuery } from './log-query';

export interface ArrivalWindow {
  /** How far back from its arrival a record's time may be. */
  maxAgeMs: number;
  /** How far ahead of its arrival a record's time may be. */
  maxAheadMs: number;
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

/** Whether a chunk's keys allow the query's words and attribute values. */
export const keysMayMatch = (keys: ChunkKeys | undefined, required: ReadonlyArray<readonly string[]>): boolean => bloomMayMatch(keys, required);

/** Newest first by time, then id: the order of pages. */
export function newestFirst(a: { timestamp: Date; id: string }, b: { timestamp: Date; id: string }): number {
  return b.timestamp.getTime() - a.timestamp.getTime() || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0);
}
