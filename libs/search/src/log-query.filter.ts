// A LogQuery as a test of one record, in memory: searches filter the chunks they open with
// it, and the live tail its records, so a tail and a search with the same filters agree.
import type { AttributeFilter, LogQuery } from './log-query';
import type { PageCursor } from './page-cursor';

/** `5` also matches the number 5 and `true` the boolean: attributes keep their JSON types. */
export function attributeCandidates(value: string): unknown[] {
  const out: unknown[] = [value];
  if (/^-?\d{1,15}(\.\d{1,15})?$/.test(value)) out.push(Number(value));
  if (value === 'true' || value === 'false') out.push(value === 'true');
  return out;
}

/** Strictly older than the cursor in (timestamp desc, id desc) order. */
export function olderThanCursor(record: { timestamp: Date; id: string }, { timestamp, id }: PageCursor): boolean {
  const t = record.timestamp.getTime();
  return t < timestamp.getTime() || (t === timestamp.getTime() && record.id < id);
}

/** The fields of a processed record the in-memory match reads. */
export interface MatchableRecord {
  timestamp: Date;
  level?: string;
  service?: string;
  content?: { message?: string; attributes?: Record<string, unknown> };
}

/** A record still sealed, once opened, as the matcher reads it: its raw level, service and content. */
export const openedRecord = (timestamp: Date, content: MatchableRecord['content'] & { level?: string; service?: string }): MatchableRecord => ({
  timestamp,
  level: content?.level,
  service: content?.service,
  content,
});

export function matchesLogQuery(record: MatchableRecord, query: LogQuery): boolean {
  if (query.from && record.timestamp < query.from) return false;
  if (query.to && record.timestamp > query.to) return false;
  if (query.levels.length && !query.levels.includes(record.level ?? '')) return false;
  if (query.services.length && !query.services.includes(record.service ?? '')) return false;
  if (query.text && !(record.content?.message ?? '').toLowerCase().includes(query.text.toLowerCase())) return false;
  return query.attributes.every((filter) => attributeMatches(record.content?.attributes, filter));
}

function attributeMatches(attributes: Record<string, unknown> | undefined, { path, value }: AttributeFilter): boolean {
  let node: unknown = attributes;
  for (const key of path) {
    if (node === null || typeof node !== 'object' || Array.isArray(node)) return false;
    node = (node as Record<string, unknown>)[key];
  }
  const wanted = attributeCandidates(value);
  return Array.isArray(node) ? node.some((item) => wanted.includes(item)) : wanted.includes(node);
}
