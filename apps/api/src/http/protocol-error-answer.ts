// A refused request on a shipper's path answers in that protocol's error shape, since that is
// what its clients parse: Loki's line of text, Elasticsearch's error document (with the
// product header its clients check), HEC's `{text, code}`. Everywhere else: our JSON.
import { ELASTIC_PRODUCT_HEADER, elasticsearchErrorBody, hecErrorBody, lokiErrorBody } from '@app/ingest';

export interface ProtocolErrorAnswer {
  body: string | object;
  headers?: ReadonlyArray<readonly [string, string]>;
}

const ELASTICSEARCH_PATH = /^\/(_[^/]*|[^/]+\/_bulk)(\/|$)/;

export function protocolErrorAnswer(path: string, status: number, message: string | string[], exception: unknown): ProtocolErrorAnswer | undefined {
  const text = Array.isArray(message) ? message.join('; ') : message;
  if (path === '/loki/api/v1/push') return { body: lokiErrorBody(text) };
  if (path === '/services/collector' || path.startsWith('/services/collector/')) return { body: hecErrorBody(status, text, exception) };
  if (ELASTICSEARCH_PATH.test(path)) return { body: elasticsearchErrorBody(status, text), headers: [ELASTIC_PRODUCT_HEADER] };
  return undefined;
}
