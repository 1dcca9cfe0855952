// The filters of GET /logs, /logs/stream and /stats, parsed from query parameters. Every
// value is checked to be a plain string (or a list of them) here, so nothing a client sends
// reaches MongoDB as an operator: `?level[$ne]=x` and `level=...&level[x]=` are refused.
import { LogStatus as QueryStatus } from '@app/logs';
import { decodeCursor, type PageCursor } from './page-cursor';
import { parseTimeBound } from './time-bound';

/** Which records: processed (the default), or failed or pending ones (status and times only). */
export { LogStatus as QueryStatus } from '@app/logs';

export interface AttributeFilter {
  /** Path inside `attributes`, one key per segment. */
  path: string[];
  value: string;
}

export interface LogQuery {
  from?: Date;
  to?: Date;
  levels: string[];
  services: string[];
  status: QueryStatus;
  /** Case-insensitive substring of the message, matched literally. */
  text?: string;
  attributes: AttributeFilter[];
  limit: number;
  after?: PageCursor;
}

export class QueryError extends Error {}

export const MAX_PAGE = 1000;
export const DEFAULT_PAGE = 100;
const MAX_VALUES = 20;
const KNOWN = new Set(['from', 'to', 'level', 'service', 'status', 'q', 'limit', 'cursor']);
const LEVEL = /^[A-Za-z]{1,16}$/;
/** A key of an attribute path: 1-64 characters, no `.` (the separator), `$`, space or control character (NUL included). */
const ATTRIBUTE_KEY = /^[^.$\s\u0000-\u001f\u007f]{1,64}$/;

export interface QueryParseOptions {
  now?: Date;
  /** Parameters the caller reads itself (e.g. `format`, `bucket`); not refused as unknown. */
  extra?: readonly string[];
}

export function parseLogQuery(params: Record<string, unknown>, { now = new Date(), extra = [] }: QueryParseOptions = {}): LogQuery {
  const query: LogQuery = { levels: [], services: [], status: QueryStatus.Processed, attributes: [], limit: DEFAULT_PAGE };
  for (const [name, raw] of Object.entries(params)) {
    const values = plainValues(name, raw);
    if (name.startsWith('attr.')) {
      query.attributes.push(...values.map((value) => ({ path: attributePath(name), value })));
      continue;
    }
    if (extra.includes(name)) continue;
    if (!KNOWN.has(name)) throw new QueryError(`Unknown query parameter "${name.slice(0, 40)}"; filters are from, to, level, service, status, q, attr.<path>, limit, cursor`);
    const single = () => {
      if (values.length > 1) throw new QueryError(`"${name}" may be given once`);
      return values[0];
    };
    switch (name) {
      case 'from':
      case 'to': {
        const date = parseTimeBound(single(), now);
        if (!date) throw new QueryError(`"${name}" must be an ISO 8601 time or a duration back from now such as 15m, 2h or 7d`);
        query[name] = date;
        break;
      }
      case 'level':
        if (!values.every((v) => LEVEL.test(v))) throw new QueryError('"level" must be a word of 1-16 letters');
        query.levels.push(...values.map((v) => v.toLowerCase()));
        break;
      case 'service':
        if (!values.every((v) => v.length > 0 && v.length <= 128)) throw new QueryError('"service" must be 1-128 characters');
        query.services.push(...values);
        break;
      case 'status': {
        const status = single();
        if (!Object.values(QueryStatus).includes(status as QueryStatus)) throw new QueryError('"status" must be processed, failed or pending');
        query.status = status as QueryStatus;
        break;
      }
      case 'q': {
        const text = single();
        if (text.length < 1 || text.length > 200) throw new QueryError('"q" must be 1-200 characters');
        query.text = text;
        break;
      }
      case 'limit':
        query.limit = parsePageLimit(single());
        break;
      case 'cursor':
        query.after = parsePageCursor(single());
        break;
    }
  }
  if (query.levels.length > MAX_VALUES || query.services.length > MAX_VALUES || query.attributes.length > MAX_VALUES) {
    throw new QueryError(`At most ${MAX_VALUES} values per filter`);
  }
  if (query.from && query.to && query.from > query.to) throw new QueryError('"from" must not be after "to"');
  if (query.status !== QueryStatus.Processed && (query.text || query.attributes.length || query.levels.length || query.services.length)) {
    throw new QueryError('Only processed logs can be filtered by content (q, level, service, attr.*): the others are not redacted yet');
  }
  return query;
}

/**
 * A query parameter's values, refusing anything but plain strings, so no operator object
 * (`?x[$gt]=` under an extended parser) goes further. Absent is none.
 */
export function plainValues(name: string, raw: unknown): string[] {
  if (raw === undefined) return [];
  const values = Array.isArray(raw) ? raw : [raw];
  if (!values.every((v): v is string => typeof v === 'string')) throw new QueryError(`"${name.slice(0, 40)}" must be a plain value, not an object`);
  return values;
}

/** `limit`: a page size from 1 to MAX_PAGE. */
export function parsePageLimit(value: string): number {
  const limit = Number(value);
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE) throw new QueryError(`"limit" must be a whole number from 1 to ${MAX_PAGE}`);
  return limit;
}

/** `cursor`: the `next` of an earlier page. */
export function parsePageCursor(value: string): PageCursor {
  const cursor = decodeCursor(value);
  if (!cursor) throw new QueryError('"cursor" is not a cursor this API returned');
  return cursor;
}

/** A parameter name as it may be echoed: control characters shown as escapes. */
const printable = (text: string) => text.replace(/[\u0000-\u001f\u007f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);

function attributePath(name: string): string[] {
  const path = name.slice('attr.'.length).split('.');
  if (path.length > 8 || !path.every((key) => ATTRIBUTE_KEY.test(key))) {
    throw new QueryError(`"${printable(name.slice(0, 40))}": attr.<path> takes up to 8 dot-separated keys of 1-64 characters, without $, spaces or control characters`);
  }
  return path;
}
