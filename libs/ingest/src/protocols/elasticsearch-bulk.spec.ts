import { LogSource } from '@app/logs';
import { IngestError } from '../ingest-error';
import { bulkResponse, elasticsearchErrorBody, parseElasticsearchBulk } from './elasticsearch-bulk';
import { thrown } from '../thrown.spec-helper';

const ndjson = (...lines: unknown[]) => Buffer.from(lines.map((line) => (typeof line === 'string' ? line : JSON.stringify(line))).join('\n') + '\n');
const minuteAgo = new Date(Math.floor((Date.now() - 60_000) / 1000) * 1000);
const failure = (fn: () => unknown) => thrown(fn, IngestError);

describe('parseElasticsearchBulk', () => {
  it('stores index and create sources, ECS fields mapped, the index kept; update and delete fail alone', () => {
    const items = parseElasticsearchBulk(
      ndjson(
        { create: { _index: 'logs-app' } },
        { '@timestamp': minuteAgo.toISOString(), message: 'payment retry', 'log.level': 'warn', service: { name: 'checkout' } },
        { delete: { _index: 'logs-app', _id: '1' } },
        { update: { _id: '2' } },
        { doc: { message: 'x' } },
        { index: {} },
        { msg: 'plain doc', level: 'error', user: 'jane' },
      ),
      'default-index',
      100,
    );
    expect(items).toEqual([
      {
        action: 'create',
        index: 'logs-app',
        log: {
          source: LogSource.Elasticsearch,
          content: { message: 'payment retry', attributes: { 'log.level': 'warn', service: { name: 'checkout' }, index: 'logs-app' }, level: 'warn', service: 'checkout' },
          timestamp: minuteAgo,
        },
      },
      { action: 'delete', index: 'logs-app', error: { status: 400, type: 'illegal_argument_exception', reason: expect.stringMatching(/delete action is not supported/) } },
      { action: 'update', index: 'default-index', error: { status: 400, type: 'illegal_argument_exception', reason: expect.stringMatching(/update action/) } },
      {
        action: 'index',
        index: 'default-index',
        log: { source: LogSource.Elasticsearch, content: { message: 'plain doc', attributes: { level: 'error', user: 'jane', index: 'default-index' }, level: 'error' }, timestamp: undefined },
      },
    ]);
  });

  it('fails an item whose source is not a JSON object, or is refused, and keeps the others', () => {
    const old = new Date(Date.now() - 30 * 24 * 3_600_000).toISOString();
    const items = parseElasticsearchBulk(ndjson({ index: {} }, 'not json', { index: {} }, { '@timestamp': old, message: 'ancient' }, { index: {} }, { message: 'ok' }), 'i', 100);
    expect(items.map((item) => item.error?.type ?? 'stored')).toEqual(['document_parsing_exception', 'document_parsing_exception', 'stored']);
    expect(items[1].error?.reason).toMatch(/hours old/);
  });

  it.each([
    ['a malformed action line', ndjson('{"index":', { message: 'x' }), /Malformed action\/metadata line \[1\]/],
    ['an unknown action', ndjson({ upsert: {} }, { message: 'x' }), /Malformed action\/metadata line \[1\]/],
    ['two actions on one line', ndjson({ index: {}, create: {} }, { message: 'x' }), /Malformed/],
    ['no index anywhere', ndjson({ index: {} }, { message: 'x' }), /index is missing on action\/metadata line \[1\]/],
    ['an action with no source', Buffer.from('{"index":{"_index":"a"}}'), /needs a source line/],
    ['no actions', Buffer.from('\n\n'), /no actions/],
  ])('refuses %s whole, as Elasticsearch does', (_, body, message) => {
    const error = failure(() => parseElasticsearchBulk(body, undefined, 100));
    expect(error.status).toBe(400);
    expect(error.message).toMatch(message);
  });

  it('refuses more actions than the batch limit', () => {
    const body = ndjson(...Array.from({ length: 3 }, () => [{ index: { _index: 'a' } }, { message: 'x' }]).flat());
    expect(failure(() => parseElasticsearchBulk(body, undefined, 2)).status).toBe(413);
  });
});

describe('bulkResponse', () => {
  it('answers each item in order, stored ones with their log ids, and says whether any failed', () => {
    const items = parseElasticsearchBulk(ndjson({ index: {} }, { message: 'a' }, { delete: { _id: '1' } }, { create: {} }, { message: 'b' }), 'i', 100);
    expect(bulkResponse(items, ['id-a', 'id-b'], 7)).toEqual({
      took: 7,
      errors: true,
      items: [
        { index: expect.objectContaining({ _index: 'i', _id: 'id-a', status: 201, result: 'created' }) },
        { delete: { _index: 'i', _id: null, status: 400, error: { type: 'illegal_argument_exception', reason: expect.any(String) } } },
        { create: expect.objectContaining({ _index: 'i', _id: 'id-b', status: 201 }) },
      ],
    });
    expect(bulkResponse(items.filter((item) => !item.error), ['x', 'y'], 1)).toMatchObject({ errors: false });
  });
});

describe('elasticsearchErrorBody', () => {
  it.each([
    [400, 'illegal_argument_exception'],
    [401, 'security_exception'],
    [413, 'content_too_long_exception'],
    [429, 'es_rejected_execution_exception'],
    [500, 'exception'],
  ])('names status %i as %s', (status, type) => {
    expect(elasticsearchErrorBody(status, 'why')).toEqual({ error: { root_cause: [{ type, reason: 'why' }], type, reason: 'why' }, status });
  });
});
