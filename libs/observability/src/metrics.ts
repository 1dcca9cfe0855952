// Prometheus metrics, one registry per process, served at GET /metrics by both roles. Every
// label takes its values from a closed set logsieve defines (route patterns, status codes,
// outcomes, rule ids an admin created) and never from what clients send: no service names, no
// user values, no paths with ids in them.
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export const metricsRegistry = new Registry();
// Process metrics: CPU, memory, event-loop lag (`logsieve_nodejs_eventloop_lag_seconds`), GC.
collectDefaultMetrics({ register: metricsRegistry, prefix: 'logsieve_' });

const registers = [metricsRegistry];

const counter = <L extends string>(name: string, help: string, labelNames: readonly L[] = []) => new Counter<L>({ name, help, labelNames, registers });

export const httpRequests = counter('logsieve_http_requests_total', 'HTTP requests answered, by method, route pattern and status code.', ['method', 'route', 'status']);

export const httpRequestSeconds = new Histogram({
  name: 'logsieve_http_request_duration_seconds',
  help: 'Time to answer an HTTP request, by method and route pattern.',
  labelNames: ['method', 'route'] as const,
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
  registers,
});

export const ingestRecords = counter('logsieve_ingest_records_total', 'Records sent to ingest: accepted (durable), rejected (invalid, reported in the 202 or 400).', ['outcome']);

export const ingestRefusedRequests = counter('logsieve_ingest_refused_requests_total', 'Ingest requests refused whole with nothing stored, by status (413, 429 backlog, 503 store down, ...).', ['status']);

export const ingestBodyBytes = counter('logsieve_ingest_body_bytes_total', 'Bytes of ingest request bodies read (after decompression).');

export const queueJobs = new Gauge({
  name: 'logsieve_queue_jobs',
  help: 'Jobs in a queue, by state, read when scraped.',
  labelNames: ['queue', 'state'] as const,
  registers,
});

export const acceptToProcessedSeconds = new Histogram({
  name: 'logsieve_accept_to_processed_seconds',
  help: 'From a record accepted (durable) to its redacted copy stored.',
  buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300],
  registers,
});

export const recordsProcessed = counter('logsieve_records_processed_total', 'Records a worker finished: processed (redacted and stored) or failed.', ['outcome']);

export const redactions = counter('logsieve_redactions_total', 'Values redacted, by rule id.', ['rule']);

export const alertsRaised = counter('logsieve_alerts_total', 'Alerts raised, by detection rule id.', ['rule']);

export const webhookDeliveries = counter('logsieve_webhook_deliveries_total', 'Webhook delivery attempts, by result: delivered, retry (will try again) or failed (gave up).', ['result']);

export const dependencyErrors = counter('logsieve_dependency_errors_total', 'Operations that failed because MongoDB or Redis was unreachable.', ['dependency']);
