// Elasticsearch's _bulk API (POST /_bulk, /{index}/_bulk) into records, and its answers: an
// item per action with its own status, so clients (Beats, Logstash, Vector, helpers.bulk) retry
// only the items that failed. `index` and `create` store their source; logsieve stores a log
// once, so `update` and `delete` fail alone. The source is read in its logger's shape (ECS for
// Beats and Logstash) or leniently; the index is kept as the attribute `index`.
import { LogSource } from '@app/logs';
import { IngestError } from '../ingest-error';
import { RecordError, type IncomingLog } from '../normalise-log';
import { jsonDepthExceeds, MAX_JSON_DEPTH } from '../record-limits';
import { documentRecord, isPlainObject } from './shipped-record';

/** The header Elasticsearch's clients check on every answer, errors included. */
export const ELASTIC_PRODUCT_HEADER = ['X-Elastic-Product', 'Elasticsearch'] as const;

const ACTIONS = new Set(['index', 'create', 'update', 'delete']);
type Action = 'index' | 'create' | 'update' | 'delete';

export interface BulkItemError {
  status: number;
  type: string;
  reason: string;
}

export interface BulkItem {
  action: Action;
  index: string;
  /** The record to store, or why this item fails. */
  log?: IncomingLog;
  error?: BulkItemError;
}

/** The actions of a bulk body; throws IngestError (answered as Elasticsearch's error) for a malformed one. */
export function parseElasticsearchBulk(body: Buffer, pathIndex: string | undefined, maxRecords: number): BulkItem[] {
  const lines = body.toString('utf8').split('\n');
  if (lines.at(-1)?.trim() === '') lines.pop();
  const items: BulkItem[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (lines[i].trim() === '') continue;
    const { action, index } = actionOf(lines[i], i + 1, pathIndex);
    if (action === 'delete') {
      items.push({ action, index, error: unsupported(action) });
      continue;
    }
    if (i + 1 >= lines.length) throw new IngestError(400, `The bulk request must be terminated by a newline, and action line [${i + 1}] needs a source line after it`);
    const source = lines[++i];
    items.push(action === 'update' ? { action, index, error: unsupported(action) } : { action, index, ...sourceRecord(source, index) });
  }
  if (items.length === 0) throw new IngestError(400, 'The bulk request holds no actions');
  if (items.length > maxRecords) throw new IngestError(413, `The bulk request holds ${items.length} actions; the limit is ${maxRecords}`);
  return items;
}

function actionOf(line: string, number: number, pathIndex: string | undefined): { action: Action; index: string } {
  const parsed = jsonObject(line);
  const keys = parsed ? Object.keys(parsed) : [];
  if (!parsed || keys.length !== 1 || !ACTIONS.has(keys[0]) || !isPlainObject(parsed[keys[0]])) {
    throw new IngestError(400, `Malformed action/metadata line [${number}]: expected one of index, create, update or delete with an object`);
  }
  const action = keys[0] as Action;
  const index = (parsed[action] as { _index?: unknown })._index ?? pathIndex;
  if (typeof index !== 'string' || index === '') throw new IngestError(400, `Validation Failed: index is missing on action/metadata line [${number}]`);
  return { action, index };
}

function sourceRecord(line: string, index: string): { log?: IncomingLog; error?: BulkItemError } {
  const source = jsonObject(line);
  if (!source) return { error: { status: 400, type: 'document_parsing_exception', reason: 'failed to parse: the source is not a JSON object' } };
  try {
    return { log: documentRecord(source, LogSource.Elasticsearch, { attributes: { index } }) };
  } catch (error) {
    if (!(error instanceof RecordError)) throw error;
    return { error: { status: 400, type: 'document_parsing_exception', reason: error.message } };
  }
}

function jsonObject(line: string): Record<string, unknown> | undefined {
  if (jsonDepthExceeds(line, MAX_JSON_DEPTH)) return undefined;
  try {
    const value: unknown = JSON.parse(line);
    return isPlainObject(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

function unsupported(action: Action): BulkItemError {
  return { status: 400, type: 'illegal_argument_exception', reason: `logsieve stores each log once: the ${action} action is not supported` };
}

/** The bulk response: items in request order, stored ones with their log ids (`logIds` follows the items that had a record). */
export function bulkResponse(items: readonly BulkItem[], logIds: readonly string[], tookMs: number): object {
  let stored = 0;
  const answered = items.map((item) => {
    if (item.error) return { [item.action]: { _index: item.index, _id: null, status: item.error.status, error: { type: item.error.type, reason: item.error.reason } } };
    const id = logIds[stored++];
    return {
      [item.action]: { _index: item.index, _id: id, _version: 1, result: 'created', _shards: { total: 1, successful: 1, failed: 0 }, _seq_no: 0, _primary_term: 1, status: 201 },
    };
  });
  return { took: tookMs, errors: items.some((item) => item.error), items: answered };
}

const ERROR_TYPES: Record<number, string> = {
  400: 'illegal_argument_exception',
  401: 'security_exception',
  403: 'security_exception',
  404: 'resource_not_found_exception',
  413: 'content_too_long_exception',
  415: 'media_type_header_exception',
  429: 'es_rejected_execution_exception',
  503: 'unavailable_shards_exception',
};

/** Elasticsearch's error document for a request refused whole. */
export function elasticsearchErrorBody(status: number, reason: string): object {
  const type = ERROR_TYPES[status] ?? 'exception';
  return { error: { root_cause: [{ type, reason }], type, reason }, status };
}

/** What `GET /` answers: enough of a cluster's identity that Beats, Logstash and the clients carry on. */
export function elasticsearchRoot(version: string): object {
  return {
    name: 'logsieve',
    cluster_name: 'logsieve',
    cluster_uuid: 'logsieve',
    version: {
      number: version,
      build_flavor: 'default',
      build_type: 'docker',
      lucene_version: '9.12.0',
      minimum_wire_compatibility_version: '7.17.0',
      minimum_index_compatibility_version: '7.0.0',
    },
    tagline: 'You Know, for Search',
  };
}
