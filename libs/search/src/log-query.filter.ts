// A LogQuery as a MongoDB filter over stored records, and the same test in memory for the
// live tail, so a tail and a search with the same filters agree.
import type { AttributeFilter, LogQuery } from './log-query';
import type { PageCursor } from './page-cursor';
import { Types } from 'mongoose';

const escapeRegex = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** `5` also matches the number 5 and `true` the boolean: attributes keep their JSON types. */
function candidates(value: string): unknown[] {
  const out: unknown[] = [value];
  if (/^-?\d{1,15}(\.\d{1,15})?$/.test(value)) out.push(Number(value));
  if (value === 'true' || value === 'false') out.push(value === 'true');
  return out;
}

export function toMongoFilter(query: LogQuery): Record<string, unknown> {
  const filter: Record<string, unknown> = {};
  const timestamp: Record<string, Date> = {};
  if (query.from) timestamp.$gte = query.from;
  if (query.to) timestamp.$lte = query.to;
  if (Object.keys(timestamp).length) filter.timestamp = timestamp;
  if (query.levels.length) filter.level = { $in: query.levels };
  if (query.services.length) filter.service = { $in: query.services };
  if (query.text) filter['content.message'] = { $regex: escapeRegex(query.text), $options: 'i' };
  for (const { path, value } of query.attributes) {
    // Path keys hold no `.` or `$` (parseLogQuery refuses them), so they are stored as they are.
    filter[['content', 'attributes', ...path].join('.')] = { $in: candidates(value) };
  }
  if (query.after) Object.assign(filter, olderThan(query.after));
  return filter;
}

/** Strictly older than the cursor in (timestamp desc, _id desc) order. */
function olderThan({ timestamp, id }: PageCursor): Record<string, unknown> {
  return { $or: [{ timestamp: { $lt: timestamp } }, { timestamp, _id: { $lt: new Types.ObjectId(id) } }] };
}

/** The fields of a processed record the in-memory match reads. */
export interface MatchableRecord {
  timestamp: Date;
  level?: string;
  service?: string;
  content?: { message?: string; attributes?: Record<string, unknown> };
}

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
  const wanted = candidates(value);
  return Array.isArray(node) ? node.some((item) => wanted.includes(item)) : wanted.includes(node);
}
